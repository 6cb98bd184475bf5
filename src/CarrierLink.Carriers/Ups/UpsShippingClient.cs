using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;
using Microsoft.Extensions.Options;

namespace CarrierLink.Carriers.Ups;

/// <summary>
/// UPS Rating, Shipping and Pickup behind the neutral shipping interface. The session's account number is the UPS
/// shipper number. This file holds the sending and the classification of answers; the operations live beside it.
/// </summary>
public sealed partial class UpsShippingClient(HttpClient http, IOptions<UpsOptions> options, TimeProvider time) : IShippingCarrierClient, IAccountDetailsCheck
{
    private const string CarrierName = "UPS";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private readonly UpsOptions _options = options.Value;

    public string Carrier => CarrierCodes.Ups;

    public Task<CarrierResult<EndOfDayForm>> CreateEndOfDayFormAsync(CarrierSession session, EndOfDayRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<CarrierResult<EndOfDayForm>>(new CarrierResult<EndOfDayForm>.Invalid(
            "UPS has no End of Day form: the driver scans the parcels at pickup, so there is nothing to print."));

    /// <summary>A bearer call carrying UPS's transaction headers: transId unique per request (32 characters), transactionSrc naming CarrierLink.</summary>
    private HttpRequestMessage Request(HttpMethod method, string path, CarrierSession session, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(_options.BaseUrl!, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
        request.Headers.Add("transId", Guid.NewGuid().ToString("N"));
        request.Headers.Add("transactionSrc", _options.TransactionSource);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        return request;
    }

    /// <param name="settled">A refusal that says the work is already done (voided, cancelled before): its outcome, or null.</param>
    private Task<CarrierResult<T>> SendAsync<T>(
        HttpRequestMessage request, bool idempotent, Func<JsonElement, CarrierResult<T>> read,
        Func<string, CarrierResult<T>?>? settled, CancellationToken cancellationToken) =>
        CarrierHttp.SendAsync(http, request, CarrierName, idempotent,
            async response => read(await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)),
            (response, body) => (response.StatusCode == HttpStatusCode.BadRequest ? settled?.Invoke(body) : null) ?? ClassifyFailure<T>(response, body, idempotent),
            cancellationToken);

    private CarrierResult<T> ClassifyFailure<T>(HttpResponseMessage response, string body, bool idempotent)
    {
        var message = UpsErrorBody.Message(body);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized:
                return new CarrierResult<T>.AuthRejected("UPS did not accept CarrierLink's access token.");
            // UPS's yaml names 403 "Blocked Merchant" on every operation.
            case HttpStatusCode.Forbidden:
                return new CarrierResult<T>.Suspended(message ?? "UPS has blocked this account.");
            case HttpStatusCode.TooManyRequests:
                return new CarrierResult<T>.Transient("UPS is limiting requests (429).", HttpFailures.RetryAfter(response.Headers, time.GetUtcNow()));
            case var status when HttpFailures.IsTransientStatus(status):
                return new CarrierResult<T>.Transient($"UPS answered {(int)status}.", HttpFailures.RetryAfter(response.Headers, time.GetUtcNow()), MayHaveBeenProcessed: !idempotent);
            default:
                var fields = UpsErrorBody.Has(body, UpsErrorBody.InvalidShipperNumber)
                    ? new Dictionary<string, string[]> { ["shipper_number"] = [message ?? "UPS does not accept this shipper number for the signed-in login."] }
                    : null;
                return new CarrierResult<T>.Invalid(message ?? $"UPS refused the request ({(int)response.StatusCode}).", fields);
        }
    }

    /// <summary>The shipper number, or why a call that ships or bills cannot be made without one.</summary>
    private static CarrierResult<T>? WithoutShipperNumber<T>(CarrierSession session) =>
        string.IsNullOrWhiteSpace(session.Identity?.AccountNumber)
            ? new CarrierResult<T>.Invalid("UPS needs the account's shipper number (6 letters and digits); enter it on the account's Edit page.")
            : null;

    /// <summary>UPS's address: AddressLine is an array of up to three lines.</summary>
    private static Dictionary<string, object?> Address(ShippingAddress address) => Present(new()
    {
        ["AddressLine"] = new[] { address.Street1, address.Street2 }.Where(l => !string.IsNullOrWhiteSpace(l)).ToArray(),
        ["City"] = address.City,
        ["StateProvinceCode"] = address.State,
        ["PostalCode"] = address.Zip,
        ["CountryCode"] = address.Country ?? "US",
    });

    private static Dictionary<string, object?> Present(Dictionary<string, object?> entries) =>
        entries.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value);

    /// <summary>UPS's one-or-many elements: the yaml types them as arrays, UPS's answers also carry single objects.</summary>
    private static IEnumerable<JsonElement> Many(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [element];

    /// <summary>Pounds with one decimal, never below 0.1 (UPS's Weight is a string of at most 5 characters).</summary>
    private static string Pounds(decimal ounces) => Math.Max(0.1m, Math.Ceiling(ounces / 16m * 10m) / 10m).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Money(JsonElement charge) => charge.GetProperty("MonetaryValue").GetString()!;

    private static decimal Amount(JsonElement charge) => decimal.Parse(Money(charge), NumberStyles.Number, CultureInfo.InvariantCulture);

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private static CarrierResult<T> Ok<T>(T value) => new CarrierResult<T>.Success(value);
}
