namespace CarrierLink.Sandbox.Usps;

public static class UspsScopes
{
    /// <summary>What a platform gets by default, in USPS's order.</summary>
    public const string All = "addresses prices labels payments pickup scan-forms tracking";

    /// <summary>The scope to put in a token: all of <paramref name="granted"/>, or the requested subset of it; null when the request asks for more.</summary>
    public static string? Narrow(string granted, string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested)) return granted;
        var allowed = granted.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var asked = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        return asked.All(s => allowed.Contains(s, StringComparer.Ordinal)) ? string.Join(' ', asked) : null;
    }
}
