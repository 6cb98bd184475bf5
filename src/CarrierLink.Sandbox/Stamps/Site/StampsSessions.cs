using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.Stamps.Accounts;

namespace CarrierLink.Sandbox.Stamps.Site;

/// <summary>A signed-in Stamps.com visitor. A session belongs to one password version: a password change elsewhere signs it out.</summary>
public sealed record StampsSession(string Id, string Username, int PasswordVersion, bool MustChangePassword, DateTimeOffset ExpiresAt)
{
    /// <summary>A one-time notice for the next page ("Your password was changed.").</summary>
    public string? Notice { get; init; }
}

/// <summary>Site sessions, server-side; the browser holds only a random id in the Sandbox.Stamps cookie (kept here by hash).</summary>
public sealed class StampsSessions(StampsAccounts accounts, TimeProvider time)
{
    public const string CookieName = "Sandbox.Stamps";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly Lock gate = new();
    private readonly Dictionary<string, StampsSession> sessions = new(StringComparer.Ordinal);

    public void Start(HttpContext context, Customer customer, bool mustChangePassword)
    {
        Forget(context);
        var id = Secrets.NewToken();
        var expiresAt = time.GetUtcNow() + Lifetime;
        lock (gate)
        {
            var now = time.GetUtcNow();
            foreach (var old in sessions.Where(s => s.Value.ExpiresAt <= now).Select(s => s.Key).ToList()) sessions.Remove(old);
            sessions[Secrets.Hash(id)] = new StampsSession(Secrets.Hash(id), customer.Username, customer.PasswordVersion, mustChangePassword, expiresAt);
        }
        context.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Path = "/stamps",
            IsEssential = true,
        });
    }

    /// <summary>The visitor's session with their account, or null when there is none or it no longer holds (expired, password changed, suspended).</summary>
    public (StampsSession Session, Customer Customer)? Current(HttpContext context)
    {
        if (context.Request.Cookies[CookieName] is not { Length: > 0 } id) return null;
        var key = Secrets.Hash(id);
        StampsSession? session;
        lock (gate) session = sessions.GetValueOrDefault(key);
        if (session is null || session.ExpiresAt <= time.GetUtcNow()) return null;
        if (accounts.Find(session.Username) is not { Suspended: false } customer || customer.PasswordVersion != session.PasswordVersion)
        {
            lock (gate) sessions.Remove(key);
            return null;
        }
        return (session, customer);
    }

    /// <summary>After this session changed the password: it follows the new version, and shows a notice once.</summary>
    public void PasswordChanged(StampsSession session, Customer customer, string notice)
    {
        lock (gate)
        {
            if (sessions.ContainsKey(session.Id))
            {
                sessions[session.Id] = session with { PasswordVersion = customer.PasswordVersion, MustChangePassword = false, Notice = notice };
            }
        }
    }

    /// <summary>The notice for this page view, cleared so a reload does not show it again.</summary>
    public string? TakeNotice(StampsSession session)
    {
        lock (gate)
        {
            if (!sessions.TryGetValue(session.Id, out var current) || current.Notice is null) return null;
            sessions[session.Id] = current with { Notice = null };
            return current.Notice;
        }
    }

    public void End(HttpContext context)
    {
        Forget(context);
        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/stamps" });
    }

    private void Forget(HttpContext context)
    {
        if (context.Request.Cookies[CookieName] is { Length: > 0 } id)
        {
            lock (gate) sessions.Remove(Secrets.Hash(id));
        }
    }
}
