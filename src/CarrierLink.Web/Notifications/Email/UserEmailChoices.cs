using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Notifications.Email;

/// <summary>One user's mail preferences as they apply now: the stored choices over the defaults.</summary>
public sealed record EmailChoices(bool DailyDigest, IReadOnlySet<string> On)
{
    public static EmailChoices Defaults { get; } =
        new(false, EmailTopics.All.Where(t => t.OnByDefault).Select(t => t.EventType).ToHashSet(StringComparer.Ordinal));

    public bool Wants(string eventType) => On.Contains(eventType);
}

/// <summary>Reads and changes the users' mail preferences (the settings page, the unsubscribe link, the fan-out).</summary>
public sealed class UserEmailChoices(CarrierLinkDb db)
{
    public async Task<EmailChoices> ForUserAsync(Guid userId, CancellationToken cancellationToken) =>
        (await ForUsersAsync([userId], cancellationToken))[userId];

    public async Task<Dictionary<Guid, EmailChoices>> ForUsersAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        var digests = await db.EmailPreferences.AsNoTracking().Where(p => userIds.Contains(p.UserId))
            .ToDictionaryAsync(p => p.UserId, p => p.DailyDigest, cancellationToken);
        var choices = (await db.EmailEventChoices.AsNoTracking().Where(c => userIds.Contains(c.UserId)).ToListAsync(cancellationToken))
            .ToLookup(c => c.UserId);
        return userIds.Distinct().ToDictionary(id => id, id =>
        {
            var on = EmailChoices.Defaults.On.ToHashSet(StringComparer.Ordinal);
            foreach (var choice in choices[id])
                if (choice.Enabled) on.Add(choice.EventType); else on.Remove(choice.EventType);
            return new EmailChoices(digests.GetValueOrDefault(id), on);
        });
    }

    /// <summary>The settings page's save: every kind of mail on or off, and single mails or the daily digest.</summary>
    public Task SaveAsync(Guid userId, bool dailyDigest, IReadOnlySet<string> on, CancellationToken cancellationToken) =>
        WriteAsync(userId, dailyDigest, EmailTopics.All.ToDictionary(t => t.EventType, t => on.Contains(t.EventType)), cancellationToken);

    /// <summary>Turns the given kinds of mail on or off and leaves the rest as they are (the unsubscribe link).</summary>
    public Task SetAsync(Guid userId, IEnumerable<string> eventTypes, bool enabled, CancellationToken cancellationToken) =>
        WriteAsync(userId, dailyDigest: null, eventTypes.Distinct().ToDictionary(t => t, _ => enabled), cancellationToken);

    private async Task WriteAsync(Guid userId, bool? dailyDigest, Dictionary<string, bool> wanted, CancellationToken cancellationToken)
    {
        // Two saves at once (two unsubscribe links clicked together) may both insert a row; the loser reads it and updates.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteOnceAsync(userId, dailyDigest, wanted, cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task WriteOnceAsync(Guid userId, bool? dailyDigest, Dictionary<string, bool> wanted, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        if (dailyDigest is { } digest)
        {
            var preference = await db.EmailPreferences.FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
            if (preference is null) db.EmailPreferences.Add(preference = new EmailPreference { UserId = userId });
            preference.DailyDigest = digest;
            preference.UpdatedAt = now;
        }
        var types = wanted.Keys.ToList();
        var stored = await db.EmailEventChoices.Where(c => c.UserId == userId && types.Contains(c.EventType))
            .ToDictionaryAsync(c => c.EventType, StringComparer.Ordinal, cancellationToken);
        foreach (var (type, enabled) in wanted)
        {
            if (!stored.TryGetValue(type, out var choice)) db.EmailEventChoices.Add(choice = new EmailEventChoice { UserId = userId, EventType = type });
            if (choice.Enabled == enabled && db.Entry(choice).State != EntityState.Added) continue;
            choice.Enabled = enabled;
            choice.UpdatedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
