using System.Text.Json;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Shipping;

/// <summary>
/// Settles operations whose outcome is unknown (issue 11) in the background, on any number of nodes: the health
/// engine's cycle calls <see cref="RunOnceAsync"/>, which claims a batch of unknown records with a conditional
/// UPDATE (status unknown → in progress, so one node wins each) and asks the carrier again the way the merchant's
/// retry would: the same purchase or pickup under the carrier's key, the same void, form or cancellation. The
/// carrier's answer is recorded as the state it proves, with a "reconciled" timeline entry. A node that dies
/// mid-way leaves the record in progress; after <see cref="ShippingOptions.SettleAfterSeconds"/> it is claimed again.
/// </summary>
public sealed class OperationReconciler(IServiceScopeFactory scopes, IOptions<ShippingOptions> options, ILogger<OperationReconciler> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>One batch; returns how many operations it settled or tried to.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        List<Guid> claimed = [];
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
            var now = db.UtcNow;
            var before = now.AddSeconds(-options.Value.SettleAfterSeconds);
            // An attempt in progress that long ago was left by a node that stopped (a live one answers within InProgressSeconds).
            var stale = now.AddSeconds(-Math.Max(options.Value.SettleAfterSeconds, options.Value.InProgressSeconds));
            // Carriers keep an idempotency key for a day: older purchases can no longer be asked about by resending.
            var oldest = now.Add(-LabelPurchases.CarrierKeyLifetime);
            var candidates = await db.IdempotencyRecords.AsNoTracking()
                .Where(r => ((r.Status == IdempotencyStatuses.Unknown && r.UpdatedAt <= before) || (r.Status == IdempotencyStatuses.InProgress && r.UpdatedAt <= stale))
                    && r.CreatedAt >= oldest && r.RequestJson != null)
                .OrderBy(r => r.UpdatedAt).Take(options.Value.SettleBatchSize)
                .Select(r => new { r.Id, r.Status, r.UpdatedAt })
                .ToListAsync(cancellationToken);
            foreach (var candidate in candidates)
            {
                var won = await db.IdempotencyRecords
                    .Where(r => r.Id == candidate.Id && r.Status == candidate.Status && r.UpdatedAt == candidate.UpdatedAt)
                    .ExecuteUpdateAsync(r => r.SetProperty(x => x.Status, IdempotencyStatuses.InProgress).SetProperty(x => x.UpdatedAt, now), cancellationToken);
                if (won == 1) claimed.Add(candidate.Id);
            }
        }
        foreach (var id in claimed) await SettleAsync(id, cancellationToken);
        return claimed.Count;
    }

    private async Task SettleAsync(Guid recordId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var record = await db.IdempotencyRecords.FirstOrDefaultAsync(r => r.Id == recordId, cancellationToken);
        var account = record is null ? null : await db.CarrierAccounts.FirstOrDefaultAsync(a => a.Id == record.AccountId, cancellationToken);
        if (record is null || account is null) return;
        try
        {
            var shipping = scope.ServiceProvider.GetRequiredService<ShippingService>();
            var settled = record.Operation switch
            {
                ShippingOperationNames.Label => Describe(await scope.ServiceProvider.GetRequiredService<LabelPurchases>().ResendAsync(account, record, cancellationToken),
                    l => $"Label {l.TrackingNumber} was bought at the carrier while its answer was lost; CarrierLink recorded it."),
                ShippingOperationNames.Pickup => Describe(await scope.ServiceProvider.GetRequiredService<PickupScheduling>().ResendAsync(account, record, cancellationToken),
                    p => $"Pickup {p.ConfirmationNumber} for {p.PickupDate:yyyy-MM-dd} is scheduled at the carrier; CarrierLink recorded it."),
                ShippingOperationNames.Void => await AgainAsync(db, account, record, shipping.VoidLabelAsync(account, Read(record, "trackingNumber"), cancellationToken)),
                ShippingOperationNames.CancelPickup => await AgainAsync(db, account, record, shipping.CancelPickupAsync(account, Read(record, "confirmationNumber"), cancellationToken)),
                ShippingOperationNames.EndOfDay => await AgainAsync(db, account, record, shipping.CreateEndOfDayFormAsync(account,
                    JsonSerializer.Deserialize<List<string>>(Element(record, "trackingNumbers").GetRawText()), DateOnly.Parse(Read(record, "mailingDate"), System.Globalization.CultureInfo.InvariantCulture), cancellationToken)),
                _ => null,
            };
            if (settled is not null && record.Operation is ShippingOperationNames.Label or ShippingOperationNames.Pickup)
            {
                AccountLedger.Record(db, account, ReconciliationEvents.Reconciled, settled);
                await db.SaveChangesAsync(cancellationToken);
            }
            logger.LogInformation("Reconciliation of a {Operation} of account {AccountId}: {Outcome}.", record.Operation, account.Id, settled ?? "still unknown");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The record stays in progress and is claimed again after SettleAfterSeconds: nothing is lost.
            logger.LogWarning(e, "Reconciliation of operation {RecordId} stopped; it is tried again later.", recordId);
        }
    }

    private static string? Describe<T>(OperationOutcome<T> outcome, Func<T, string> settled) =>
        outcome is OperationOutcome<T>.Succeeded s ? settled(s.Value) : null;

    /// <summary>
    /// An idempotent operation asked again: the service settles its record on success; a refusal means there is
    /// nothing left to do (the label is on a form, the pickup unknown to CarrierLink), so the record goes too.
    /// </summary>
    private static async Task<string?> AgainAsync<T>(CarrierLinkDb db, CarrierAccount account, IdempotencyRecord record, Task<OperationOutcome<T>> again)
    {
        var outcome = await again;
        if (outcome is not (OperationOutcome<T>.Succeeded or OperationOutcome<T>.Rejected)) return null;
        var removed = await db.IdempotencyRecords.Where(r => r.Id == record.Id).ExecuteDeleteAsync();
        if (removed == 1 && outcome is OperationOutcome<T>.Rejected rejected)
        {
            AccountLedger.Record(db, account, ReconciliationEvents.Reconciled, $"Nothing left to do for a {ShippingOperationNames.Describe(record.Operation).ToLowerInvariant()} whose answer had been lost: {rejected.Message}");
            await db.SaveChangesAsync();
        }
        return outcome is OperationOutcome<T>.Succeeded ? "settled" : "nothing left to do";
    }

    private static JsonElement Element(IdempotencyRecord record, string name)
    {
        using var request = JsonDocument.Parse(record.RequestJson!);
        return request.RootElement.GetProperty(name).Clone();
    }

    private static string Read(IdempotencyRecord record, string name) => Element(record, name).GetString()!;
}
