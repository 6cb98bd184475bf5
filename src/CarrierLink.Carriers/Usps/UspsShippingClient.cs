using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;
using Microsoft.Extensions.Options;

namespace CarrierLink.Carriers.Usps;

/// <summary>
/// USPS APIs v3 behind the neutral shipping interface. This file holds the sending and the
/// classification of answers; the operations live in the partial files beside it.
/// </summary>
public sealed partial class UspsShippingClient(HttpClient http, IOptions<UspsOptions> options, TimeProvider time) : IShippingCarrierClient, IAccountDetailsCheck
{
    private const string CarrierName = "USPS";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private readonly UspsOptions _options = options.Value;

    public string Carrier => CarrierCodes.Usps;

    private Uri Url(string relative) => new(_options.ApiBaseUrl!, relative);

    private HttpRequestMessage Request(HttpMethod method, string path, CarrierSession session, object? body = null)
    {
        var request = new HttpRequestMessage(method, Url(path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        return request;
    }

    /// <summary>Sends, then hands a successful response to <paramref name="read"/>; failures are classified below.</summary>
    private Task<CarrierResult<T>> SendAsync<T>(HttpRequestMessage request, bool idempotent, Func<HttpResponseMessage, Task<CarrierResult<T>>> read, CancellationToken cancellationToken) =>
        SendAsync(request, idempotent, read, settled: null, cancellationToken);

    /// <param name="settled">
    /// A refusal that says the work is already done (a label "already canceled" after an answer was lost): its
    /// outcome, or null to classify it as a failure.
    /// </param>
    private Task<CarrierResult<T>> SendAsync<T>(
        HttpRequestMessage request, bool idempotent, Func<HttpResponseMessage, Task<CarrierResult<T>>> read,
        Func<HttpResponseMessage, string, CarrierResult<T>?>? settled, CancellationToken cancellationToken) =>
        CarrierHttp.SendAsync(http, request, CarrierName, idempotent, read,
            (response, body) => settled?.Invoke(response, body) ?? ClassifyFailure<T>(response, body, idempotent), cancellationToken);

    private CarrierResult<T> ClassifyFailure<T>(HttpResponseMessage response, string body, bool idempotent)
    {
        var (message, fieldErrors) = UspsErrorBody.Read(body);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized:
                return new CarrierResult<T>.AuthRejected("USPS did not accept CarrierLink's access token.");
            case HttpStatusCode.Forbidden when message?.Contains("suspended", StringComparison.OrdinalIgnoreCase) == true:
                return new CarrierResult<T>.Suspended(message);
            case HttpStatusCode.TooManyRequests:
                return new CarrierResult<T>.Transient("USPS is limiting requests (429).", HttpFailures.RetryAfter(response.Headers, time.GetUtcNow()));
            case var status when (int)status >= 500:
                return new CarrierResult<T>.Transient($"USPS answered {(int)status}.", HttpFailures.RetryAfter(response.Headers, time.GetUtcNow()), MayHaveBeenProcessed: !idempotent);
            case HttpStatusCode.Forbidden:
                return new CarrierResult<T>.Invalid(message ?? "USPS does not allow this account to do that.");
            default:
                return new CarrierResult<T>.Invalid(message ?? $"USPS refused the request ({(int)response.StatusCode}).", fieldErrors);
        }
    }

    /// <summary>
    /// Only the entries that have a value: USPS's schemas type optional fields as strings and numbers, never
    /// null, and the serializer's ignore-null setting does not reach dictionary entries.
    /// </summary>
    private static Dictionary<string, object?> Present(Dictionary<string, object?> entries) =>
        entries.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value);

    private static CarrierResult<T> Ok<T>(T value) => new CarrierResult<T>.Success(value);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
