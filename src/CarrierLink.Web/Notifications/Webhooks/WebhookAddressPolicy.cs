using System.Net;
using System.Net.Sockets;
using CarrierLink.Web.Security;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications.Webhooks;

/// <summary>
/// Which URLs a merchant may point webhooks at. A webhook is a request CarrierLink makes to an address a customer chose,
/// the textbook SSRF (Standard Webhooks, "Server side request forgery"): outside Development and Testing only https to
/// public addresses. The address is checked when the URL is saved and again when each connection is made, because a
/// name that resolved to a public address yesterday may resolve to 169.254.169.254 today.
/// </summary>
public sealed class WebhookAddressPolicy(IOptions<WebhookOptions> options, IHostEnvironment environment)
{
    public const int MaxUrlLength = 2048;

    private bool Relaxed => environment.IsDevelopment() || environment.IsEnvironment("Testing");

    public bool HttpToLoopbackAllowed => options.Value.AllowHttpToLoopback ?? Relaxed;

    public bool PrivateAddressesAllowed => options.Value.AllowPrivateAddresses ?? Relaxed;

    /// <summary>Why the URL cannot be an endpoint, as the end of "url ..."; null when it can.</summary>
    public string? UrlRefusal(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return "is required: the https address your system receives webhooks on";
        if (url.Length > MaxUrlLength) return $"must be at most {MaxUrlLength} characters";
        if (ControlCharacters.Has(url)) return ControlCharacters.Reason;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0)
            return "must be an absolute https:// address";
        if (uri.UserInfo.Length > 0) return "must not contain a user name or password; CarrierLink signs every webhook instead";
        var loopback = IsLoopbackName(uri);
        if (uri.Scheme == "http" && !(loopback && HttpToLoopbackAllowed))
            return HttpToLoopbackAllowed ? "must be https (plain http only to this machine, for testing)" : "must be https";
        if (!PrivateAddressesAllowed && (loopback || IPAddress.TryParse(uri.IdnHost, out var literal) && !IsPublic(literal)))
            return "must be a public address: CarrierLink does not send webhooks to loopback, private or link-local addresses";
        return null;
    }

    /// <summary>The URL as it is stored: trimmed, otherwise as the merchant wrote it.</summary>
    public static string Normalize(string url) => url.Trim();

    /// <summary>
    /// The webhook client's connections: the host's addresses are resolved here and only allowed ones are dialled, so
    /// the check and the connection use the same address.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = PrivateAddressesAllowed ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
            throw new WebhookAddressRefusedException(
                addresses.Length == 0 ? $"{host} did not resolve" : $"{host} resolves only to addresses CarrierLink does not send webhooks to");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsLoopbackName(Uri uri) =>
        uri.IsLoopback || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || IPAddress.TryParse(uri.IdnHost, out var address) && IPAddress.IsLoopback(address);

    /// <summary>False for every address that is not the public internet's: loopback, private, link-local, shared, multicast, reserved.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || b[0] == 100 && b[1] is >= 64 and < 128      // shared (carrier-grade NAT)
                || b[0] == 169 && b[1] == 254                 // link-local, where clouds keep their metadata service
                || b[0] == 172 && b[1] is >= 16 and < 32
                || b[0] == 192 && b[1] == 168
                || b[0] == 192 && b[1] == 0 && b[2] is 0 or 2 // protocol assignments, documentation
                || b[0] == 198 && b[1] is 18 or 19            // benchmarking
                || b[0] == 198 && b[1] == 51 && b[2] == 100
                || b[0] == 203 && b[1] == 0 && b[2] == 113);
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return false;
        var v6 = address.GetAddressBytes();
        return !(address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xFE) == 0xFC                          // unique local fc00::/7
            || v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0D && v6[3] == 0xB8 // documentation 2001:db8::/32
            || v6.Take(12).All(x => x == 0));                  // ::/96, IPv4-compatible and unspecified
    }
}
