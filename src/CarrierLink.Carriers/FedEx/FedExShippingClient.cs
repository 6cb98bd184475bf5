using System.Globalization;
using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;
using Microsoft.Extensions.Options;

namespace CarrierLink.Carriers.FedEx;

/// <summary>
/// FedEx's rate, ship, pickup and Ground close APIs behind the neutral shipping interface, acting for the account
/// the session names (<see cref="CarrierAccountIdentity.AccountNumber"/>, the 9-digit FedEx account) with its
/// csp_credentials token. The operations live in the partial files beside this one.
/// </summary>
public sealed partial class FedExShippingClient(HttpClient http, IOptions<FedExOptions> options, TimeProvider time) : IShippingCarrierClient
{
    private readonly FedExOptions _options = options.Value;

    public string Carrier => CarrierCodes.FedEx;

    /// <summary>Sends a body naming the session's account; without one there is nothing FedEx could act for.</summary>
    private Task<CarrierResult<T>> SendAsync<T>(HttpMethod method, string path, CarrierSession session, Func<string, object> body, bool idempotent,
        Func<JsonElement, CarrierResult<T>> read, CancellationToken cancellationToken, string? customerTransactionId = null)
    {
        if (session.Identity?.AccountNumber is not { Length: > 0 } account)
            return Task.FromResult<CarrierResult<T>>(new CarrierResult<T>.Invalid("FedEx needs the account number this connection is for; register the FedEx account again."));
        var request = FedExCalls.Request(method, _options.BaseUrl!, path, session.AccessToken, body(account), customerTransactionId);
        return FedExCalls.SendAsync(http, request, time, idempotent, read, cancellationToken);
    }

    private static CarrierResult<T> Ok<T>(T value) => new CarrierResult<T>.Success(value);

    private static CarrierResult<T> Invalid<T>(string message, string field, string problem) =>
        new CarrierResult<T>.Invalid(message, new Dictionary<string, string[]> { [field] = [problem] });

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static object Weight(decimal ounces) => new { units = "LB", value = Math.Round(Math.Max(ounces, 0.1m) / 16m, 2) };

    /// <summary>FedEx's dimensions are whole inches; sent only when all three are known.</summary>
    private static object? Dimensions(decimal? length, decimal? width, decimal? height) =>
        length is > 0 && width is > 0 && height is > 0
            ? new { length = (int)Math.Ceiling(length.Value), width = (int)Math.Ceiling(width.Value), height = (int)Math.Ceiling(height.Value), units = "IN" }
            : null;

    /// <summary>A FedEx party: contact (name, company, phone) and address.</summary>
    private static object Party(ShippingAddress address) => new
    {
        contact = new { personName = address.Name, companyName = address.Company, phoneNumber = Digits(address.Phone) },
        address = Address(address),
    };

    private static object Address(ShippingAddress address) => new
    {
        streetLines = new[] { address.Street1, address.Street2 }.Where(l => !string.IsNullOrWhiteSpace(l)).ToArray(),
        city = address.City,
        stateOrProvinceCode = address.State,
        postalCode = address.Zip,
        countryCode = string.IsNullOrWhiteSpace(address.Country) ? "US" : address.Country,
    };

    private static string? Digits(string? phone) => phone is null ? null : new string(phone.Where(char.IsAsciiDigit).ToArray()) is { Length: > 0 } d ? d : null;

    /// <summary>Days in transit from FedEx's words ("TWO_DAYS").</summary>
    private static int? TransitDays(string? words) => words switch
    {
        "ONE_DAY" => 1, "TWO_DAYS" => 2, "THREE_DAYS" => 3, "FOUR_DAYS" => 4, "FIVE_DAYS" => 5, "SIX_DAYS" => 6, "SEVEN_DAYS" => 7,
        _ => null,
    };
}
