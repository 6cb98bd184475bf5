using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using Medallion.Threading.Postgres;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Health;

/// <summary>
/// The retention sweep on a real database. The background loop is off in these stacks, so each
/// test runs exactly the sweeps it asks for; the batch is three rows, so a handful of rows already
/// takes several DELETEs.
/// </summary>
public abstract class RetentionTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;
    private DateTime Now => Stack.Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task Old_rows_go_and_young_rows_stay_in_every_table()
    {
        var account = await RetentionRows.AccountAsync(Stack);
        var keep = new List<object>();
        var drop = new List<object>();
        await Stack.WithDbAsync(async db =>
        {
            drop.Add(RetentionRows.Event(db, account, Now.AddDays(-366)));
            keep.Add(RetentionRows.Event(db, account, Now.AddDays(-364)));

            drop.Add(RetentionRows.Failed(db, account, at: Now.AddDays(-45), resolvedAt: Now.AddDays(-31)));
            keep.Add(RetentionRows.Failed(db, account, at: Now.AddDays(-45), resolvedAt: Now.AddDays(-29)));
            drop.Add(RetentionRows.Failed(db, account, at: Now.AddDays(-31), resolvedAt: null));
            keep.Add(RetentionRows.Failed(db, account, at: Now.AddDays(-29), resolvedAt: null));

            drop.Add(RetentionRows.State(db, account, expiresAt: Now.AddDays(-1).AddMinutes(-1), consumedAt: null));
            drop.Add(RetentionRows.State(db, account, expiresAt: Now.AddDays(-1).AddMinutes(-1), consumedAt: Now.AddDays(-1).AddMinutes(-5)));
            keep.Add(RetentionRows.State(db, account, expiresAt: Now.AddHours(-23), consumedAt: Now.AddHours(-23).AddMinutes(-5)));
            keep.Add(RetentionRows.State(db, account, expiresAt: Now.AddMinutes(5), consumedAt: null));

            drop.Add(RetentionRows.Key(db, account, IdempotencyStatuses.Completed, Now.AddDays(-31)));
            keep.Add(RetentionRows.Key(db, account, IdempotencyStatuses.Completed, Now.AddDays(-29)));
            drop.Add(RetentionRows.Key(db, account, IdempotencyStatuses.Unknown, Now.AddDays(-91)));

            drop.Add(RetentionRows.Snooze(db, account, Now.AddDays(-1).AddMinutes(-1)));
            keep.Add(RetentionRows.Snooze(db, account, Now.AddHours(-23)));
            keep.Add(RetentionRows.Snooze(db, account, Now.AddHours(20)));
            return await db.SaveChangesAsync();
        });

        var report = await SweepAsync();

        report.ShouldBe(new RetentionReport(Skipped: false, AccountEvents: 1, FailedOperations: 2, OAuthStates: 2, IdempotencyRecords: 2, ReminderSnoozes: 1));
        var left = await RetentionRows.RowsOfAsync(Stack, account);
        left.ShouldBe(keep.Select(RetentionRows.IdOf), ignoreOrder: true);
    }

    [Fact]
    public async Task A_sign_in_past_its_lifetime_loses_its_PKCE_verifier_at_the_next_sweep_while_a_live_one_keeps_it()
    {
        var account = await RetentionRows.AccountAsync(Stack);
        var (expired, live) = await Stack.WithDbAsync(async db =>
        {
            var expired = RetentionRows.State(db, account, expiresAt: Now.AddMinutes(-1), consumedAt: null, verifierCipher: "expired-cipher");
            var live = RetentionRows.State(db, account, expiresAt: Now.AddMinutes(5), consumedAt: null, verifierCipher: "live-cipher");
            await db.SaveChangesAsync();
            return (expired.Id, live.Id);
        });

        (await SweepAsync()).OAuthStates.ShouldBe(0, "the row stays for the grace period, so a late callback reads as too late");

        var verifiers = await Stack.WithDbAsync(db => db.OAuthStates.AsNoTracking().Where(s => s.AccountId == account)
            .ToDictionaryAsync(s => s.Id, s => s.CodeVerifierCipher));
        verifiers[expired].ShouldBeNull("a sign-in that can no longer be finished keeps no verifier");
        verifiers[live].ShouldBe("live-cipher");
    }

    [Fact]
    public async Task A_failed_operation_nobody_resumed_stays_while_it_is_recent_even_if_resolved_ones_of_its_age_go()
    {
        var account = await RetentionRows.AccountAsync(Stack);
        var recent = await Stack.WithDbAsync(async db =>
        {
            var row = RetentionRows.Failed(db, account, at: Now.AddDays(-20), resolvedAt: null);
            RetentionRows.Failed(db, account, at: Now.AddDays(-50), resolvedAt: Now.AddDays(-40));
            await db.SaveChangesAsync();
            return row;
        });

        (await SweepAsync()).FailedOperations.ShouldBe(1);

        (await RetentionRows.RowsOfAsync(Stack, account)).ShouldBe(new object[] { recent.Id });
    }

    [Fact]
    public async Task In_progress_and_unknown_purchases_outlive_completed_ones_so_a_late_retry_still_reconciles()
    {
        var account = await RetentionRows.AccountAsync(Stack);
        var unsettled = await Stack.WithDbAsync(async db =>
        {
            var inProgress = RetentionRows.Key(db, account, IdempotencyStatuses.InProgress, Now.AddDays(-60));
            var unknown = RetentionRows.Key(db, account, IdempotencyStatuses.Unknown, Now.AddDays(-60));
            RetentionRows.Key(db, account, IdempotencyStatuses.Completed, Now.AddDays(-60));
            await db.SaveChangesAsync();
            return new[] { inProgress.Id, unknown.Id };
        });

        (await SweepAsync()).IdempotencyRecords.ShouldBe(1);

        (await RetentionRows.RowsOfAsync(Stack, account)).ShouldBe(unsettled.Cast<object>(), ignoreOrder: true);
    }

    [Fact]
    public async Task Batches_repeat_until_every_old_row_is_gone()
    {
        var account = await RetentionRows.AccountAsync(Stack);
        await Stack.WithDbAsync(async db =>
        {
            for (var i = 0; i < 10; i++) RetentionRows.Event(db, account, Now.AddDays(-400).AddMinutes(i));
            for (var i = 0; i < 7; i++) RetentionRows.Snooze(db, account, Now.AddDays(-30).AddMinutes(i));
            return await db.SaveChangesAsync();
        });

        var report = await SweepAsync();

        report.AccountEvents.ShouldBe(10);
        report.ReminderSnoozes.ShouldBe(7);
        (await RetentionRows.RowsOfAsync(Stack, account)).ShouldBeEmpty();
        (await SweepAsync()).Total.ShouldBe(0, "a second sweep finds nothing left to delete");
    }

    [Fact]
    public async Task Old_sessions_sign_in_waits_and_reset_links_go_while_live_ones_stay()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var userId = await Stack.WithDbAsync(db => db.Users.Where(u => u.Email == merchant.Email).Select(u => u.Id).SingleAsync());
        var oldSession = new UserSession { UserId = userId, CreatedAt = Now.AddDays(-40), LastSeenAt = Now.AddDays(-40), ExpiresAt = Now.AddDays(-40).AddHours(12) };
        var endedSession = new UserSession { UserId = userId, CreatedAt = Now.AddDays(-32), LastSeenAt = Now.AddDays(-32), ExpiresAt = Now.AddDays(-31), EndedAt = Now.AddDays(-32) };
        var liveSession = new UserSession { UserId = userId, CreatedAt = Now, LastSeenAt = Now, ExpiresAt = Now.AddHours(12) };
        var staleWait = new SignInThrottle { EmailHash = Guid.NewGuid().ToString("N"), Failures = 7, WaitUntil = Now.AddDays(-2), UpdatedAt = Now.AddDays(-2) };
        var runningWait = new SignInThrottle { EmailHash = Guid.NewGuid().ToString("N"), Failures = 30, WaitUntil = Now.AddMinutes(10), UpdatedAt = Now.AddDays(-2) };
        var oldReset = new PasswordReset { UserId = userId, TokenHash = Guid.NewGuid().ToString("N"), CreatedAt = Now.AddDays(-2), ExpiresAt = Now.AddDays(-2) };
        var liveReset = new PasswordReset { UserId = userId, TokenHash = Guid.NewGuid().ToString("N"), CreatedAt = Now, ExpiresAt = Now.AddMinutes(30) };
        await Stack.WithDbAsync(async db =>
        {
            db.AddRange(oldSession, endedSession, liveSession, staleWait, runningWait, oldReset, liveReset);
            return await db.SaveChangesAsync();
        });

        var report = await SweepAsync();

        report.UserSessions.ShouldBe(2);
        report.SignInRecords.ShouldBe(2);
        var left = await Stack.WithDbAsync(async db => (
            Sessions: await db.UserSessions.Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync(),
            Waits: await db.SignInThrottles.Where(t => t.EmailHash == staleWait.EmailHash || t.EmailHash == runningWait.EmailHash).Select(t => t.EmailHash).ToListAsync(),
            Resets: await db.PasswordResets.Where(r => r.UserId == userId).Select(r => r.Id).ToListAsync()));
        left.Sessions.ShouldBe([liveSession.Id]);
        left.Waits.ShouldBe([runningWait.EmailHash], "a wait still running stays however old its last failure");
        left.Resets.ShouldBe([liveReset.Id]);
    }

    [Fact]
    public async Task Outbox_messages_told_long_ago_go_and_messages_still_waiting_stay_however_old()
    {
        OutboxMessage Message(DateTime occurred, DateTime? dispatched) => new()
        {
            MerchantId = Guid.NewGuid(), AccountId = Guid.NewGuid(), Type = "account.needs_reconnect", OccurredAt = occurred,
            Carrier = "usps", Nickname = "Dock", State = "needs_reconnect", Detail = "USPS refused the sign-in.", DispatchedAt = dispatched,
        };
        var old = Message(Now.AddDays(-40), Now.AddDays(-31));
        var recent = Message(Now.AddDays(-40), Now.AddDays(-29));
        var waiting = Message(Now.AddDays(-400), null);
        await Stack.WithDbAsync(async db =>
        {
            db.OutboxMessages.AddRange(old, recent, waiting);
            return await db.SaveChangesAsync();
        });

        (await SweepAsync()).OutboxMessages.ShouldBe(1);

        var left = await Stack.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == old.Id || m.Id == recent.Id || m.Id == waiting.Id).Select(m => m.Id).ToListAsync());
        left.ShouldBe([recent.Id, waiting.Id], ignoreOrder: true);
    }

    [Fact]
    public async Task Notices_older_than_half_a_year_go_with_their_unread_rows()
    {
        var account = await RetentionRows.AccountAsync(Stack);
        var merchantId = await Stack.WithDbAsync(db => db.CarrierAccounts.Where(a => a.Id == account).Select(a => a.MerchantId).SingleAsync());
        var userId = await Stack.WithDbAsync(db => db.Users.Where(u => u.MerchantId == merchantId).Select(u => u.Id).SingleAsync());
        Notice Notice(DateTime at) => new()
        {
            MerchantId = merchantId, AccountId = account, OutboxMessageId = Guid.NewGuid(), Type = "account.needs_reconnect",
            Carrier = "usps", Nickname = "Dock", State = "needs_reconnect", Detail = "USPS refused the sign-in.", OccurredAt = at, CreatedAt = at,
        };
        var old = Notice(Now.AddDays(-181));
        var young = Notice(Now.AddDays(-179));
        await Stack.WithDbAsync(async db =>
        {
            db.Notices.AddRange(old, young);
            db.UnreadNotices.Add(new UnreadNotice { UserId = userId, NoticeId = old.Id, MerchantId = merchantId });
            return await db.SaveChangesAsync();
        });

        (await SweepAsync()).Notices.ShouldBe(1);

        (await Stack.WithDbAsync(db => db.Notices.Where(n => n.AccountId == account).Select(n => n.Id).ToListAsync())).ShouldBe([young.Id]);
        (await Stack.WithDbAsync(db => db.UnreadNotices.CountAsync(u => u.NoticeId == old.Id))).ShouldBe(0);
    }

    protected async Task<RetentionReport> SweepAsync()
    {
        await using var scope = Stack.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RetentionSweep>().RunOnceAsync(CancellationToken.None);
    }
}

public sealed class RetentionOnSqliteTests(RetentionSqliteStack fixture) : RetentionTests(fixture), IClassFixture<RetentionSqliteStack>;

public sealed class RetentionOnPostgresTests(RetentionPostgresStack fixture) : RetentionTests(fixture), IClassFixture<RetentionPostgresStack>
{
    [Fact]
    public async Task A_node_skips_its_sweep_while_another_node_holds_the_retention_lock()
    {
        var account = await RetentionRows.AccountAsync(fixture.Stack);
        await fixture.Stack.WithDbAsync(async db =>
        {
            RetentionRows.Event(db, account, fixture.Stack.Clock.GetUtcNow().UtcDateTime.AddDays(-400));
            return await db.SaveChangesAsync();
        });
        var otherNode = new PostgresDistributedLock(new PostgresAdvisoryLockKey(RetentionSweep.LockName, allowHashing: true), fixture.Stack.Database.ConnectionString);

        await using (await otherNode.AcquireAsync())
        {
            (await SweepAsync()).ShouldBe(RetentionReport.SkippedReport);
            (await RetentionRows.RowsOfAsync(fixture.Stack, account)).Count.ShouldBe(1);
        }

        (await SweepAsync()).AccountEvents.ShouldBe(1);
    }
}

public sealed class RetentionSqliteStack() : StackFixture(StoreProvider.Sqlite, RetentionRows.StackArgs);

public sealed class RetentionPostgresStack() : StackFixture(StoreProvider.Postgres, RetentionRows.StackArgs);

/// <summary>Rows of every retained table, written straight to the database with the times a test needs.</summary>
public static class RetentionRows
{
    public static readonly string[] StackArgs = ["--Retention:Enabled=false", "--Retention:BatchSize=3"];

    public static async Task<Guid> AccountAsync(TestStack stack)
    {
        var merchant = await stack.CreateMerchantAsync();
        return await stack.WithDbAsync(async db =>
        {
            var account = new CarrierAccount { MerchantId = merchant.Id, Carrier = "usps", Nickname = "Retention", State = ConnectionState.Connected };
            db.CarrierAccounts.Add(account);
            await db.SaveChangesAsync();
            return account.Id;
        });
    }

    public static AccountEvent Event(CarrierLinkDb db, Guid account, DateTime at) =>
        Add(db, new AccountEvent { AccountId = account, At = at, Type = "test", Detail = "retention test" });

    public static FailedOperation Failed(CarrierLinkDb db, Guid account, DateTime at, DateTime? resolvedAt) =>
        Add(db, new FailedOperation { AccountId = account, Operation = "label", RequestJson = "{}", RequestHash = Guid.NewGuid().ToString("N"), At = at, ResolvedAt = resolvedAt });

    public static OAuthState State(CarrierLinkDb db, Guid account, DateTime expiresAt, DateTime? consumedAt, string? verifierCipher = null) =>
        Add(db, new OAuthState
        {
            StateHash = Guid.NewGuid().ToString("N"), MerchantId = db.CarrierAccounts.Single(a => a.Id == account).MerchantId, AccountId = account,
            Carrier = "usps", RedirectUri = "http://127.0.0.1/connect/usps/callback", CreatedAt = expiresAt.AddMinutes(-10), ExpiresAt = expiresAt, ConsumedAt = consumedAt,
            CodeVerifierCipher = verifierCipher,
        });

    public static IdempotencyRecord Key(CarrierLinkDb db, Guid account, string status, DateTime updatedAt) =>
        Add(db, new IdempotencyRecord
        {
            MerchantId = db.CarrierAccounts.Single(a => a.Id == account).MerchantId, Key = Guid.NewGuid().ToString("N"), AccountId = account,
            RequestHash = "hash", CarrierReference = "CLTEST", Status = status, CreatedAt = updatedAt.AddMinutes(-1), UpdatedAt = updatedAt,
        });

    public static ReminderSnooze Snooze(CarrierLinkDb db, Guid account, DateTime until) =>
        Add(db, new ReminderSnooze { AccountId = account, Until = until, CreatedAt = until.AddHours(-24) });

    public static object IdOf(object row) => row switch
    {
        AccountEvent e => e.Id,
        FailedOperation f => f.Id,
        OAuthState s => s.Id,
        IdempotencyRecord r => r.Id,
        ReminderSnooze s => s.Id,
        _ => throw new ArgumentOutOfRangeException(nameof(row)),
    };

    /// <summary>The ids of the account's rows left in the five retained tables.</summary>
    public static Task<List<object>> RowsOfAsync(TestStack stack, Guid account) => stack.WithDbAsync(async db =>
    {
        var rows = new List<object>();
        rows.AddRange((await db.AccountEvents.Where(e => e.AccountId == account).Select(e => e.Id).ToListAsync()).Cast<object>());
        rows.AddRange((await db.FailedOperations.Where(f => f.AccountId == account).Select(f => f.Id).ToListAsync()).Cast<object>());
        rows.AddRange((await db.OAuthStates.Where(s => s.AccountId == account).Select(s => s.Id).ToListAsync()).Cast<object>());
        rows.AddRange((await db.IdempotencyRecords.Where(r => r.AccountId == account).Select(r => r.Id).ToListAsync()).Cast<object>());
        rows.AddRange((await db.ReminderSnoozes.Where(s => s.AccountId == account).Select(s => s.Id).ToListAsync()).Cast<object>());
        return rows;
    });

    private static T Add<T>(CarrierLinkDb db, T row) where T : class
    {
        db.Add(row);
        return row;
    }
}
