using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.OneBalance;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Support;

public sealed record SupportQueueItem(SupportRequest Request, CarrierAccount Account, string MerchantName);

/// <summary>
/// "Contact Customer Service" for accounts only the platform can reconnect (UPS One Balance): a
/// merchant opens a request; a support agent reconnects the account and closes it. Every step
/// lands in the account's timeline.
/// </summary>
public sealed class SupportRequests(CarrierLinkDb db, PasswordConnections passwords)
{
    public const int MaxMessageLength = 2000;

    public async Task<SupportRequest> OpenAsync(CarrierAccount account, string? message, Guid? userId, CancellationToken cancellationToken)
    {
        var text = string.IsNullOrWhiteSpace(message) ? "Please reconnect my account." : message.Trim();
        if (text.Length > MaxMessageLength) text = text[..MaxMessageLength];
        var request = new SupportRequest { AccountId = account.Id, MerchantId = account.MerchantId, Message = text, Status = SupportRequestStatuses.Open, CreatedAt = db.UtcNow };
        db.SupportRequests.Add(request);
        AccountLedger.Record(db, account, "support_requested", "The merchant asked Customer Service to reconnect the account.", userId);
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

    public Task<SupportRequest?> FindAsync(Guid requestId, CancellationToken cancellationToken) =>
        db.SupportRequests.FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);

    /// <summary>The agent re-verifies the One Balance credentials (the stored ones, or a new password the merchant gave them).</summary>
    public async Task<PasswordOutcome> ReconnectAsync(SupportRequest request, string? newPassword, Guid agentId, CancellationToken cancellationToken)
    {
        var account = await db.CarrierAccounts.FirstAsync(a => a.Id == request.AccountId, cancellationToken);
        var outcome = await passwords.ReconnectAsync(account, newPassword, agentId, cancellationToken, bySupport: true);
        AccountLedger.Record(db, account, outcome is PasswordOutcome.Done ? "support_reconnected" : "support_reconnect_failed",
            outcome is PasswordOutcome.Done ? "Customer Service reconnected the account." : "Customer Service could not reconnect the account yet.", agentId);
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    public async Task CloseAsync(SupportRequest request, string? resolution, Guid agentId, CancellationToken cancellationToken)
    {
        if (request.Status == SupportRequestStatuses.Closed) return;
        request.Status = SupportRequestStatuses.Closed;
        request.ClosedAt = db.UtcNow;
        request.ClosedBy = agentId;
        request.Resolution = string.IsNullOrWhiteSpace(resolution) ? null : resolution.Trim();
        var account = await db.CarrierAccounts.FirstAsync(a => a.Id == request.AccountId, cancellationToken);
        AccountLedger.Record(db, account, "support_closed", $"Customer Service closed the request{(request.Resolution is null ? "." : $": {request.Resolution}")}", agentId);
        await db.SaveChangesAsync(cancellationToken);
    }
}
