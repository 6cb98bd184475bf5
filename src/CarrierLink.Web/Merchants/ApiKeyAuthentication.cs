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
    private static readonly TimeSpan LastUsedGranularity = TimeSpan.FromMinutes(5);
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
            var now = db.UtcNow;
            // A rotated key keeps working until its revocation time (the rotation's grace period).
            var apiKey = await db.ApiKeys.AsNoTracking().Where(k => k.Hash == hash && (k.RevokedAt == null || k.RevokedAt > now))
                .Select(k => new { k.MerchantId, k.Id, k.LastUsedAt, k.RevokedAt }).FirstOrDefaultAsync(Context.RequestAborted);
            if (apiKey is null) return guesses.CountFailure(ip) ? AuthenticateResult.Fail("Unknown API key.") : TooManyGuesses();
            // "Last used" for the keys list, written at most every few minutes per key, never on a cached request.
            if (apiKey.LastUsedAt is null || now - apiKey.LastUsedAt > LastUsedGranularity)
                await db.ApiKeys.Where(k => k.Id == apiKey.Id).ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAt, now), Context.RequestAborted);
            // A key with a revocation time ahead is not cached past it.
            if (apiKey.RevokedAt is null) cache.Remember(hash, apiKey.MerchantId, apiKey.Id);
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
