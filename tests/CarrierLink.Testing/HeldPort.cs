using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace CarrierLink.Tests.Support;

/// <summary>
/// A loopback port bound now and handed to Kestrel as its listening socket when the app starts. The URL is known before
/// the server starts (the sandbox must know CarrierLink's callback URLs, CarrierLink the sandbox's URL and its own), and
/// the port is never let go in between: picking a free port, closing it and binding it later let a suite running beside
/// this one (or any outgoing connection) take it first.
/// </summary>
public sealed class HeldPort : IDisposable
{
    private Socket? _socket;

    private HeldPort(Socket socket)
    {
        _socket = socket;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    /// <summary>The server's address, with a trailing slash.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>The value of the app's <c>--urls</c>: Kestrel asks for this endpoint and is given the held socket.</summary>
    public string Urls => $"http://127.0.0.1:{Port}";

    public static HeldPort Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            // Listening now is what holds it: .NET sets SO_REUSEADDR on Linux, so a port that is only bound can be bound
            // again by another socket. Connections that arrive before the app starts wait in the backlog.
            socket.Listen();
            return new HeldPort(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Makes the app's Kestrel listen on the held socket when it binds <see cref="Urls"/>; other endpoints bind as they
    /// would. Kestrel owns the socket from then on and closes it when the app stops.
    /// </summary>
    public void HandTo(IServiceCollection services) =>
        services.Configure<SocketTransportOptions>(options =>
        {
            var otherwise = options.CreateBoundListenSocket;
            options.CreateBoundListenSocket = endpoint => Take(endpoint) ?? otherwise(endpoint);
        });

    private Socket? Take(EndPoint endpoint) =>
        endpoint is IPEndPoint ip && ip.Port == Port && ip.Address.Equals(IPAddress.Loopback) ? Interlocked.Exchange(ref _socket, null) : null;

    /// <summary>Closes the socket if no app took it (a start that failed before binding).</summary>
    public void Dispose() => Interlocked.Exchange(ref _socket, null)?.Dispose();
}
