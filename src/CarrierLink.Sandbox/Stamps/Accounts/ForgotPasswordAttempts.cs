namespace CarrierLink.Sandbox.Stamps.Accounts;

/// <summary>
/// Wrong answers to the security questions, per username as typed (known or not, so the pages behave the same for a
/// username that has no account). The third wrong attempt blocks online resets of that username for 24 hours.
/// </summary>
public sealed class ForgotPasswordAttempts(TimeProvider time)
{
    public const int MaxWrongAttempts = 3;
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private sealed record Entry(int Failures, DateTimeOffset LastFailureAt, DateTimeOffset? BlockedUntil);

    private readonly Lock gate = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.OrdinalIgnoreCase);

    public DateTimeOffset? BlockedUntil(string username)
    {
        lock (gate)
        {
            Prune();
            return entries.GetValueOrDefault(Normalize(username))?.BlockedUntil;
        }
    }

    /// <summary>Counts a wrong attempt; the answer is how many are left (0 means the username is now blocked).</summary>
    public int Failed(string username)
    {
        lock (gate)
        {
            Prune();
            var key = Normalize(username);
            var now = time.GetUtcNow();
            var failures = (entries.GetValueOrDefault(key)?.Failures ?? 0) + 1;
            entries[key] = new Entry(failures, now, failures >= MaxWrongAttempts ? now + Window : null);
            return Math.Max(0, MaxWrongAttempts - failures);
        }
    }

    public void Succeeded(string username)
    {
        lock (gate) entries.Remove(Normalize(username));
    }

    // Failures are remembered for 24 hours after the last one; a block for 24 hours after it started.
    private void Prune()
    {
        var now = time.GetUtcNow();
        var old = entries.Where(e => e.Value.BlockedUntil is { } until ? until <= now : e.Value.LastFailureAt + Window <= now).Select(e => e.Key).ToList();
        foreach (var key in old) entries.Remove(key);
    }

    private static string Normalize(string username) => username.Trim();
}
