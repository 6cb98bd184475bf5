using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace CarrierLink.Tests.Support;

public static class BoundAddress
{
    /// <summary>
    /// Where a started app listens, as its server reports it (IServerAddressesFeature): an app started on port 0 learns
    /// its real port here. The app must listen on exactly one address.
    /// </summary>
    public static Uri BoundUrl(this WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.Single().TrimEnd('/') + "/");
    }
}
