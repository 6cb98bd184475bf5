using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CarrierLink.Carriers.Usps;

/// <summary>
/// USPS OAuth 2.0 (APIs v3): consent through the Customer Onboarding Portal, /oauth2/v3/token and /revoke.
/// Standard OAuth 2.0 (RFC 6749, 7009, 7636) wherever USPS says nothing else; endpoints, scopes, client
/// authentication and PKCE come from <see cref="UspsOptions"/>.
/// </summary>
public sealed class UspsOAuthClient(HttpClient http, IOptions<UspsOptions> options, TimeProvider time) : IOAuthCarrierClient
{
    private const string CarrierName = "USPS";
    private readonly UspsOptions _options = options.Value;

    public string Carrier => CarrierCodes.Usps;

    public bool UsesPkce => _options.ResolvedUsePkce;

    public Uri BuildAuthorizationUrl(AuthorizationRequest request)
    {
        var query = new Dictionary<string, string?>
        {
            ["wf"] = "apis_merchant_user",
            ["response_type"] = "code",
            ["client_id"] = _options.ClientId,
            ["state"] = request.State,
            ["redirect_uri"] = request.RedirectUri.ToString(),
            ["platform"] = _options.PlatformName,
            ["reauth"] = "true",
        };
        if (!string.IsNullOrWhiteSpace(_options.Scopes)) query["scope"] = _options.Scopes.Trim();
        if (request.CodeChallenge is not null)
        {
            query["code_challenge"] = request.CodeChallenge;
            query["code_challenge_method"] = "S256";
        }
        // Note: AbsoluteUri, not ToString(): ToString unescapes, so a configured %20 would become a raw space.
        return new Uri(QueryHelpers.AddQueryString(_options.ConsentUrl!.AbsoluteUri, query));
    }

    public Task<CarrierResult<TokenSet>> ExchangeCodeAsync(string code, Uri redirectUri, string? codeVerifier, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
        };
        if (codeVerifier is not null) body["code_verifier"] = codeVerifier;
        return RequestTokenAsync(body, isRefresh: false, cancellationToken);
    }

    public Task<CarrierResult<TokenSet>> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken };
        return RequestTokenAsync(body, isRefresh: true, cancellationToken);
    }

    public Task<CarrierResult<bool>> RevokeAsync(string refreshToken, CancellationToken cancellationToken)
    {
        // RFC 7009 2.1: a form body; USPS's spec takes it too (beside JSON).
        var request = Authenticated(
            new HttpRequestMessage(HttpMethod.Post, _options.ResolvedRevokeUrl),
            new Dictionary<string, string> { ["token"] = refreshToken, ["token_type_hint"] = "refresh_token" },
            _options.RevokeClientAuthentication);
        return CarrierHttp.SendAsync(http, request, CarrierName, idempotent: true,
            _ => Task.FromResult<CarrierResult<bool>>(new CarrierResult<bool>.Success(true)),
            (response, _) => HttpFailures.IsTransientStatus(response.StatusCode)
                ? new CarrierResult<bool>.Transient($"USPS answered {(int)response.StatusCode}.", HttpFailures.RetryAfter(response.Headers, time.GetUtcNow()))
                : new CarrierResult<bool>.Invalid($"USPS refused to revoke the grant ({(int)response.StatusCode})."),
            cancellationToken);
    }

    /// <summary>
    /// A form request that names CarrierLink as the OAuth client the configured way: in the body ("post",
    /// USPS's token schema) or as HTTP Basic with both halves form-url-encoded first (RFC 6749 2.3.1).
    /// </summary>
    private HttpRequestMessage Authenticated(HttpRequestMessage request, Dictionary<string, string> body, string method)
    {
        if (method == ClientAuthentications.Basic)
        {
            var pair = $"{Uri.EscapeDataString(_options.ClientId)}:{Uri.EscapeDataString(_options.ClientSecret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        }
        else
        {
            body["client_id"] = _options.ClientId;
            body["client_secret"] = _options.ClientSecret;
        }
        request.Content = new FormUrlEncodedContent(body);
        return request;
    }

    private Task<CarrierResult<TokenSet>> RequestTokenAsync(Dictionary<string, string> body, bool isRefresh, CancellationToken cancellationToken)
    {
        var request = Authenticated(new HttpRequestMessage(HttpMethod.Post, _options.ResolvedTokenUrl), body, _options.ClientAuthentication);
        return CarrierHttp.SendAsync(http, request, CarrierName, idempotent: true,
            async response => UspsTokenResponse.TryRead(await response.Content.ReadAsStringAsync(cancellationToken), time.GetUtcNow()) is { } tokens
                ? new CarrierResult<TokenSet>.Success(tokens)
                : new CarrierResult<TokenSet>.Transient("USPS answered with a token response CarrierLink could not read."),
            (response, text) => ClassifyFailure(response, text, isRefresh),
            cancellationToken);
    }

    private CarrierResult<TokenSet> ClassifyFailure(HttpResponseMessage response, string body, bool isRefresh)
    {
        if (HttpFailures.IsTransientStatus(response.StatusCode))
            return new CarrierResult<TokenSet>.Transient($"USPS answered {(int)response.StatusCode}.", HttpFailures.RetryAfter(response.Headers, time.GetUtcNow()));

        var (error, description) = UspsTokenResponse.ReadError(body);
        // Note: invalid_client means CarrierLink's own client id/secret are wrong. That is an operator
        // problem, not the merchant's, so it must never send every account to needs_reconnect.
        if (response.StatusCode == HttpStatusCode.Unauthorized || error == "invalid_client")
            return new CarrierResult<TokenSet>.Invalid("USPS did not accept CarrierLink's client credentials; an operator must check the USPS client id and secret.");
        if (isRefresh && IsRefreshRejection(error, description))
            return new CarrierResult<TokenSet>.AuthRejected("USPS no longer accepts this connection (the authorization expired or was revoked).");
        if (!isRefresh && error == "invalid_request")
            return new CarrierResult<TokenSet>.Invalid("USPS did not accept the authorization code; it may have expired or been used already.");
        return new CarrierResult<TokenSet>.Invalid($"USPS refused the token request ({error ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
    }

    /// <summary>
    /// USPS says "invalid_request" with a refresh_token_expired description in its docs and
    /// "invalid_refresh_token" in production; invalid_grant is the RFC's word. All mean: reconnect.
    /// </summary>
    private static bool IsRefreshRejection(string? error, string? description) =>
        error is "invalid_refresh_token" or "invalid_grant"
        || (error == "invalid_request" && description is not null
            && (description.StartsWith("refresh_token_expired", StringComparison.Ordinal)
                || description.Contains("refresh token", StringComparison.OrdinalIgnoreCase)));
}
