using System.Text.RegularExpressions;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Usps;

namespace CarrierLink.Carriers.Catalog;

/// <summary>Where an account detail lives in <see cref="CarrierAccountIdentity"/>.</summary>
public enum IdentityPart { AccountNumber, SubAccount, Detail }

/// <summary>
/// One account number a merchant may have to type in because the carrier's sign-in does not name it (USPS's
/// token claims are unpublished): its form name, label, where to find it, and the rule it must follow.
/// <paramref name="DefaultsTo"/> names the field an empty optional value falls back to (USPS: the manifest MID is the MID).
/// </summary>
public sealed record AccountDetailField(
    string Key, string Label, string Hint, IdentityPart Part, string Pattern, string Rule, string? DefaultsTo = null)
{
    public bool Required => DefaultsTo is null;

    public bool Accepts(string value) => Regex.IsMatch(value, Pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    public string? ValueIn(CarrierAccountIdentity? identity) => identity is null ? null : Part switch
    {
        IdentityPart.AccountNumber => identity.AccountNumber,
        IdentityPart.SubAccount => identity.SubAccount,
        _ => identity.Detail(Key),
    };
}

/// <summary>The account details each carrier may need from the merchant, as data.</summary>
public static class AccountDetailFields
{
    /// <summary>
    /// USPS's payment authorization names the label owner (CRID, MID, manifest MID) and the payer (EPS account);
    /// USPS sends them to a business in its "Business Account Access" email and shows them on the Business Customer
    /// Gateway. Patterns follow usps-payments_6.yaml (CRID is numeric, at most 18; MIDs are 6 or 9 digits).
    /// </summary>
    public static readonly IReadOnlyList<AccountDetailField> Usps =
    [
        new("crid", "CRID", "Customer Registration ID, in USPS's Business Account Access email and on the Business Customer Gateway.",
            IdentityPart.AccountNumber, @"^\d{2,18}$", "2 to 18 digits"),
        new("mid", "MID", "Mailer ID (the Master Mailer ID on the Business Customer Gateway).",
            IdentityPart.SubAccount, @"^(\d{6}|\d{9})$", "6 or 9 digits"),
        new(UspsIdentity.ManifestMid, "Manifest MID", "The Label Mailer ID. Leave it empty when it is the same as the MID.",
            IdentityPart.Detail, @"^(\d{6}|\d{9})$", "6 or 9 digits", DefaultsTo: "mid"),
        new(UspsIdentity.PaymentAccountNumber, "EPS account number", "The Enterprise Payment System account that pays for postage.",
            IdentityPart.Detail, @"^\d{1,20}$", "digits only, at most 20"),
    ];

    /// <summary>
    /// UPS's token names no account: the shipper number (6 letters and digits, on the UPS invoice and in the UPS.com
    /// account summary) goes on every rating, shipping and pickup request, and UPS refuses one the login may not use.
    /// </summary>
    public static readonly IReadOnlyList<AccountDetailField> Ups =
    [
        new("shipper_number", "UPS account number", "The 6-character shipper number on your UPS invoices and in your UPS.com account summary.",
            IdentityPart.AccountNumber, @"^[A-Za-z0-9]{6}$", "6 letters or digits"),
    ];

    /// <summary>
    /// The identity a merchant's entries make, with their field errors (empty when every field is right).
    /// Values are trimmed; an empty optional field takes the value of the field it defaults to.
    /// </summary>
    public static (CarrierAccountIdentity? Identity, Dictionary<string, string[]> Errors) Build(
        IReadOnlyList<AccountDetailField> fields, IReadOnlyDictionary<string, string?> entered)
    {
        var errors = new Dictionary<string, string[]>();
        var values = new Dictionary<string, string>();
        foreach (var field in fields)
        {
            var value = entered.GetValueOrDefault(field.Key)?.Trim() ?? "";
            if (value.Length == 0 && !field.Required) continue;
            if (value.Length == 0) errors[field.Key] = [$"{field.Label} is required."];
            else if (!field.Accepts(value)) errors[field.Key] = [$"{field.Label} must be {field.Rule}."];
            else values[field.Key] = value;
        }
        if (errors.Count > 0) return (null, errors);

        foreach (var field in fields.Where(f => !values.ContainsKey(f.Key) && f.DefaultsTo is not null))
            values[field.Key] = values[field.DefaultsTo!];
        string? Part(IdentityPart part) => fields.Where(f => f.Part == part).Select(f => values.GetValueOrDefault(f.Key)).FirstOrDefault();
        var details = fields.Where(f => f.Part == IdentityPart.Detail && values.ContainsKey(f.Key)).ToDictionary(f => f.Key, f => values[f.Key]);
        return (new CarrierAccountIdentity(Part(IdentityPart.AccountNumber)!, Part(IdentityPart.SubAccount), details), errors);
    }
}
