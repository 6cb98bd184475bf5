using System.Globalization;
using System.Text.RegularExpressions;
using CarrierLink.Carriers.Registration;

namespace CarrierLink.Web.Connect.Methods;

/// <summary>The proof step's inputs: a PIN method (method), the PIN (pin), or an invoice (invoice_number, invoice_date, invoice_amount, invoice_currency).</summary>
public static partial class ProofInputs
{
    public static readonly string[] PinMethods = [MfaMethods.Sms, MfaMethods.Call, MfaMethods.Email];

    public static string? PinMethod(ConnectInput input) =>
        input["method"]?.Trim().ToUpperInvariant() is { } method && PinMethods.Contains(method) ? method : null;

    public static bool IsPin(string pin) => Pin().IsMatch(pin.Trim());

    public static bool HasInvoice(ConnectInput input) => !string.IsNullOrWhiteSpace(input["invoice_number"]);

    /// <summary>FedEx takes invoices of the last 90 days; an older one is refused here with the reason, before asking.</summary>
    public static (InvoiceProof? Invoice, string? Field, string? Message) Invoice(ConnectInput input, DateOnly today)
    {
        if (!long.TryParse(input["invoice_number"]?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return (null, "invoice_number", "The invoice number is digits only.");
        if (!DateOnly.TryParseExact(input["invoice_date"]?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return (null, "invoice_date", "The invoice date must be a date (YYYY-MM-DD).");
        if (date > today || date < today.AddDays(-90))
            return (null, "invoice_date", "Use an invoice from the last 90 days.");
        if (!decimal.TryParse(input["invoice_amount"]?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
            return (null, "invoice_amount", "The invoice amount is a number such as 125.40.");
        var currency = (input["invoice_currency"]?.Trim() ?? "").ToUpperInvariant();
        if (currency.Length == 0) currency = "USD";
        if (!Currency().IsMatch(currency)) return (null, "invoice_currency", "The currency is three letters, such as USD.");
        return (new InvoiceProof(number, date, amount, currency), null, null);
    }

    [GeneratedRegex(@"^\d{6}$")] private static partial Regex Pin();
    [GeneratedRegex(@"^[A-Z]{3}$")] private static partial Regex Currency();
}
