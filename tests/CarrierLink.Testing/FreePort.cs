using System.Net;
using System.Net.Sockets;

namespace CarrierLink.Tests.Support;

/// <summary>
/// A free loopback port, chosen before start-up because the carrier must know CarrierLink's
/// callback URL in advance (never the fixed 5080/5090 people use).
/// </summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
