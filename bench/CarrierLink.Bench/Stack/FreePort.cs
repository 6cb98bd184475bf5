using System.Net;
using System.Net.Sockets;

namespace CarrierLink.Bench.Stack;

/// <summary>A free loopback port, chosen up front because the sandbox must know every node's callback URL before they start.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
