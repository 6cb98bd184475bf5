using System.Security.Cryptography;
using CarrierLink.Web.Connect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications.Email;

/// <summary>Whose mail an unsubscribe link turns off, and which kinds.</summary>
public sealed record Unsubscribe(Guid UserId, IReadOnlyList<string> EventTypes);

/// <summary>
/// Unsubscribe links that work without signing in: the link carries a token signed and encrypted with the app's shared
/// key ring (any node reads it), naming the user and the kinds of mail it turns off. It can do nothing else, so it
/// does not expire: a mail read months later still unsubscribes.
/// </summary>
public sealed class UnsubscribeLinks(IDataProtectionProvider protection, IOptions<ConnectOptions> connect)
{
    public const string Path = "settings/notifications/unsubscribe";

    private readonly IDataProtector _protector = protection.CreateProtector("CarrierLink.Email.Unsubscribe.v1");

    public Uri For(Guid userId, IEnumerable<string> eventTypes) =>
        new(connect.Value.PublicBaseUrl!, $"{Path}?token={Token(userId, eventTypes)}");

    public string Token(Guid userId, IEnumerable<string> eventTypes) =>
        _protector.Protect($"{userId:N}|{string.Join(',', eventTypes.Distinct())}");

    /// <summary>The link's meaning, or null for a token this app did not make (edited, cut short, another app's).</summary>
    public Unsubscribe? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2000) return null;
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
        var parts = payload.Split('|');
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var userId)) return null;
        var types = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries).Where(t => EmailTopics.Find(t) is not null).ToList();
        return types.Count == 0 ? null : new Unsubscribe(userId, types);
    }
}
