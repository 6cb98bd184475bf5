using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Carriers.OAuth;
using Microsoft.Extensions.Options;

namespace CarrierLink.Carriers.Stamps;

/// <summary>
/// One Balance at Stamps.com: authenticate with username and password, change the password, and
/// ship through SERA. The same account also reaches UPS ("UPS One Balance"), so one client class
/// serves both carrier codes; <paramref name="sera"/> names the carrier SERA ships with.
/// </summary>
public sealed partial class StampsClient(HttpClient http, IOptions<StampsOptions> options, TimeProvider time, string carrierCode, string sera)
    : IPasswordCarrierClient
{
    private const string CarrierName = "Stamps.com";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
    private readonly StampsOptions _options = options.Value;

    public string Carrier => carrierCode;

    public bool IsConfigured => _options.Configured;

    public Task<CarrierResult<TokenSet>> AuthenticateAsync(string username, string password, CancellationToken cancellationToken) =>
        CarrierHttp.SendAsync(http, Post("swsim/v1/authenticate", new { integration_id = _options.IntegrationId, username, password }),
            CarrierName, idempotent: true,
            async response =>
            {
                var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                var authenticator = json.GetProperty("authenticator").GetString()!;
                var seconds = json.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 3600;
                return new CarrierResult<TokenSet>.Success(new TokenSet(authenticator, time.GetUtcNow().AddSeconds(seconds), null, null, new CarrierAccountIdentity(username, null)));
            },
            (response, body) => ClassifyAuthFailure<TokenSet>(response, body),
            cancellationToken);

    public Task<CarrierResult<PasswordChange>> ChangePasswordAsync(string username, string currentPassword, string newPassword, CancellationToken cancellationToken) =>
        CarrierHttp.SendAsync(http, Post("swsim/v1/change-password", new { username, current_password = currentPassword, new_password = newPassword }),
            CarrierName, idempotent: false,
            _ => Task.FromResult<CarrierResult<PasswordChange>>(new CarrierResult<PasswordChange>.Success(PasswordChange.Done)),
            (response, body) =>
            {
                // A refusal by rule is an answer, not a failure: the caller shows which rule.
                var error = StampsError.Read(body);
                return response.StatusCode == HttpStatusCode.UnprocessableEntity || error.Code == "password_rejected"
                    ? new CarrierResult<PasswordChange>.Success(new PasswordChange(false, error.FailedRules, error.Message))
                    : ClassifyAuthFailure<PasswordChange>(response, body, mayHaveBeenProcessed: true);
            },
            cancellationToken);

    /// <summary>
    /// Only a refusal of the username and password asks for a reconnect. A lockout is Stamps.com
    /// protecting the account for a while: shown as such, it never changes the connection.
    /// </summary>
    private CarrierResult<T> ClassifyAuthFailure<T>(HttpResponseMessage response, string body, bool mayHaveBeenProcessed = false)
    {
        var error = StampsError.Read(body);
        return (response.StatusCode, error.Code) switch
        {
            (_, "invalid_credentials") or (HttpStatusCode.Unauthorized, _) =>
                new CarrierResult<T>.AuthRejected("Stamps.com no longer accepts the saved password (the password was changed at Stamps.com)."),
            (_, "password_change_required") =>
                new CarrierResult<T>.AuthRejected("Stamps.com asks for a new password first: sign in at Stamps.com, set one, then reconnect with it.") { TellsTheMerchant = true },
            (_, "account_locked") or ((HttpStatusCode)423, _) => new CarrierResult<T>.Transient(
                $"Stamps.com has locked sign-in after too many wrong passwords{(error.LockedUntil is { } until ? $" until {until:HH:mm} UTC" : "")}.",
                error.LockedUntil is { } lockedUntil ? lockedUntil - time.GetUtcNow() : null),
            (_, "account_suspended") => new CarrierResult<T>.Suspended(error.Message ?? "Stamps.com suspended this account."),
            (var status, _) when HttpFailures.IsTransientStatus(status) =>
                new CarrierResult<T>.Transient($"Stamps.com answered {(int)status}.", HttpFailures.RetryAfter(response.Headers, time.GetUtcNow()), mayHaveBeenProcessed),
            _ => new CarrierResult<T>.Invalid(error.Message ?? $"Stamps.com refused the request ({(int)response.StatusCode})."),
        };
    }

    private HttpRequestMessage Post(string path, object body) =>
        new(HttpMethod.Post, new Uri(_options.AuthBaseUrl!, path)) { Content = JsonContent.Create(body, options: Json) };

    private HttpRequestMessage SeraRequest(HttpMethod method, string path, string authenticator, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(_options.ApiBaseUrl!, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", authenticator);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        return request;
    }
}
