using CarrierLink.Sandbox.FedEx.Api;
using CarrierLink.Sandbox.FedEx.Auth;
using CarrierLink.Sandbox.FedEx.Registration;
using CarrierLink.Sandbox.FedEx.Site;

namespace CarrierLink.Sandbox.FedEx;

/// <summary>Everything FedEx: OAuth (/oauth/token), account registration, rates, ship, pickup, Ground close, and the FedEx.com pages.</summary>
public static class FedExEndpoints
{
    public static IServiceCollection AddFedEx(this IServiceCollection services) => services
        .AddSingleton<FedExChildKeys>()
        .AddSingleton<FedExAccessTokens>()
        .AddSingleton<FedExRegistrations>()
        .AddSingleton<FedExPinMailbox>()
        .AddSingleton<FedExShipmentStore>();

    public static void MapFedEx(this IEndpointRouteBuilder app)
    {
        app.MapFedExPages();
        app.MapFedExTokenEndpoint();
        app.MapFedExRegistration();
        app.MapFedExRates();
        app.MapFedExShip();
        app.MapFedExPickups();
        app.MapFedExEndOfDay();
    }
}
