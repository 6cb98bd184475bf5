using System.Security.Claims;
using System.Text.Encodings.Web;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Merchants;

/// <summary>"Authorization: Bearer &lt;api_key&gt;" for /api. Keys are looked up by their SHA-256.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CarrierLinkDb db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > 200) return AuthenticateResult.Fail("Malformed API key.");

        var hash = SecureTokens.Sha256Hex(key);
        var apiKey = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, Context.RequestAborted);
        if (apiKey is null) return AuthenticateResult.Fail("Unknown API key.");

        var identity = new ClaimsIdentity(
            [new Claim(CarrierLinkClaims.MerchantId, apiKey.MerchantId.ToString()), new Claim(CarrierLinkClaims.ApiKeyId, apiKey.Id.ToString())],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
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

    public static Guid? MerchantIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(MerchantId), out var id) ? id : null;

    public static Guid? UserIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(UserId), out var id) ? id : null;
}
