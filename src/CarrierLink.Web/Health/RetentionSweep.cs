using System.Linq.Expressions;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Health;

/// <summary>What one sweep deleted, per table; Skipped when another node was sweeping.</summary>
public sealed record RetentionReport(
    bool Skipped, int AccountEvents, int FailedOperations, int OAuthStates, int IdempotencyRecords, int ReminderSnoozes,
    int UserSessions = 0, int SignInRecords = 0, int OutboxMessages = 0, int Notices = 0)
{
    public static readonly RetentionReport SkippedReport = new(true, 0, 0, 0, 0, 0);

    public int Total => AccountEvents + FailedOperations + OAuthStates + IdempotencyRecords + ReminderSnoozes + UserSessions + SignInRecords + OutboxMessages + Notices;
}

/// <summary>
/// One retention sweep: deletes the rows of the history tables that are older than RetentionOptions
/// allows, in batches of BatchSize rows per DELETE until none is left. Every DELETE names its rows by
/// the same condition it selected them with, so a sweep that runs twice (or on two nodes) deletes each
/// row once and nothing young; on PostgreSQL only the node holding the retention lock sweeps at all. It also wipes
/// the PKCE verifier of every sign-in past its lifetime, long before the sign-in's row goes.
/// </summary>
public sealed class RetentionSweep(CarrierLinkDb db, NodeLocks locks, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionSweep> logger)
{
    public const string LockName = "carrierlink-retention";

    public async Task<RetentionReport> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.TryAcquireAsync(LockName, cancellationToken);
        if (held is null)
        {
            logger.LogInformation("Retention sweep skipped: another node is sweeping.");
            return RetentionReport.SkippedReport;
        }

        var o = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var eventsBefore = now.AddDays(-o.EventsDays);
        var resolvedBefore = now.AddDays(-o.ResolvedFailedOperationsDays);
        var failedBefore = now.AddDays(-o.UnresolvedFailedOperationsDays);
        var statesBefore = now.AddDays(-o.OAuthStatesDays);
        var settledBefore = now.AddDays(-o.IdempotencyRecordsDays);
        var unsettledBefore = now.AddDays(-o.UnsettledIdempotencyRecordsDays);
        var snoozesBefore = now.AddDays(-o.SnoozesDays);
        var sessionsBefore = now.AddDays(-o.UserSessionsDays);
        var signInBefore = now.AddDays(-o.SignInRecordsDays);
        var outboxBefore = now.AddDays(-o.OutboxDays);
        var noticesBefore = now.AddDays(-o.NoticesDays);

        // A sign-in past its lifetime can no longer be finished, so its PKCE verifier goes now; the row stays for the grace
        // period (a late callback still reads "took too long"). A plain conditional UPDATE: running it twice changes nothing.
        var verifiersWiped = await db.OAuthStates.Where(s => s.ExpiresAt <= now && s.CodeVerifierCipher != null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.CodeVerifierCipher, (string?)null), cancellationToken);
        if (verifiersWiped > 0)
            logger.LogInformation("Retention sweep wiped the PKCE verifiers of {Count} expired sign-ins.", verifiersWiped);

        // Note: ordered by id, which grows with time in every table here, so PostgreSQL can walk the
        // primary key from the oldest rows and stop after one batch instead of sorting the table.
        var report = new RetentionReport(
            Skipped: false,
            AccountEvents: await DeleteInBatchesAsync<AccountEvent, long>(db.AccountEvents, e => e.At < eventsBefore, cancellationToken),
            FailedOperations: await DeleteInBatchesAsync<FailedOperation, Guid>(db.FailedOperations,
                f => (f.ResolvedAt != null && f.ResolvedAt < resolvedBefore) || (f.ResolvedAt == null && f.At < failedBefore), cancellationToken),
            OAuthStates: await DeleteInBatchesAsync<OAuthState, Guid>(db.OAuthStates,
                s => s.ExpiresAt < statesBefore || (s.ConsumedAt != null && s.ConsumedAt < statesBefore), cancellationToken),
            IdempotencyRecords: await DeleteInBatchesAsync<IdempotencyRecord, Guid>(db.IdempotencyRecords,
                r => r.Status == IdempotencyStatuses.Completed ? r.UpdatedAt < settledBefore : r.UpdatedAt < unsettledBefore, cancellationToken),
            ReminderSnoozes: await DeleteInBatchesAsync<ReminderSnooze, Guid>(db.ReminderSnoozes, s => s.Until < snoozesBefore, cancellationToken),
            UserSessions: await DeleteInBatchesAsync<UserSession, Guid>(db.UserSessions,
                s => (s.EndedAt != null && s.EndedAt < sessionsBefore) || s.ExpiresAt < sessionsBefore, cancellationToken),
            // Throttles are keyed by an email hash, not an id; the table holds one small row per recently mistyped email.
            SignInRecords: await db.SignInThrottles.Where(t => t.UpdatedAt < signInBefore && (t.WaitUntil == null || t.WaitUntil < now))
                    .ExecuteDeleteAsync(cancellationToken)
                + await DeleteInBatchesAsync<PasswordReset, Guid>(db.PasswordResets, r => r.ExpiresAt < signInBefore, cancellationToken),
            // Only messages already told: one still waiting is the only record that it has to be.
            OutboxMessages: await DeleteInBatchesAsync<OutboxMessage, Guid>(db.OutboxMessages,
                m => m.DispatchedAt != null && m.DispatchedAt < outboxBefore, cancellationToken),
            // Their unread rows go with them (a cascading foreign key).
            Notices: await DeleteInBatchesAsync<Notice, Guid>(db.Notices, n => n.OccurredAt < noticesBefore, cancellationToken));

        if (report.Total > 0)
            logger.LogInformation("Retention sweep deleted {Total} rows: {Events} events, {Failed} failed operations, {States} OAuth states, {Keys} idempotency records, {Snoozes} snoozes, {Sessions} sessions, {SignIn} sign-in records, {Outbox} outbox messages, {Notices} notices.",
                report.Total, report.AccountEvents, report.FailedOperations, report.OAuthStates, report.IdempotencyRecords, report.ReminderSnoozes,
                report.UserSessions, report.SignInRecords, report.OutboxMessages, report.Notices);
        return report;
    }

    /// <summary>DELETE ... WHERE id IN (SELECT id ... WHERE expired ORDER BY id LIMIT batch), repeated until a batch comes up short.</summary>
    private async Task<int> DeleteInBatchesAsync<T, TKey>(DbSet<T> table, Expression<Func<T, bool>> expired, CancellationToken cancellationToken) where T : class
    {
        var batchSize = options.Value.BatchSize;
        var batch = table.Where(expired).OrderBy(row => EF.Property<TKey>(row, "Id")).Take(batchSize).Select(row => EF.Property<TKey>(row, "Id"));
        var total = 0;
        while (true)
        {
            var deleted = await table.Where(row => batch.Contains(EF.Property<TKey>(row, "Id"))).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
            if (deleted < batchSize) return total;
        }
    }
}
