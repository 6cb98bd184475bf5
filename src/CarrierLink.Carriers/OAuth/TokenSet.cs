namespace CarrierLink.Carriers.OAuth;

/// <summary>Which carrier account a grant belongs to (for USPS: the CRID and MID).</summary>
/// <param name="Details">Further non-secret ids a carrier needs on calls (USPS: manifest MID, EPS account).</param>
public sealed record CarrierAccountIdentity(string AccountNumber, string? SubAccount, IReadOnlyDictionary<string, string>? Details = null)
{
    public string? Detail(string name) => Details is not null && Details.TryGetValue(name, out var value) ? value : null;

    /// <summary>Shows only the last digits, for pages and API responses.</summary>
    public string Masked() => $"{Mask(AccountNumber)}{(SubAccount is null ? "" : " / " + Mask(SubAccount))}";

    private static string Mask(string value) =>
        value.Length <= 4 ? new string('*', value.Length) : new string('*', value.Length - 4) + value[^4..];
}

/// <summary>A grant as the token endpoint returned it. ToString is redacted so it never reaches a log.</summary>
public sealed record TokenSet(
    string AccessToken,
    DateTimeOffset AccessTokenExpiresAt,
    string? RefreshToken,
    DateTimeOffset? RefreshTokenExpiresAt,
    CarrierAccountIdentity? Identity)
{
    /// <summary>
    /// Who signed in at the carrier (the token's sub), when the carrier says. A grant naming a user but no account
    /// (USPS's claims may not carry the account numbers) is still a grant: the merchant enters the numbers.
    /// </summary>
    public string? Subject { get; init; }

    public override string ToString() =>
        $"TokenSet(access expires {AccessTokenExpiresAt:O}, refresh {(RefreshToken is null ? "none" : "present")}, account {Identity?.Masked() ?? "unknown"})";
}

/// <summary>What the carrier's consent page needs from us.</summary>
public sealed record AuthorizationRequest(string State, Uri RedirectUri, string? CodeChallenge);
