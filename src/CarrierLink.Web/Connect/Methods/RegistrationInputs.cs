using System.Text.RegularExpressions;
using CarrierLink.Carriers.Registration;

namespace CarrierLink.Web.Connect.Methods;

/// <summary>
/// The registration form (FedEx): the account number and the name and address the carrier has on file for it, checked
/// here for shape so the carrier is asked only with something it could accept. The address is not a secret and stays
/// with the account, so a reconnect form starts filled in.
/// </summary>
public static partial class RegistrationInputs
{
    public static readonly IReadOnlyList<ConnectField> Fields =
    [
        new("account_number", "FedEx account number", "The 9-digit number on your FedEx invoices and in your fedex.com account.", FixedOnReconnect: true),
        new("customer_name", "Name on the account", "The person or company name FedEx has for the account (at most 50 characters).", Autocomplete: "organization"),
        new("street", "Street address", "The account's billing address, as on your FedEx invoice.", Autocomplete: "address-line1"),
        new("city", "City", "", Autocomplete: "address-level2"),
        new("state", "State", "Two letters, e.g. TN.", Autocomplete: "address-level1"),
        new("postal_code", "ZIP code", "", Autocomplete: "postal-code"),
        new("country_code", "Country", "Two letters; US when left empty.", Required: false, Autocomplete: "country"),
    ];

    /// <summary>The details kept with the account (all but the account number, which is the account's own id).</summary>
    public static readonly string[] KeptDetails = ["customer_name", "street", "city", "state", "postal_code", "country_code"];

    public static (AccountRegistration? Registration, string? Field, string? Message) Read(ConnectInput input)
    {
        string Text(string key) => input[key]?.Trim() ?? "";
        var number = Text("account_number");
        if (!AccountNumber().IsMatch(number)) return (null, "account_number", "FedEx account number must be 9 digits.");
        var name = Text("customer_name");
        if (name.Length is 0 or > 50) return (null, "customer_name", "Name on the account is required (at most 50 characters).");
        var street = Text("street");
        if (street.Length is 0 or > 100) return (null, "street", "Street address is required (at most 100 characters).");
        var city = Text("city");
        if (city.Length is 0 or > 50) return (null, "city", "City is required (at most 50 characters).");
        var state = Text("state").ToUpperInvariant();
        if (!TwoLetters().IsMatch(state)) return (null, "state", "State must be two letters.");
        var postal = Text("postal_code");
        if (!PostalCode().IsMatch(postal)) return (null, "postal_code", "ZIP code must be 5 digits, or 5+4.");
        var country = Text("country_code").ToUpperInvariant();
        if (country.Length == 0) country = "US";
        if (!TwoLetters().IsMatch(country)) return (null, "country_code", "Country must be two letters.");
        if (new[] { name, street, city }.Any(v => v.Any(char.IsControl))) return (null, "customer_name", "The name and address must not contain control characters.");
        return (new AccountRegistration(number, name, new RegistrationAddress([street], city, state, postal, country)), null, null);
    }

    public static Dictionary<string, string> Details(AccountRegistration registration) => new()
    {
        ["customer_name"] = registration.CustomerName,
        ["street"] = registration.Address.StreetLines[0],
        ["city"] = registration.Address.City,
        ["state"] = registration.Address.StateOrProvinceCode,
        ["postal_code"] = registration.Address.PostalCode,
        ["country_code"] = registration.Address.CountryCode,
    };

    [GeneratedRegex(@"^\d{9}$")] private static partial Regex AccountNumber();
    [GeneratedRegex(@"^[A-Z]{2}$")] private static partial Regex TwoLetters();
    [GeneratedRegex(@"^\d{5}(-\d{4})?$")] private static partial Regex PostalCode();
}
