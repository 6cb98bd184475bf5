using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.OneBalance;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Support;

public sealed record SupportQueueItem(SupportRequest Request, CarrierAccount Account, string MerchantName)
{
    /// <summary>Whether the merchant handed over a new password (never the password itself).</summary>
    public bool HasGivenPassword => Request.PasswordCipher is not null;
}

/// <summary>
/// "Contact Customer Service" for accounts only the platform can reconnect (UPS One Balance): a
/// merchant opens a request, optionally handing over a new password through its own field (kept
/// encrypted, used once by the agent's Reconnect without anyone seeing it, then wiped); the
/// request closes when the account is connected again (<see cref="SupportRequestsOnReconnect"/>).
/// Every step lands in the account's timeline. No password is logged or put in a message.
/// </summary>
public sealed class SupportRequests(CarrierLinkDb db, PasswordConnections passwords, SecretProtector secrets)
{
    public const int MaxMessageLength = 2000;

    /// <summary>Tries of a check and its action when a concurrent write moved the account on (see <see cref="WriteThroughAccount"/>).</summary>
    private const int MaxAttempts = 3;

    /// <summary>The timeline entry when Stamps.com refused the password a merchant handed over (the merchant is told on Request help).</summary>
    public const string PasswordRefusedEvent = "support_password_refused";

    /// <summary>
    /// Request help: refused, with nothing stored, unless Customer Service is the way back for the account (<see cref="SupportNeed"/>).
    /// The account is written with the request, so an account that changes meanwhile (reconnected on another node) makes the check
    /// run again instead of leaving an open request on a connected account.
    /// </summary>
    public async Task<SupportOpening> OpenAsync(CarrierAccount account, string? message, Guid? userId, CancellationToken cancellationToken,
        string? newPassword = null)
    {
        var text = string.IsNullOrWhiteSpace(message) ? "Please reconnect my account." : message.Trim();
        if (text.Length > MaxMessageLength) text = text[..MaxMessageLength];
        for (var attempt = 1; ; attempt++)
        {
            if (SupportNeed.RefusalFor(account) is { } refusal) return new SupportOpening.Refused(refusal, account);
            var request = new SupportRequest
            {
                AccountId = account.Id,
                MerchantId = account.MerchantId,
                Message = text,
                Status = SupportRequestStatuses.Open,
                CreatedAt = db.UtcNow,
                PasswordCipher = string.IsNullOrEmpty(newPassword) ? null : secrets.Protect(newPassword),
            };
            db.SupportRequests.Add(request);
            AccountLedger.Record(db, account, "support_requested", request.PasswordCipher is null
                ? "The merchant asked Customer Service to reconnect the account."
                : "The merchant asked Customer Service to reconnect the account and gave a new password (kept encrypted until it is used).", userId);
            WriteThroughAccount(account);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new SupportOpening.Opened(request);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
                account = await db.CarrierAccounts.FirstAsync(a => a.Id == account.Id, cancellationToken);
            }
        }
    }

    public Task<List<SupportRequest>> OfAccountAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.SupportRequests.AsNoTracking().Where(r => r.AccountId == accountId).OrderByDescending(r => r.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>The agent queue: open requests on accounts Customer Service is the way back for, oldest first.</summary>
    public async Task<List<SupportQueueItem>> OpenQueueAsync(CancellationToken cancellationToken)
    {
        var rows = await db.SupportRequests.AsNoTracking()
            .Where(r => r.Status == SupportRequestStatuses.Open)
            .Join(db.CarrierAccounts.AsNoTracking().Where(SupportNeed.IsNeeded), r => r.AccountId, a => a.Id, (r, a) => new { r, a })
            .Join(db.Merchants.AsNoTracking(), x => x.r.MerchantId, m => m.Id, (x, m) => new { x.r, x.a, m.Name })
            .OrderBy(x => x.r.CreatedAt)
            .ToListAsync(cancellationToken);
        return rows.Select(x => new SupportQueueItem(x.r, x.a, x.Name)).ToList();
    }

    /// <summary>Whether Stamps.com refused the password handed over with this (open) request, so the merchant should send the current one.</summary>
    public async Task<bool> GivenPasswordRefusedAsync(SupportRequest request, CancellationToken cancellationToken)
    {
        if (request.Status != SupportRequestStatuses.Open || request.PasswordCipher is not null) return false;
        // The latest of "asked for help" and "password refused" tells (timeline ids are in order; clocks may tie).
        var latest = await db.AccountEvents.AsNoTracking()
            .Where(e => e.AccountId == request.AccountId && (e.Type == "support_requested" || e.Type == PasswordRefusedEvent))
            .OrderByDescending(e => e.Id)
            .Select(e => e.Type)
            .FirstOrDefaultAsync(cancellationToken);
        return latest == PasswordRefusedEvent;
    }

    public Task<SupportRequest?> FindAsync(Guid requestId, CancellationToken cancellationToken) =>
        db.SupportRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);

    /// <summary>
    /// The agent re-verifies the One Balance credentials: with the password the merchant gave
    /// (decrypted here, never shown), or the saved one. A given password is used once: wiped when
    /// Stamps.com accepted or refused it; kept only when Stamps.com could not be asked at all.
    /// Only through an open request on an account that needs Customer Service; anything else is refused before Stamps.com is asked.
    /// </summary>
    public async Task<PasswordOutcome> ReconnectAsync(Guid requestId, bool withGivenPassword, Guid agentId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var target = await AgentTargetAsync(requestId, cancellationToken);
            if (target.Refusal is { } refusal) return new PasswordOutcome.NotAllowed(refusal);
            var (request, account) = (target.Request!, target.Account!);
            string? given = null;
            if (withGivenPassword)
            {
                if (request.PasswordCipher is null)
                    return new PasswordOutcome.NotAllowed("The merchant has not given a new password with this request (or it was already used).");
                given = secrets.Unprotect(request.PasswordCipher);
            }
            PasswordOutcome outcome;
            try
            {
                // Saves the credential, the state and (SupportRequestsOnReconnect) the request's closing at the account's version as read
                // before the request: a request closed meanwhile, on any node, wrote the account too, so this save fails and the check runs again.
                outcome = await passwords.ReconnectAsync(account, given, agentId, cancellationToken, bySupport: true);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
                continue;
            }
            if (outcome is not PasswordOutcome.Done)
                await RecordFailedReconnectAsync(requestId, given is not null, outcome, agentId, cancellationToken);
            return outcome;
        }
    }

    /// <summary>
    /// Why the agent's reconnect failed goes in the timeline, and a password Stamps.com refused is wiped: only while the request is
    /// still open.
    /// </summary>
    private async Task RecordFailedReconnectAsync(Guid requestId, bool usedGiven, PasswordOutcome outcome, Guid agentId,
        CancellationToken cancellationToken)
    {
        var givenRefused = usedGiven && outcome is PasswordOutcome.Refused;
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var target = await AgentTargetAsync(requestId, cancellationToken);
            if (target.Refusal is not null) return;
            if (givenRefused) target.Request!.PasswordCipher = null;
            AccountLedger.Record(db, target.Account!, givenRefused ? PasswordRefusedEvent : "support_reconnect_failed", givenRefused
                ? "Customer Service could not reconnect the account: Stamps.com did not accept the password the merchant gave, so it was discarded."
                : "Customer Service could not reconnect the account yet.", agentId);
            WriteThroughAccount(target.Account!);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
            }
        }
    }

    /// <summary>
    /// Closes an open request on an account that needs Customer Service; returns why it was refused (nothing changed), or null once
    /// closed.
    /// </summary>
    public async Task<string?> CloseAsync(Guid requestId, string? resolution, Guid agentId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var target = await AgentTargetAsync(requestId, cancellationToken);
            if (target.Refusal is { } refusal) return refusal;
            var (request, account) = (target.Request!, target.Account!);
            request.Status = SupportRequestStatuses.Closed;
            request.ClosedAt = db.UtcNow;
            request.ClosedBy = agentId;
            request.ClosedBecause = SupportRequestClosings.ByAgent;
            request.PasswordCipher = null;
            request.Resolution = string.IsNullOrWhiteSpace(resolution) ? null : resolution.Trim();
            AccountLedger.Record(db, account, "support_closed",
                $"Customer Service closed the request{(request.Resolution is null ? "." : $": {request.Resolution}")}", agentId);
            WriteThroughAccount(account);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return null;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private sealed record AgentTarget(SupportRequest? Request, CarrierAccount? Account, string? Refusal);

    /// <summary>
    /// The request an agent acts through and its account, both tracked, or why the agent may not act: every agent action needs an open
    /// request on an account Customer Service is the way back for. The account is read before the request, so its version (the
    /// concurrency token the action's save is checked against) is no newer than the request's status that was checked.
    /// </summary>
    private async Task<AgentTarget> AgentTargetAsync(Guid requestId, CancellationToken cancellationToken)
    {
        var accountId = await db.SupportRequests.AsNoTracking().Where(r => r.Id == requestId).Select(r => (Guid?)r.AccountId)
            .FirstOrDefaultAsync(cancellationToken);
        if (accountId is null) return new(null, null, "There is no such request.");
        var account = await db.CarrierAccounts.FirstAsync(a => a.Id == accountId, cancellationToken);
        var request = await db.SupportRequests.FirstAsync(r => r.Id == requestId, cancellationToken);
        if (request.Status != SupportRequestStatuses.Open) return new(null, null, "This request is already closed; nothing was changed.");
        return SupportNeed.RefusalFor(account) switch
        {
            null => new(request, account, null),
            { Field: "carrier" } => new(null, null,
                $"{CarrierCatalog.Find(account.Carrier)?.Name ?? account.Carrier} accounts are reconnected by their merchant, not by Customer Service; "
                + "nothing was changed."),
            _ => new(null, null, $"The account is {account.State.ToSlug()}: Customer Service has nothing to reconnect; nothing was changed."),
        };
    }

    /// <summary>
    /// Every change to an account's requests writes the account too (a new version, its concurrency token), so a check made on what
    /// was read and the change commit together or not at all, on any number of nodes: a concurrent change fails this SaveChanges.
    /// </summary>
    private void WriteThroughAccount(CarrierAccount account) => db.Entry(account).Property(a => a.UpdatedAt).IsModified = true;
}

/// <summary>What came of a merchant's Request help.</summary>
public abstract record SupportOpening
{
    private SupportOpening() { }
    public sealed record Opened(SupportRequest Request) : SupportOpening;
    /// <param name="Account">The account as last read: the one the refusal is about.</param>
    public sealed record Refused(SupportRefusal Refusal, CarrierAccount Account) : SupportOpening;
}
