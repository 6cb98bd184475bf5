using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace CarrierLink.Tests.Support;

/// <summary>
/// A standards OAuth 2.0 authorization server this project did not write: OpenIddict's server on an
/// in-memory EF store, on a loopback port the system picks (port 0). Its authorization endpoint signs the one test user in
/// at once (no pages) and its access tokens are JWTs naming the user (sub) and no USPS account, as a
/// USPS token whose account claims say nothing would. Refresh tokens rotate on every use (OpenIddict's default).
/// </summary>
public sealed class ForeignAuthorizationServer : IAsyncDisposable
{
    public const string ClientId = "carrierlink-foreign";
    public const string ClientSecret = "foreign-server-secret: with spaces";
    public const string Scope = "prices";
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromHours(1);

    private readonly WebApplication _app;

    private ForeignAuthorizationServer(WebApplication app, Uri url, ForeignUser user)
    {
        _app = app;
        Url = url;
        User = user;
    }

    public Uri Url { get; }
    public ForeignUser User { get; }
    public Uri AuthorizationUrl => new(Url, "connect/authorize");
    public Uri TokenUrl => new(Url, "connect/token");
    public Uri RevocationUrl => new(Url, "connect/revoke");

    public static async Task<ForeignAuthorizationServer> StartAsync()
    {
        var user = new ForeignUser("user-" + Guid.NewGuid().ToString("N")[..8]);
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var database = "foreign-" + Guid.NewGuid().ToString("N");
        builder.Services.AddDbContext<ForeignServerDb>(options => options.UseInMemoryDatabase(database).UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(options => options.UseEntityFrameworkCore().UseDbContext<ForeignServerDb>())
            .AddServer(options =>
            {
                options.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetRevocationEndpointUris("connect/revoke");
                options.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
                options.RequireProofKeyForCodeExchange();
                options.RegisterScopes(Scopes.OfflineAccess, Scope);
                options.SetAccessTokenLifetime(AccessTokenLifetime);
                options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
                // CarrierLink reads the account from the access token's payload, so it must be a signed JWT, not a JWE.
                options.DisableAccessTokenEncryption();
                options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });
        builder.Services.AddAuthentication();

        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("connect/authorize", (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenIddict request.");
            var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
            // A standard server names the user only: the USPS account numbers are the merchant's to enter.
            identity.SetClaim(Claims.Subject, user.Subject);
            identity.SetScopes(request.GetScopes());
            return SignIn(identity);
        });
        app.MapPost("connect/token", async (HttpContext context) =>
        {
            // authorization_code and refresh_token: the principal stored with the code or refresh token, issued again.
            var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            if (result.Principal is null) return Results.Forbid(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            return SignIn(new ClaimsIdentity(result.Principal.Claims, TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role));
        });
        await app.StartAsync();
        // Its clients are registered after it starts (RegisterCarrierLinkAsync), so no one needs its address before.
        return new ForeignAuthorizationServer(app, app.BoundUrl(), user);
    }

    /// <summary>Registers CarrierLink as a confidential client once its callback address is known.</summary>
    public async Task RegisterCarrierLinkAsync(Uri redirectUri)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            RedirectUris = { redirectUri },
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + Scope,
            },
        });
    }

    /// <summary>CarrierLink's settings that point its USPS client at this server: configuration, no code.</summary>
    public string[] CarrierLinkArgs() =>
    [
        "--Carriers:Usps:ConsentUrl", AuthorizationUrl.ToString(),
        "--Carriers:Usps:TokenUrl", TokenUrl.ToString(),
        "--Carriers:Usps:RevokeUrl", RevocationUrl.ToString(),
        "--Carriers:Usps:ClientId", ClientId,
        "--Carriers:Usps:ClientSecret", ClientSecret,
        "--Carriers:Usps:Scopes", $"{Scopes.OfflineAccess} {Scope}",
        "--Carriers:Usps:ClientAuthentication=basic",
        "--Carriers:Usps:RevokeClientAuthentication=basic",
        "--Carriers:Usps:UsePkce=true",
    ];

    /// <summary>A refresh at this server's token endpoint, as any client would send it.</summary>
    public async Task<HttpResponseMessage> RefreshAsync(string refreshToken)
    {
        using var http = new HttpClient();
        return await http.PostAsync(TokenUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = GrantTypes.RefreshToken,
            ["refresh_token"] = refreshToken,
            ["client_id"] = ClientId,
            ["client_secret"] = ClientSecret,
        }));
    }

    private static IResult SignIn(ClaimsIdentity identity)
    {
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ForeignUser(string Subject);

/// <summary>OpenIddict's applications, authorizations, scopes and tokens, in memory.</summary>
public sealed class ForeignServerDb(DbContextOptions<ForeignServerDb> options) : DbContext(options);
