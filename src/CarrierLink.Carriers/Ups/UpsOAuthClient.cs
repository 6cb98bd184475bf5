using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CarrierLink.Carriers.Ups;

/// <summary>
/// UPS OAuth Authorization Code (OAuthAuthCode.yaml): /security/v1/oauth/authorize, /token and /refresh. Without PKCE
/// the token call authenticates with HTTP Basic; with PKCE it sends client_id and code_verifier and no Basic, as UPS says.
/// </summary>
public sealed class UpsOAuthClient(HttpClient http, IOptions<UpsOptions> options, TimeProvider time) : IOAuthCarrierClient
{
    private const string CarrierName = "UPS";
    private readonly UpsOptions _options = options.Value;

    public string Carrier => CarrierCodes.Ups;

    public bool IsConfigured => _options.IsConfigured;

    public bool UsesPkce => _options.ResolvedUsePkce;

    public Uri BuildAuthorizationUrl(AuthorizationRequest request)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = _options.ClientId,
            ["redirect_uri"] = request.RedirectUri.ToString(),
            ["response_type"] = "code",
            ["state"] = request.State,
        };
        // UPS's parameter list names code_challenge only; its description (Base64 URL-encoded SHA256) is S256.
        if (request.CodeChallenge is not null) query["code_challenge"] = request.CodeChallenge;
        return new Uri(QueryHelpers.AddQueryString(_options.ResolvedAuthorizeUrl.AbsoluteUri, query));
    }

    public Task<CarrierResult<TokenSet>> ExchangeCodeAsync(string code, Uri redirectUri, string? codeVerifier, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, _options.TokenUrl);
        if (codeVerifier is null) request.Headers.Authorization = Basic();
        else
        {
            body["code_verifier"] = codeVerifier;
            body["client_id"] = _options.ClientId;
        }
        request.Content = new FormUrlEncodedContent(body);
        return RequestTokenAsync(request, isRefresh: false, cancellationToken);
    }

    public Task<CarrierResult<TokenSet>> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _options.RefreshUrl)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }),
        };
        request.Headers.Authorization = Basic();
        return RequestTokenAsync(request, isRefresh: true, cancellationToken);
    }

    /// <summary>
    /// Note: UPS publishes no revocation endpoint (OAuthAuthCode.yaml has authorize, token and refresh only): a grant
    /// ends when the merchant removes the app at UPS.com or its refresh token expires. There is nothing to call, so
    /// forgetting the tokens on our side is all a removal can do; it succeeds without a request.
    /// </summary>
    public Task<CarrierResult<bool>> RevokeAsync(string refreshToken, CancellationToken cancellationToken) =>
        Task.FromResult<CarrierResult<bool>>(new CarrierResult<bool>.Success(true));

    /// <summary>RFC 6749 2.3.1: both halves form-url-encoded before they are joined.</summary>
    private AuthenticationHeaderValue Basic() => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
        $"{Uri.EscapeDataString(_options.ClientId)}:{Uri.EscapeDataString(_options.ClientSecret)}")));

    private Task<CarrierResult<TokenSet>> RequestTokenAsync(HttpRequestMessage request, bool isRefresh, CancellationToken cancellationToken) =>
        CarrierHttp.SendAsync(http, request, CarrierName, idempotent: true,
            async response => UpsTokenResponse.TryRead(await response.Content.ReadAsStringAsync(cancellationToken), time.GetUtcNow()) is { } tokens
                ? new CarrierResult<TokenSet>.Success(tokens)
                : new CarrierResult<TokenSet>.Transient("UPS answered with a token response CarrierLink could not read."),
            (response, body) => ClassifyFailure(response, body, isRefresh),
            cancellationToken);

    private CarrierResult<TokenSet> ClassifyFailure(HttpResponseMessage response, string body, bool isRefresh)
    {
        if (HttpFailures.IsTransientStatus(response.StatusCode))
            return new CarrierResult<TokenSet>.Transient($"UPS answered {(int)response.StatusCode}.", HttpFailures.RetryAfter(response.Headers, time.GetUtcNow()));
        // Note: 401 (10401) means CarrierLink's own client id, secret or redirect URI is wrong: an operator problem,
        // which must never send every account to needs_reconnect.
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            return new CarrierResult<TokenSet>.Invalid("UPS did not accept CarrierLink's client credentials; an operator must check the UPS client id, secret and redirect URI.");
        if (response.StatusCode == HttpStatusCode.Forbidden)
            return new CarrierResult<TokenSet>.Suspended(UpsErrorBody.Message(body) ?? "UPS has blocked this merchant.");
        // A 400 on refresh is the refresh token refused (used, expired or revoked): only a new consent helps.
        if (isRefresh)
            return new CarrierResult<TokenSet>.AuthRejected("UPS no longer accepts this connection (the authorization expired or was removed at UPS.com).");
        return new CarrierResult<TokenSet>.Invalid($"UPS did not accept the authorization code; it may have expired or been used already. {UpsErrorBody.Message(body)}".Trim());
    }
}
