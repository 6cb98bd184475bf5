using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CarrierLink.Sandbox.FedEx.Registration;

/// <summary>A registration between address validation and proof: which account, for which platform, and the PIN if one was sent.</summary>
public sealed record RegistrationSession(string AccountNumber, string ClientId, DateTimeOffset ExpiresAt)
{
    public string? PinHash { get; init; }
    public DateTimeOffset? PinExpiresAt { get; init; }
    public int WrongPins { get; init; }
}

public abstract record SessionLookup
{
    public sealed record Found(string Hash, RegistrationSession Session) : SessionLookup;
    /// <summary>Never issued, issued to another platform, or already used for keys.</summary>
    public sealed record Unknown : SessionLookup;
    public sealed record Expired : SessionLookup;
}

/// <summary>
/// The accountAuthToken of FedEx's registration API: an HS256 JWT shaped like FedEx's example
/// (TypeOfJWT "AddressValidated", AccountNumber, DateTime 1800000 ms = a 30-minute session, exp). The sandbox keeps
/// the session by the token's hash and never reads the token's claims back. Sandbox rules (invented): a PIN lives
/// 10 minutes and dies after 3 wrong tries; a session ends when keys are issued.
/// </summary>
public sealed class FedExRegistrations(TimeProvider time)
{
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan PinLifetime = TimeSpan.FromMinutes(10);
    public const int MaxWrongPins = 3;

    private readonly ConcurrentDictionary<string, RegistrationSession> sessions = new(StringComparer.Ordinal);
    private readonly SigningCredentials signing = new(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256);
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public string Start(string accountNumber, string clientId)
    {
        var now = time.GetUtcNow();
        var expires = now + SessionLifetime;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["TypeOfJWT"] = "AddressValidated",
                ["AccountNumber"] = accountNumber,
                ["DateTime"] = (long)SessionLifetime.TotalMilliseconds,
                ["jti"] = Secrets.NewId(),
            },
            Expires = expires.UtcDateTime,
            SigningCredentials = signing,
        });
        foreach (var (hash, old) in sessions)
            if (old.ExpiresAt <= now) sessions.TryRemove(hash, out _);
        sessions[Secrets.Hash(token)] = new RegistrationSession(accountNumber, clientId, expires);
        return token;
    }

    public SessionLookup Find(string? accountAuthToken, string clientId)
    {
        if (string.IsNullOrEmpty(accountAuthToken)) return new SessionLookup.Unknown();
        var hash = Secrets.Hash(accountAuthToken);
        if (!sessions.TryGetValue(hash, out var session) || session.ClientId != clientId) return new SessionLookup.Unknown();
        return time.GetUtcNow() >= session.ExpiresAt ? new SessionLookup.Expired() : new SessionLookup.Found(hash, session);
    }

    /// <summary>A new 6-digit PIN for the session (an earlier one stops working).</summary>
    public string NewPin(string hash)
    {
        var pin = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        sessions.AddOrUpdate(hash, _ => throw new InvalidOperationException("The session is gone."),
            (_, s) => s with { PinHash = Secrets.Hash(pin), PinExpiresAt = time.GetUtcNow() + PinLifetime, WrongPins = 0 });
        return pin;
    }

    /// <summary>True when <paramref name="pin"/> is the session's live PIN; a wrong one counts towards killing it.</summary>
    public bool CheckPin(string hash, string pin)
    {
        if (!sessions.TryGetValue(hash, out var session) || session.PinHash is null || session.WrongPins >= MaxWrongPins
            || session.PinExpiresAt is not { } expires || time.GetUtcNow() >= expires)
        {
            return false;
        }
        if (Secrets.SameText(session.PinHash, Secrets.Hash(pin))) return true;
        sessions.TryUpdate(hash, session with { WrongPins = session.WrongPins + 1 }, session);
        return false;
    }

    /// <summary>Keys were issued: the accountAuthToken is spent.</summary>
    public void Complete(string hash) => sessions.TryRemove(hash, out _);
}
