using System.Globalization;
using System.Text.Json;
using CarrierLink.Sandbox.Usps.Api;

namespace CarrierLink.Sandbox.Stamps.Api;

/// <summary>A SERA address: {name, company?, street1, street2?, city, state, postal_code, country_code?}.</summary>
public sealed record SeraAddress(string Name, string? Company, string Street1, string? Street2, string City, string State, string PostalCode, string CountryCode)
{
    public string Zip5 => PostalCode[..5];

    public IEnumerable<string> Lines() =>
        new[] { Name, Company, Street1, Street2, $"{City} {State} {PostalCode}" }.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!);
}

/// <summary>Field-by-field reading of SERA bodies, collecting every problem so one answer names them all.</summary>
public static class SeraValidation
{
    public static string? Carrier(JsonElement body, List<FieldError> errors)
    {
        var carrier = body.Text("carrier")?.ToLowerInvariant();
        if (carrier is null) errors.Add(new("carrier", "carrier is required: usps or ups."));
        else if (!SeraRates.Carriers.Contains(carrier)) errors.Add(new("carrier", $"carrier must be one of: {string.Join(", ", SeraRates.Carriers)}."));
        else return carrier;
        return null;
    }

    /// <summary>The service, when the carrier is known; <paramref name="required"/> says whether leaving it out is a problem.</summary>
    public static SeraService? Service(JsonElement body, string? carrier, bool required, List<FieldError> errors)
    {
        var serviceType = body.Text("service_type");
        if (serviceType is null)
        {
            if (required) errors.Add(new("service_type", "service_type is required."));
            return null;
        }
        if (carrier is null) return null;
        if (SeraRates.Find(carrier, serviceType) is { } service) return service;
        errors.Add(new("service_type", $"service_type must be one of: {string.Join(", ", SeraRates.For(carrier).Select(s => s.ServiceType))}."));
        return null;
    }

    public static decimal? WeightOz(JsonElement body, SeraService? service, string? carrier, List<FieldError> errors)
    {
        var weight = body.Number("weight_oz");
        if (weight is null)
        {
            errors.Add(new("weight_oz", "weight_oz is required: the package weight in ounces."));
            return null;
        }
        if (weight <= 0)
        {
            errors.Add(new("weight_oz", "weight_oz must be more than 0."));
            return null;
        }
        var max = service?.MaxWeightOz ?? (carrier is null ? (decimal?)null : SeraRates.For(carrier).Max(s => s.MaxWeightOz));
        if (max is { } limit && weight > limit)
        {
            errors.Add(new("weight_oz", $"weight_oz must be at most {limit.ToString(CultureInfo.InvariantCulture)} for {carrier!.ToUpperInvariant()} ({limit / 16} lb)."));
            return null;
        }
        return weight;
    }

    public static string? PostalCode(JsonElement body, string field, List<FieldError> errors, string? parent = null)
    {
        var name = parent is null ? field : $"{parent}.{field}";
        var text = parent is null ? body.Text(field) : body.Text(parent, field);
        if (text is null) errors.Add(new(name, $"{name} is required."));
        else if (!IsPostalCode(text)) errors.Add(new(name, $"{name} must be a 5-digit ZIP Code or ZIP+4 (12345 or 12345-6789)."));
        else return text;
        return null;
    }

    public static SeraAddress? Address(JsonElement body, string field, List<FieldError> errors)
    {
        if (body.Find(field) is not { ValueKind: JsonValueKind.Object })
        {
            errors.Add(new(field, $"{field} is required: an object with name, street1, city, state and postal_code."));
            return null;
        }
        var before = errors.Count;
        string? Required(string name, int max)
        {
            var value = body.Text(field, name);
            if (value is null) errors.Add(new($"{field}.{name}", $"{field}.{name} is required."));
            else if (value.Length > max) errors.Add(new($"{field}.{name}", $"{field}.{name} must be at most {max} characters."));
            else return value;
            return null;
        }
        var addressName = Required("name", 100);
        var street1 = Required("street1", 100);
        var city = Required("city", 60);
        var state = Required("state", 2);
        if (state is not null && (state.Length != 2 || !state.All(char.IsAsciiLetter)))
        {
            errors.Add(new($"{field}.state", $"{field}.state must be a two-letter state code."));
        }
        var postalCode = PostalCode(body, "postal_code", errors, parent: field);
        var country = body.Text(field, "country_code")?.ToUpperInvariant() ?? "US";
        if (country != "US") errors.Add(new($"{field}.country_code", $"{field}.country_code must be US: the sandbox ships domestic only."));
        return errors.Count > before
            ? null
            : new SeraAddress(addressName!, body.Text(field, "company"), street1!, body.Text(field, "street2"), city!, state!.ToUpperInvariant(), postalCode!, country);
    }

    public static DateOnly? Date(JsonElement body, string field, List<FieldError> errors, bool required)
    {
        var text = body.Text(field);
        if (text is null)
        {
            if (required) errors.Add(new(field, $"{field} is required (YYYY-MM-DD)."));
            return null;
        }
        if (UspsJsonBody.Date(text) is { } date) return date;
        errors.Add(new(field, $"{field} must be a date as YYYY-MM-DD."));
        return null;
    }

    private static bool IsPostalCode(string text) =>
        (text.Length == 5 && text.All(char.IsAsciiDigit))
        || (text.Length == 10 && text[5] == '-' && text[..5].All(char.IsAsciiDigit) && text[6..].All(char.IsAsciiDigit));
}
