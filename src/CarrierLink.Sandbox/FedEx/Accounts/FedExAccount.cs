namespace CarrierLink.Sandbox.FedEx.Accounts;

/// <summary>The address FedEx has on file for an account (the AddressVO of the registration API).</summary>
public sealed record FedExAddress(IReadOnlyList<string> StreetLines, string City, string StateOrProvinceCode, string PostalCode, string CountryCode, bool Residential);

/// <summary>An invoice FedEx sent the account: what the invoice proof of a registration is matched against.</summary>
public sealed record FedExInvoice(long Number, DateOnly Date, decimal Amount, string Currency);

/// <summary>How FedEx checks that the person registering owns the account (a sandbox setting per account).</summary>
public static class FedExMfa
{
    /// <summary>Keys are issued at once, on account number and address alone.</summary>
    public const string None = "none";

    /// <summary>A PIN by SMS, CALL or EMAIL, or an invoice (FedEx's own example offers both).</summary>
    public const string Pin = "pin";

    /// <summary>No phone or email on file: an invoice is the only proof.</summary>
    public const string Invoice = "invoice";

    public static IReadOnlyList<string> All { get; } = [None, Pin, Invoice];
}

/// <summary>
/// A FedEx customer account as the sandbox holds it. The account number is also the sandbox customer's username.
/// Email and phone are where a PIN goes; the registration API shows them masked only.
/// </summary>
public sealed record FedExAccount(
    string AccountNumber,
    string CustomerName,
    FedExAddress Address,
    string? Email,
    string? Phone,
    string Mfa,
    IReadOnlyList<FedExInvoice> Invoices)
{
    /// <summary>"PU***@S***.COM", as FedEx's mfaOptions example masks an address.</summary>
    public string? MaskedEmail => Email is null ? null : MaskEmail(Email);

    /// <summary>"***-***-4222", as FedEx's mfaOptions example masks a number.</summary>
    public string? MaskedPhone => Phone is { Length: >= 4 } ? $"***-***-{Phone[^4..]}" : null;

    private static string MaskEmail(string email)
    {
        var at = email.IndexOf('@');
        if (at < 1) return "***";
        var local = email[..at];
        var domain = email[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        var host = dot > 0 ? domain[..dot] : domain;
        var tld = dot > 0 ? domain[dot..] : "";
        return $"{local[..Math.Min(2, local.Length)]}***@{host[..Math.Min(1, host.Length)]}***{tld}".ToUpperInvariant();
    }
}
