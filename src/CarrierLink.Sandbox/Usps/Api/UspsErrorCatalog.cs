namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>One row of USPS's error inventory: the code, the parameter it names and the message, word for word.</summary>
public sealed record UspsErrorEntry(string Code, string Parameter, string Message);

/// <summary>
/// The USPS error codes the sandbox answers with, loaded from usps-errors.tsv: rows copied verbatim from USPS's
/// published "API Error Consolidated List", so messages read exactly as the carrier's (typos and placeholders included).
/// </summary>
public static class UspsErrorCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, UspsErrorEntry>> Entries = new(Load);

    public static UspsErrorEntry Get(string code) =>
        Entries.Value.TryGetValue(code, out var entry) ? entry : throw new KeyNotFoundException($"USPS error {code} is not in usps-errors.tsv.");

    /// <summary>
    /// A 400 item for <paramref name="code"/>. Placeholders in USPS's text (&lt;role&gt;, [barcode of request], %s ...)
    /// are filled from <paramref name="fill"/>; <paramref name="parameter"/> overrides the inventory's parameter column.
    /// </summary>
    public static object Item(string code, IReadOnlyDictionary<string, string>? fill = null, string? parameter = null, string? example = null)
    {
        var entry = Get(code);
        var message = entry.Message;
        foreach (var (placeholder, value) in fill ?? new Dictionary<string, string>()) message = message.Replace(placeholder, value, StringComparison.Ordinal);
        return UspsErrors.ValidationItem(code, message, message, parameter ?? entry.Parameter, example);
    }

    private static IReadOnlyDictionary<string, UspsErrorEntry> Load()
    {
        using var stream = typeof(UspsErrorCatalog).Assembly.GetManifestResourceStream("CarrierLink.Sandbox.usps-errors.tsv")
            ?? throw new InvalidOperationException("The embedded usps-errors.tsv is missing.");
        using var reader = new StreamReader(stream);
        var entries = new Dictionary<string, UspsErrorEntry>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Length == 0) continue;
            var columns = line.Split('\t');
            entries.TryAdd(columns[4], new UspsErrorEntry(columns[4], columns[5].Trim(), columns[6].Trim()));
        }
        return entries;
    }
}
