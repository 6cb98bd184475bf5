using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Carriers.OAuth;

namespace CarrierLink.Carriers.FedEx;

/// <summary>
/// One FedEx call: JSON with FedEx's own names, a bearer token, and FedEx's refusals turned into outcomes:
/// 401 AuthRejected, the (sandbox) suspension code Suspended, 429 and 5xx Transient, any other refusal Invalid
/// with FedEx's words.
/// </summary>
internal static class FedExCalls
{
    public const string CarrierName = "FedEx";

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static HttpRequestMessage Request(HttpMethod method, Uri baseUrl, string path, string accessToken, object? body, string? customerTransactionId = null)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        // FedEx's own examples send the locale on every call.
        request.Headers.TryAddWithoutValidation("x-locale", "en_US");
        if (customerTransactionId is not null) request.Headers.TryAddWithoutValidation("x-customer-transaction-id", customerTransactionId);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        return request;
    }

    /// <param name="refusal">Turns a refusal into an outcome first (a registration's field errors); null falls through to the defaults.</param>
    public static Task<CarrierResult<T>> SendAsync<T>(HttpClient http, HttpRequestMessage request, TimeProvider time, bool idempotent,
        Func<JsonElement, CarrierResult<T>> read, CancellationToken cancellationToken, Func<HttpResponseMessage, string, CarrierResult<T>?>? refusal = null) =>
        CarrierHttp.SendAsync(http, request, CarrierName, idempotent,
            async response => read(await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)),
            (response, body) => refusal?.Invoke(response, body) ?? Classify<T>(response, body, idempotent, time),
            cancellationToken);

    public static CarrierResult<T> Classify<T>(HttpResponseMessage response, string body, bool idempotent, TimeProvider time)
    {
        var message = FedExErrorBody.Message(body);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new CarrierResult<T>.AuthRejected("FedEx did not accept the access token (NOT.AUTHORIZED.ERROR)."),
            HttpStatusCode.Forbidden when FedExErrorBody.Has(body, FedExCodes.AccountSuspended) =>
                new CarrierResult<T>.Suspended(message ?? "FedEx has suspended this account."),
            var status when HttpFailures.IsTransientStatus(status) => new CarrierResult<T>.Transient(
                $"FedEx answered {(int)status}.", HttpFailures.RetryAfter(response.Headers, time.GetUtcNow()), MayHaveBeenProcessed: !idempotent && (int)status >= 500),
            HttpStatusCode.Forbidden => new CarrierResult<T>.Invalid(message ?? "FedEx does not allow this account to do that."),
            _ => new CarrierResult<T>.Invalid(message ?? $"FedEx refused the request ({(int)response.StatusCode})."),
        };
    }

    /// <summary>{"value": "123456789"}: how FedEx writes an account number in a body.</summary>
    public static object Account(string accountNumber) => new { value = accountNumber };
}
