using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications.Email;

/// <param name="SourceId">What the mail is about (an outbox message): one mail per source per user, however often it is queued.</param>
public sealed record MailToMerchant(Guid MerchantId, Guid SourceId, DateTime OccurredAt, MailItem Item);

/// <summary>
/// Turns mails to a merchant into one job per user of the merchant who wants that kind of mail: due at once, or at the
/// next digest hour for a user who chose the daily digest. Only adds rows to the caller's unit of work: nothing is sent
/// here, and nothing at all unless the caller's save commits.
/// </summary>
public sealed class EmailQueue(IOptions<EmailNotificationOptions> options)
{
    public async Task<int> AddAsync(CarrierLinkDb db, IReadOnlyList<MailToMerchant> mails, CancellationToken cancellationToken)
    {
        if (mails.Count == 0) return 0;
        var merchantIds = mails.Select(m => m.MerchantId).Distinct().ToList();
        var users = (await db.Users.AsNoTracking()
                .Where(u => u.MerchantId != null && merchantIds.Contains(u.MerchantId.Value) && u.Role == UserRoles.Merchant)
                .Select(u => new { u.Id, MerchantId = u.MerchantId!.Value }).ToListAsync(cancellationToken))
            .ToLookup(u => u.MerchantId, u => u.Id);
        var choices = await new UserEmailChoices(db).ForUsersAsync(users.SelectMany(g => g).ToList(), cancellationToken);

        // A fan-out redone after a lost claim finds its jobs there already (the unique index is the last word).
        var sourceIds = mails.Select(m => m.SourceId).Distinct().ToList();
        var queued = (await db.EmailJobs.AsNoTracking().Where(j => sourceIds.Contains(j.SourceId))
                .Select(j => new { j.SourceId, j.UserId }).ToListAsync(cancellationToken))
            .Select(j => (j.SourceId, j.UserId))
            .Concat(db.ChangeTracker.Entries<EmailJob>().Where(e => e.State == EntityState.Added).Select(e => (e.Entity.SourceId, e.Entity.UserId)))
            .ToHashSet();

        var now = db.UtcNow;
        var added = 0;
        foreach (var mail in mails)
        foreach (var userId in users[mail.MerchantId])
        {
            var wants = choices[userId];
            if (!wants.Wants(mail.Item.EventType) || !queued.Add((mail.SourceId, userId))) continue;
            db.EmailJobs.Add(new EmailJob
            {
                SourceId = mail.SourceId,
                UserId = userId,
                EventType = mail.Item.EventType,
                OccurredAt = mail.OccurredAt,
                Headline = Clip(mail.Item.Headline, 300),
                Body = mail.Item.Body,
                ActionLabel = mail.Item.ActionLabel,
                ActionPath = mail.Item.ActionPath,
                Digest = wants.DailyDigest,
                DueAt = wants.DailyDigest ? options.Value.NextDigestAfter(now) : now,
            });
            added++;
        }
        return added;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
