using System.Globalization;
using System.Text.RegularExpressions;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Web.Shipping;

// The contract's request bodies as they arrive (everything optional), and their validation into the
// carrier-neutral requests. Field names in errors are the contract's snake_case names.

public sealed record AddressInput(string? Name, string? Company, string? Street1, string? Street2, string? City, string? State, string? Zip, string? Country, string? Phone);

public sealed record RatesInput(string? FromZip, string? ToZip, decimal? WeightOz, decimal? LengthIn, decimal? WidthIn, decimal? HeightIn, string? MailClass);

public sealed record LabelInput(AddressInput? FromAddress, AddressInput? ToAddress, decimal? WeightOz, string? MailClass, decimal? LengthIn, decimal? WidthIn, decimal? HeightIn, string? MailingDate);

public sealed record EndOfDayInput(IReadOnlyList<string>? TrackingNumbers, string? MailingDate);

public sealed record PackageInput(string? Type, int? Count);

public sealed record PickupInput(string? PickupDate, AddressInput? Address, IReadOnlyList<PackageInput>? Packages, string? Location, string? ContactEmail = null);

public sealed partial class InputErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public string? Required(string field, string? value, int max = 100)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) Add(field, "is required");
        else if (trimmed.Length > max) Add(field, $"must be at most {max} characters");
        else if (trimmed.Any(char.IsControl)) Add(field, "must not contain control characters (tabs, line breaks)");
        else return trimmed;
        return null;
    }

    /// <summary>A US state or territory as its two-letter code (NY, CA, PR).</summary>
    public string? State(string field, string? value)
    {
        var state = value?.Trim();
        if (string.IsNullOrEmpty(state)) Add(field, "is required");
        else if (state.Length != 2 || !state.All(char.IsAsciiLetter)) Add(field, "must be a two-letter state code, like NY");
        else return state.ToUpperInvariant();
        return null;
    }

    /// <summary>Optional free text: trimmed, bounded, and without control characters that would break a printed label.</summary>
    public string? Optional(string field, string? value, int max = 100) =>
        string.IsNullOrWhiteSpace(value) ? null : Required(field, value, max);

    public string? Zip(string field, string? value)
    {
        var zip = value?.Trim();
        if (string.IsNullOrEmpty(zip)) Add(field, "is required");
        else if (!ZipPattern().IsMatch(zip)) Add(field, "must be a 5-digit ZIP code, or 9 digits as ZIP+4 (12345-6789)");
        else return zip;
        return null;
    }

    public decimal? Weight(string field, decimal? ounces)
    {
        if (ounces is null) Add(field, "is required");
        else if (ounces <= 0 || ounces > 70 * 16) Add(field, "must be more than 0 oz and at most 1120 oz (70 lb)");
        else return ounces;
        return null;
    }

    public decimal? Dimension(string field, decimal? inches)
    {
        if (inches is < 0 or > 130) Add(field, "must be between 0 and 130 inches");
        return inches;
    }

    public DateOnly? Date(string field, string? value, DateOnly? fallback)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        Add(field, "must be a date like 2026-11-21");
        return null;
    }

    public ShippingAddress? Address(string field, AddressInput? input)
    {
        if (input is null)
        {
            Add(field, "is required");
            return null;
        }
        var name = Required($"{field}.name", input.Name);
        var street = Required($"{field}.street1", input.Street1);
        var city = Required($"{field}.city", input.City);
        var state = State($"{field}.state", input.State);
        var zip = Zip($"{field}.zip", input.Zip);
        var company = Optional($"{field}.company", input.Company);
        var street2 = Optional($"{field}.street2", input.Street2);
        var phone = Optional($"{field}.phone", input.Phone, 30);
        if (input.Country is { } country && !string.Equals(country, "US", StringComparison.OrdinalIgnoreCase)) Add($"{field}.country", "must be US");
        return name is null || street is null || city is null || state is null || zip is null || Any
            ? null
            : new ShippingAddress(name, company, street, street2, city, state, zip, "US", phone);
    }

    [GeneratedRegex("^[0-9]{5}(-?[0-9]{4})?$")]
    private static partial Regex ZipPattern();
}

public static class ShippingInputValidation
{
    public static RatesRequest? Validate(RatesInput input, InputErrors errors)
    {
        var from = errors.Zip("from_zip", input.FromZip);
        var to = errors.Zip("to_zip", input.ToZip);
        var weight = errors.Weight("weight_oz", input.WeightOz);
        errors.Dimension("length_in", input.LengthIn);
        errors.Dimension("width_in", input.WidthIn);
        errors.Dimension("height_in", input.HeightIn);
        return errors.Any ? null : new RatesRequest(from!, to!, weight!.Value, input.LengthIn, input.WidthIn, input.HeightIn, Blank(input.MailClass));
    }

    public static LabelRequest? Validate(LabelInput input, InputErrors errors, DateOnly today)
    {
        var from = errors.Address("from_address", input.FromAddress);
        var to = errors.Address("to_address", input.ToAddress);
        var weight = errors.Weight("weight_oz", input.WeightOz);
        var mailClass = errors.Required("mail_class", input.MailClass, 40);
        errors.Dimension("length_in", input.LengthIn);
        errors.Dimension("width_in", input.WidthIn);
        errors.Dimension("height_in", input.HeightIn);
        // No date given stays no date: the purchase fixes it to the day of its first attempt (LabelPurchases.Pinned),
        // so the request a merchant retries after midnight is the request they sent.
        var date = errors.Date("mailing_date", input.MailingDate, null);
        return errors.Any ? null : new LabelRequest(from!, to!, weight!.Value, mailClass!, input.LengthIn, input.WidthIn, input.HeightIn, date, null);
    }

    public static PickupRequest? Validate(PickupInput input, InputErrors errors)
    {
        var date = errors.Date("pickup_date", input.PickupDate, null);
        if (date is null && string.IsNullOrWhiteSpace(input.PickupDate)) errors.Add("pickup_date", "is required");
        var address = errors.Address("address", input.Address);
        var packages = new List<PickupPackage>();
        if (input.Packages is not { Count: > 0 }) errors.Add("packages", "must list at least one package");
        else
        {
            for (var i = 0; i < input.Packages.Count; i++)
            {
                var type = errors.Required($"packages[{i}].type", input.Packages[i].Type, 40);
                if (input.Packages[i].Count is not (> 0 and <= 999)) errors.Add($"packages[{i}].count", "must be between 1 and 999");
                if (type is not null && input.Packages[i].Count is > 0 and <= 999) packages.Add(new PickupPackage(type, input.Packages[i].Count!.Value));
            }
        }
        var email = Blank(input.ContactEmail);
        if (email is not null && (email.Length > 50 || !System.Net.Mail.MailAddress.TryCreate(email, out _))) errors.Add("contact_email", "must be an email address of at most 50 characters");
        return errors.Any ? null : new PickupRequest(date!.Value, address!, packages, Blank(input.Location), email);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
