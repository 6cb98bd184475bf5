using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CarrierLink.Web.Security;

/// <summary>
/// Text with control characters (NUL above all, which PostgreSQL refuses with a 500 and SQLite stores silently) is
/// not input CarrierLink takes anywhere: it is refused with a 400 naming the field (issue 13, finding 1). Tab, line
/// feed and carriage return stay allowed (a support message has lines); the field's own rules decide beyond that.
/// </summary>
public static class ControlCharacters
{
    private static readonly SearchValues<char> Refused = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");

    public const string Reason = "must not contain control characters";

    public static bool Has(ReadOnlySpan<char> text) => text.ContainsAny(Refused);

    /// <summary>Text from elsewhere (a carrier's error message) made safe to store and show: each control character becomes a space.</summary>
    public static string? Clean(string? text)
    {
        if (text is null || !Has(text)) return text;
        return string.Create(text.Length, text, static (span, source) =>
        {
            source.AsSpan().CopyTo(span);
            for (var i = 0; i < span.Length; i++) if (Refused.Contains(span[i])) span[i] = ' ';
        });
    }

    /// <summary>Every JSON string CarrierLink reads goes through this: one with a control character fails to bind, at its path.</summary>
    public sealed class RefusingConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = reader.GetString();
            return value is not null && Has(value) ? throw new ControlCharacterException() : value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>Thrown while reading JSON; System.Text.Json sets the path of the field on it.</summary>
    public sealed class ControlCharacterException() : JsonException(Reason);
}
