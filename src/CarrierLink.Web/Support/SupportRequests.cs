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

    /// <summary>The timeline entry when Stamps.com refused the password a merchant handed over (the merchant is told on Request help).</summary>
    public const string PasswordRefusedEvent = "support_password_refused";

    public async Task<SupportRequest> OpenAsync(CarrierAccount account, string? message, Guid? userId, CancellationToken cancellationToken, string? newPassword = null)
    {
        var text = string.IsNullOrWhiteSpace(message) ? "Please reconnect my account." : message.Trim();
        if (text.Length > MaxMessageLength) text = text[..MaxMessageLength];
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
        await db.SaveChangesAsync(cancellationToken);
        return request;
    }

    public Task<List<SupportRequest>> OfAccountAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.SupportRequests.AsNoTracking().Where(r => r.AccountId == accountId).OrderByDescending(r => r.CreatedAt).ToListAsync(cancellationToken);

    public async Task<List<SupportQueueItem>> OpenQueueAsync(CancellationToken cancellationToken)
    {
        var rows = await (from r in db.SupportRequests.AsNoTracking()
                          join a in db.CarrierAccounts.AsNoTracking() on r.AccountId equals a.Id
                          join m in db.Merchants.AsNoTracking() on r.MerchantId equals m.Id
                          where r.Status == SupportRequestStatuses.Open
                          orderby r.CreatedAt
                          select new { r, a, m.Name }).ToListAsync(cancellationToken);
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
        db.SupportRequests.FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);

    /// <summary>
    /// The agent re-verifies the One Balance credentials: with the password the merchant gave
    /// (decrypted here, never shown), or the saved one. A given password is used once: wiped when
    /// Stamps.com accepted or refused it; kept only when Stamps.com could not be asked at all.
    /// </summary>
    public async Task<PasswordOutcome> ReconnectAsync(SupportRequest request, bool withGivenPassword, Guid agentId, CancellationToken cancellationToken)
    {
        if (request.Status != SupportRequestStatuses.Open) return new PasswordOutcome.NotAllowed("This request is already closed.");
        string? given = null;
        if (withGivenPassword)
        {
            if (request.PasswordCipher is null) return new PasswordOutcome.NotAllowed("The merchant has not given a new password with this request (or it was already used).");
            given = secrets.Unprotect(request.PasswordCipher);
        }
        var account = await db.CarrierAccounts.FirstAsync(a => a.Id == request.AccountId, cancellationToken);
        var outcome = await passwords.ReconnectAsync(account, given, agentId, cancellationToken, bySupport: true);
        if (given is not null && outcome is PasswordOutcome.Done or PasswordOutcome.Refused) request.PasswordCipher = null;
        if (outcome is not PasswordOutcome.Done)
        {
            var givenRefused = given is not null && outcome is PasswordOutcome.Refused;
            AccountLedger.Record(db, account, givenRefused ? PasswordRefusedEvent : "support_reconnect_failed", givenRefused
                ? "Customer Service could not reconnect the account: Stamps.com did not accept the password the merchant gave, so it was discarded."
                : "Customer Service could not reconnect the account yet.", agentId);
        }
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    public async Task CloseAsync(SupportRequest request, string? resolution, Guid agentId, CancellationToken cancellationToken)
    {
        if (request.Status == SupportRequestStatuses.Closed) return;
        request.Status = SupportRequestStatuses.Closed;
        request.ClosedAt = db.UtcNow;
        request.ClosedBy = agentId;
        request.ClosedBecause = SupportRequestClosings.ByAgent;
        request.PasswordCipher = null;
        request.Resolution = string.IsNullOrWhiteSpace(resolution) ? null : resolution.Trim();
        var account = await db.CarrierAccounts.FirstAsync(a => a.Id == request.AccountId, cancellationToken);
        AccountLedger.Record(db, account, "support_closed", $"Customer Service closed the request{(request.Resolution is null ? "." : $": {request.Resolution}")}", agentId);
        await db.SaveChangesAsync(cancellationToken);
    }
}
