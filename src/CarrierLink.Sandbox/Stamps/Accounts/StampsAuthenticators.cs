using CarrierLink.Sandbox.Control;
using CarrierLink.Sandbox.Customers;
using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox.Stamps.Accounts;

public abstract record AuthenticatorCheck
{
    public sealed record Valid(Customer Customer) : AuthenticatorCheck;

    /// <summary>Unknown, expired, revoked, or issued for a password the account no longer has: SWS's 002b0201.</summary>
    public sealed record Stale : AuthenticatorCheck;

    public sealed record Suspended(Customer Customer) : AuthenticatorCheck;
}

/// <summary>
/// Authenticators from /swsim/v1/authenticate: opaque, kept by hash, tied to the customer and the password version they
/// were issued for, so any password change (any path) makes every earlier one stale at once.
/// </summary>
public sealed class StampsAuthenticators(CustomerStore customers, TimeProvider time, IOptions<StampsOptions> options, SandboxCounters counters)
{
    private sealed record Entry(string Username, int PasswordVersion, DateTimeOffset ExpiresAt);

    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public int LifetimeSeconds => options.Value.AuthenticatorSeconds;

    public string Issue(Customer customer)
    {
        var authenticator = Secrets.NewToken();
        var now = time.GetUtcNow();
        lock (gate)
        {
            foreach (var expired in entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList()) entries.Remove(expired);
            entries[Secrets.Hash(authenticator)] = new Entry(customer.Username, customer.PasswordVersion, now.AddSeconds(LifetimeSeconds));
        }
        counters.For(Carriers.Stamps).TokenIssued();
        return authenticator;
    }

    public AuthenticatorCheck Validate(string? authenticator)
    {
        if (string.IsNullOrEmpty(authenticator)) return new AuthenticatorCheck.Stale();
        Entry? entry;
        lock (gate) entry = entries.GetValueOrDefault(Secrets.Hash(authenticator));
        // The customer is read outside this store's lock: the two stores never hold each other's locks.
        if (entry is null || entry.ExpiresAt <= time.GetUtcNow()) return new AuthenticatorCheck.Stale();
        if (customers.Find(Carriers.Stamps, entry.Username) is not { } customer || customer.PasswordVersion != entry.PasswordVersion)
        {
            return new AuthenticatorCheck.Stale();
        }
        return customer.Suspended ? new AuthenticatorCheck.Suspended(customer) : new AuthenticatorCheck.Valid(customer);
    }

    /// <summary>Ends every authenticator of the customer (control API revoke / expire-tokens; password changes also call it to free memory).</summary>
    public int RevokeCustomer(string username)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            var theirs = entries.Where(e => e.Value.ExpiresAt > now && string.Equals(e.Value.Username, username, StringComparison.OrdinalIgnoreCase))
                .Select(e => e.Key).ToList();
            foreach (var key in theirs) entries.Remove(key);
            return theirs.Count;
        }
    }
}
