using CarrierLink.Sandbox.Usps.Api;
using CarrierLink.Sandbox.Usps.Oauth;
using CarrierLink.Sandbox.Usps.Site;

namespace CarrierLink.Sandbox.Usps;

/// <summary>Everything USPS: the USPS.com pages, OAuth, the APIs, and the services behind them.</summary>
public static class UspsEndpoints
{
    public static IServiceCollection AddUsps(this IServiceCollection services) => services
        .AddSingleton<OauthClients>()
        .AddSingleton<AuthorizationRequests>()
        .AddSingleton<AuthorizationCodes>()
        .AddSingleton<UspsGrants>()
        .AddSingleton<UspsAccessTokens>()
        .AddSingleton<UspsSettingsStore>()
        .AddSingleton<PaymentAuthorizations>()
        .AddSingleton<LabelStore>()
        .AddSingleton<PickupStore>();

    public static void MapUsps(this IEndpointRouteBuilder app)
    {
        app.MapUspsLandingPages();
        app.MapUspsSignInPages();
        app.MapUspsConsentPages();
        app.MapUspsTokenEndpoint();
        app.MapUspsRevokeEndpoint();
        app.MapUspsUsers();
        app.MapUspsPrices();
        app.MapUspsPayments();
        app.MapUspsLabels();
        app.MapUspsScanForms();
        app.MapUspsPickups();
    }
}
