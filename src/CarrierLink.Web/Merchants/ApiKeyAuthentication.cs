using System.Security.Claims;
using System.Text.Encodings.Web;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Merchants;

/// <summary>
/// "Authorization: Bearer &lt;api_key&gt;" for /api. Keys are looked up by their SHA-256, and a valid one is trusted
/// for <see cref="ApiKeyOptions.KeyCacheSeconds"/> before it is looked up again (<see cref="ApiKeyCache"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CarrierLinkDb db,
    ApiKeyCache cache,
    ApiKeyGuessLimiter guesses)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private bool _tooManyGuesses;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > 200) return AuthenticateResult.Fail("Malformed API key.");

        var hash = SecureTokens.Sha256Hex(key);
        if (cache.Find(hash) is not { } known)
        {
            var ip = Users.SignInRateLimits.ClientIp(Context);
            if (guesses.IsExhausted(ip)) return TooManyGuesses();
            var apiKey = await db.ApiKeys.AsNoTracking().Where(k => k.Hash == hash && k.RevokedAt == null)
                .Select(k => new { k.MerchantId, k.Id }).FirstOrDefaultAsync(Context.RequestAborted);
            if (apiKey is null) return guesses.CountFailure(ip) ? AuthenticateResult.Fail("Unknown API key.") : TooManyGuesses();
            cache.Remember(hash, apiKey.MerchantId, apiKey.Id);
            known = new ApiKeyCache.Entry(apiKey.MerchantId, apiKey.Id, default);
        }

        var identity = new ClaimsIdentity(
            [new Claim(CarrierLinkClaims.MerchantId, known.MerchantId.ToString()), new Claim(CarrierLinkClaims.ApiKeyId, known.KeyId.ToString())],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private AuthenticateResult TooManyGuesses()
    {
        _tooManyGuesses = true;
        return AuthenticateResult.Fail("Too many wrong API keys from this address.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_tooManyGuesses)
        {
            var seconds = (int)ApiKeyGuessLimiter.RetryAfter.TotalSeconds;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Problem(
                type: "too-many-requests", title: "Too many wrong API keys", statusCode: 429,
                detail: $"This address sent too many wrong API keys. Wait {seconds} seconds, then send a valid key.").ExecuteAsync(Context);
            return;
        }
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            type: "unauthorized", title: "Unauthorized", statusCode: 401,
            detail: "Send 'Authorization: Bearer <api_key>' with a valid CarrierLink API key.").ExecuteAsync(Context);
    }
}

public static class CarrierLinkClaims
{
    public const string MerchantId = "carrierlink:merchant_id";
    public const string UserId = "carrierlink:user_id";
    public const string ApiKeyId = "carrierlink:api_key_id";
    public const string SessionId = "carrierlink:session_id";

    public static Guid? MerchantIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(MerchantId), out var id) ? id : null;

    public static Guid? UserIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(UserId), out var id) ? id : null;

    public static Guid? SessionIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SessionId), out var id) ? id : null;
}
