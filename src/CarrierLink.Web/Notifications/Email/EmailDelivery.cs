using CarrierLink.Web.Data;
using CarrierLink.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications.Email;

/// <summary>
/// Sends the mail jobs that are due, on any number of nodes. A claim is a conditional UPDATE (like the outbox's): two
/// nodes never hold the same job, a crashed node's claim runs out and another node sends the job. A user's due digest
/// jobs are claimed together and go as one mail. A send that fails stays unsent and is due again after a wait that
/// doubles with each failure: a mail is late when the SMTP server is down, never lost.
/// </summary>
public sealed partial class EmailDelivery(
    CarrierLinkDb db, MailSender sender, EmailComposer composer, IOptions<NotificationOptions> notifications,
    IOptions<EmailNotificationOptions> options, ILogger<EmailDelivery> logger) : IDeliveryWork
{
    public async Task<int> RunBatchAsync(CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var candidates = await db.EmailJobs.AsNoTracking()
            .Where(j => j.SentAt == null && j.DueAt <= now && (j.ClaimedUntil == null || j.ClaimedUntil < now))
            .OrderBy(j => j.DueAt).ThenBy(j => j.Id).Take(notifications.Value.BatchSize)
            .Select(j => new { j.Id, j.UserId, j.Digest }).ToListAsync(cancellationToken);
        if (candidates.Count == 0) return 0;

        var ids = candidates.Select(c => c.Id).ToList();
        // A digest is everything due for its user, not just what fitted in this batch.
        var digestUsers = candidates.Where(c => c.Digest).Select(c => c.UserId).Distinct().ToList();
        var token = Guid.NewGuid();
        var until = now.AddSeconds(notifications.Value.ClaimSeconds);
        await db.EmailJobs
            .Where(j => (ids.Contains(j.Id) || (j.Digest && digestUsers.Contains(j.UserId)))
                && j.SentAt == null && j.DueAt <= now && (j.ClaimedUntil == null || j.ClaimedUntil < now))
            .ExecuteUpdateAsync(j => j.SetProperty(x => x.ClaimToken, token).SetProperty(x => x.ClaimedUntil, until), cancellationToken);
        var claimed = await db.EmailJobs.AsNoTracking().Where(j => j.ClaimToken == token && j.SentAt == null).ToListAsync(cancellationToken);
        if (claimed.Count == 0) return 0;

        var userIds = claimed.Select(j => j.UserId).Distinct().ToList();
        var emails = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email, cancellationToken);
        var mails = claimed.Where(j => !j.Digest).OrderBy(j => j.DueAt).ThenBy(j => j.Id).Select(j => (Jobs: (IReadOnlyList<EmailJob>)[j], Digest: false))
            .Concat(claimed.Where(j => j.Digest).GroupBy(j => j.UserId).Select(g => (Jobs: (IReadOnlyList<EmailJob>)g.ToList(), Digest: true)));

        var sent = 0;
        foreach (var (jobs, digest) in mails)
        {
            if (!emails.TryGetValue(jobs[0].UserId, out var to)) continue;
            if (!await StillOursAsync(jobs, token, cancellationToken)) continue;
            try
            {
                await sender.SendAsync(digest ? composer.Digest(to, jobs) : composer.OneEvent(to, jobs[0]), cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                await RetryLaterAsync(jobs, token, e, cancellationToken);
                continue;
            }
            await Jobs(jobs, token).ExecuteUpdateAsync(j => j
                .SetProperty(x => x.SentAt, db.UtcNow).SetProperty(x => x.ClaimToken, (Guid?)null).SetProperty(x => x.ClaimedUntil, (DateTime?)null)
                .SetProperty(x => x.Attempts, x => x.Attempts + 1).SetProperty(x => x.LastError, (string?)null), cancellationToken);
            sent++;
        }
        return sent;
    }

    /// <summary>
    /// Renews the claim just before a send, so a slow SMTP server earlier in the batch cannot let the claim run out under
    /// a mail that another node then sends as well; false when another node took the jobs over already.
    /// </summary>
    private async Task<bool> StillOursAsync(IReadOnlyList<EmailJob> jobs, Guid token, CancellationToken cancellationToken) =>
        await Jobs(jobs, token).ExecuteUpdateAsync(j => j.SetProperty(x => x.ClaimedUntil, db.UtcNow.AddSeconds(notifications.Value.ClaimSeconds)),
            cancellationToken) == jobs.Count;

    private async Task RetryLaterAsync(IReadOnlyList<EmailJob> jobs, Guid token, Exception error, CancellationToken cancellationToken)
    {
        var attempts = jobs.Max(j => j.Attempts) + 1;
        var due = db.UtcNow + options.Value.RetryDelay(attempts);
        var why = error.Message.Length > 500 ? error.Message[..500] : error.Message;
        await Jobs(jobs, token).ExecuteUpdateAsync(j => j
            .SetProperty(x => x.Attempts, x => x.Attempts + 1).SetProperty(x => x.DueAt, due).SetProperty(x => x.LastError, why)
            .SetProperty(x => x.ClaimToken, (Guid?)null).SetProperty(x => x.ClaimedUntil, (DateTime?)null), CancellationToken.None);
        LogSendFailed(logger, jobs.Count, attempts, due, error);
    }

    private IQueryable<EmailJob> Jobs(IReadOnlyList<EmailJob> jobs, Guid token)
    {
        var ids = jobs.Select(j => j.Id).ToList();
        return db.EmailJobs.Where(j => ids.Contains(j.Id) && j.ClaimToken == token && j.SentAt == null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending a mail ({Jobs} event(s)) failed on try {Attempts}; it is tried again at {DueAt:u}.")]
    private static partial void LogSendFailed(ILogger logger, int jobs, int attempts, DateTime dueAt, Exception exception);
}
