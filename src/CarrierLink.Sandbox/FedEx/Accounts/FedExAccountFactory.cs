using System.Security.Cryptography;

namespace CarrierLink.Sandbox.FedEx.Accounts;

/// <summary>
/// Sandbox data rules (invented: FedEx publishes none). A new account gets FedEx's own example address
/// (Collierville, TN), a phone and email unless its MFA is "invoice", and two invoices: one 12 days old
/// (good proof) and one 120 days old (too old: FedEx accepts invoices of the last 90 days).
/// </summary>
public static class FedExAccountFactory
{
    public static readonly FedExAddress DefaultAddress = new(["20 FED EX PKWY"], "COLLIERVILLE", "TN", "38017", "US", Residential: false);

    public static FedExAccount Create(string accountNumber, string mfa, DateOnly today, string? customerName = null) => new(
        accountNumber,
        customerName ?? $"Sandbox Shipper {accountNumber[^4..]}",
        DefaultAddress,
        Email: mfa == FedExMfa.Invoice ? null : $"shipping.{accountNumber}@example.test",
        Phone: mfa == FedExMfa.Invoice ? null : "90155" + accountNumber[^5..],
        mfa,
        [
            new FedExInvoice(InvoiceNumber(), today.AddDays(-12), 212.48m, "USD"),
            new FedExInvoice(InvoiceNumber(), today.AddDays(-120), 87.15m, "USD"),
        ]);

    /// <summary>A 9-digit FedEx account number (not starting with 0).</summary>
    public static string NewAccountNumber() => RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsAccountNumber(string? value) => value is { Length: 9 } && value.All(char.IsAsciiDigit);

    private static long InvoiceNumber() => RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000);
}

/// <summary>What a new FedEx customer is made with; the rest follows <see cref="FedExAccountFactory"/>.</summary>
public sealed record FedExSetup(string Mfa, string? CustomerName = null);
