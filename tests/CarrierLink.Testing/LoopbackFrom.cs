using System.Net;
using System.Net.Sockets;

namespace CarrierLink.Tests.Support;

/// <summary>
/// HTTP from a chosen loopback address (127.0.0.2, 127.0.0.3...): Linux routes all of 127.0.0.0/8 to loopback, so a
/// test can be several client IPs at once against a server bound to 127.0.0.1 (per-IP limits).
/// </summary>
public static class LoopbackFrom
{
    private static int s_next = 10;

    /// <summary>A loopback address no other test in this process has used.</summary>
    public static IPAddress NextAddress()
    {
        var n = Interlocked.Increment(ref s_next);
        return new IPAddress([127, 0, (byte)(n / 250), (byte)(2 + n % 250)]);
    }

    public static SocketsHttpHandler Handler(IPAddress from, CookieContainer? cookies = null) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static HttpClient Client(Uri baseAddress, IPAddress from) => new(Handler(from)) { BaseAddress = baseAddress };
}
