using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Reminders;

/// <summary>
/// Who is asked to reconnect what, and "Remind Me Later". A snooze hides the prompt for one user
/// (from the pages) or for the whole merchant (from the API); the account keeps its badge everywhere.
/// A snooze belongs to one break: only a snooze made since the account's last state change counts, so
/// reconnecting ends it, and a stale tab's Remind Me Later cannot silence the next break.
/// </summary>
public sealed class ReconnectReminders(CarrierLinkDb db, IOptions<ReminderOptions> options)
{
    /// <summary>The account to prompt this user about now, if any: needs a reconnect and is not snoozed.</summary>
    public async Task<CarrierAccount?> PromptForAsync(Guid merchantId, Guid? userId, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        return await db.ActiveOf(merchantId)
            .Where(a => a.State == ConnectionState.NeedsReconnect)
            .Where(a => !db.ReminderSnoozes.Any(s => s.AccountId == a.Id && s.Until > now && s.CreatedAt >= a.StateChangedAt && (s.UserId == null || s.UserId == userId)))
            .OrderBy(a => a.StateChangedAt)
            .AsNoTracking()
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<DateTime> SnoozeAsync(CarrierAccount account, Guid? userId, int? hours, CancellationToken cancellationToken)
    {
        // Whole seconds: what the API reports is then exactly what every store keeps.
        var length = hours ?? options.Value.SnoozeHours;
        var until = TruncateToSeconds(db.UtcNow.AddHours(length));
        db.ReminderSnoozes.Add(new ReminderSnooze { AccountId = account.Id, UserId = userId, Until = until, CreatedAt = db.UtcNow });
        // The timeline shows this text as is, so it names a duration, not a raw UTC moment (the event's own time is shown local).
        AccountLedger.Record(db, account, "snoozed",
            $"Reconnect reminder postponed for {length} hour{(length == 1 ? "" : "s")}{(userId is null ? " for everyone (API)" : "")}.", userId);
        await db.SaveChangesAsync(cancellationToken);
        return until;
    }

    private static DateTime TruncateToSeconds(DateTime value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    /// <summary>The merchant-wide snooze the API reports as snoozed_until.</summary>
    public async Task<DateTime?> MerchantSnoozeAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var breakStarted = await db.CarrierAccounts.Where(a => a.Id == accountId).Select(a => a.StateChangedAt).FirstOrDefaultAsync(cancellationToken);
        return await db.ReminderSnoozes.Where(s => s.AccountId == accountId && s.UserId == null && s.Until > now && s.CreatedAt >= breakStarted)
            .OrderByDescending(s => s.Until).Select(s => (DateTime?)s.Until).FirstOrDefaultAsync(cancellationToken);
    }
}
