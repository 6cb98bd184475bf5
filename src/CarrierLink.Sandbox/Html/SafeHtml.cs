using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace CarrierLink.Sandbox.Html;

/// <summary>
/// A piece of HTML that is safe to write. Build it with <c>SafeHtml.Of($"...")</c>: every hole is HTML-encoded
/// unless it is itself <see cref="SafeHtml"/>, so forgetting to encode is not possible.
/// </summary>
public readonly record struct SafeHtml(string Value)
{
    public static SafeHtml Empty { get; } = new("");

    public static SafeHtml Of([InterpolatedStringHandlerArgument] ref HtmlInterpolatedStringHandler handler) => new(handler.ToStringAndClear());

    public static SafeHtml Join(IEnumerable<SafeHtml> parts) => new(string.Concat(parts.Select(p => p.Value)));

    public static SafeHtml When(bool condition, SafeHtml html) => condition ? html : Empty;

    public override string ToString() => Value ?? "";
}

[InterpolatedStringHandler]
public ref struct HtmlInterpolatedStringHandler
{
    private readonly StringBuilder builder;

    public HtmlInterpolatedStringHandler(int literalLength, int formattedCount) =>
        builder = new StringBuilder(literalLength + (formattedCount * 16));

    public readonly void AppendLiteral(string value) => builder.Append(value);

    public readonly void AppendFormatted(SafeHtml value) => builder.Append(value.Value);

    public readonly void AppendFormatted(string? value) => builder.Append(HtmlEncoder.Default.Encode(value ?? ""));

    public readonly void AppendFormatted<T>(T value) =>
        builder.Append(HtmlEncoder.Default.Encode(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));

    internal readonly string ToStringAndClear()
    {
        var text = builder.ToString();
        builder.Clear();
        return text;
    }
}
