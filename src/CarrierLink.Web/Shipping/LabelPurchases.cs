using System.Text.Json;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Shipping;

/// <summary>
/// Buying labels so that a retry never buys a second one. Each purchase under an Idempotency-Key
/// is recorded before the carrier is asked, with a reference from which the carrier's own
/// idempotency key is derived (USPS X-Idempotency-Key, SERA Idempotency-Key). A purchase whose
/// answer was lost (timeout after sending) is marked unknown; the next attempt with that key sends
/// the very same purchase again, and the carrier answers with the label it already bought.
/// </summary>
public sealed class LabelPurchases(CarrierLinkDb db, CarrierOperationRunner runner, IOptions<ShippingOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    public const int MaxKeyLength = 255;

    public async Task<OperationOutcome<ShippingLabel>> BuyAsync(CarrierAccount account, LabelRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is null)
            return await PurchaseAsync(account, request with { Reference = NewReference() }, record: null, cancellationToken);

        // The merchant's request as sent: a mailing date they did not give is not part of it, so the same
        // request retried after midnight is still the same request (the first attempt's date is pinned below).
        var hash = SecureTokens.Sha256Hex(JsonSerializer.Serialize(request, Json));
        var operation = ShippingOperationNames.Label;
        // The key's record is inserted first and only looked for when the insert finds it there already: a new purchase
        // (nearly every one) costs one write before the carrier, not a read and a write (issue 12).
        var record = new IdempotencyRecord
        {
            MerchantId = account.MerchantId, Key = idempotencyKey, AccountId = account.Id, Operation = operation, RequestHash = hash,
            CarrierReference = NewReference(), Status = IdempotencyStatuses.InProgress, CreatedAt = db.UtcNow, UpdatedAt = db.UtcNow,
            RequestJson = JsonSerializer.Serialize(request, Json),
        };
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // This key was used before (a retry), or another request with it got there first: answer as a replay of it.
            // Only the key's own insert is guarded here, so a failure inside the purchase is never mistaken for this.
            db.ChangeTracker.Clear();
            var earlier = await FindAsync(account, operation, idempotencyKey, cancellationToken);
            if (earlier is null) throw;
            return await ReplayAsync(account, request, hash, earlier, cancellationToken);
        }
        return await PurchaseAsync(account, Pinned(request, record), record, cancellationToken);
    }

    private Task<IdempotencyRecord?> FindAsync(CarrierAccount account, string operation, string key, CancellationToken cancellationToken) =>
        db.IdempotencyRecords.FirstOrDefaultAsync(r => r.AccountId == account.Id && r.Operation == operation && r.Key == key, cancellationToken);

    private async Task<OperationOutcome<ShippingLabel>> ReplayAsync(CarrierAccount account, LabelRequest request, string hash, IdempotencyRecord record, CancellationToken cancellationToken)
    {
        if (record.RequestHash != hash)
            return new OperationOutcome<ShippingLabel>.Unprocessable("idempotency-key-reused", "This Idempotency-Key was used for another request",
                "Use a new Idempotency-Key for a different label; reuse a key only to retry the very same request.");
        if (record.Status == IdempotencyStatuses.Completed && record.LabelId is { } labelId)
            return new OperationOutcome<ShippingLabel>.Succeeded(await db.Labels.AsNoTracking().FirstAsync(l => l.Id == labelId, cancellationToken));
        if (record.Status == IdempotencyStatuses.InProgress && record.UpdatedAt > db.UtcNow.AddSeconds(-options.Value.InProgressSeconds))
            return new OperationOutcome<ShippingLabel>.Conflict("request-in-progress", "This label is still being bought",
                "A request with this Idempotency-Key is still running. Retry in a few seconds with the same key.");

        // The earlier attempt may have bought the label. The carriers keep an idempotency key for a day
        // (SERA: 24 h; USPS states no limit): within it, the same purchase sent again returns that label.
        if (record.CreatedAt < db.UtcNow.Add(-CarrierKeyLifetime))
            return new OperationOutcome<ShippingLabel>.Conflict("label-outcome-unknown", "CarrierLink cannot tell whether this label was bought",
                "The carrier stopped answering after the purchase was sent, more than a day ago, and no longer recognises the request. Check the carrier's records before buying it again with a new Idempotency-Key.");
        record.Status = IdempotencyStatuses.InProgress;
        record.UpdatedAt = db.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        // The earlier attempt may have bought it: a failure of this one (a 429, say) proves nothing about that one.
        return await PurchaseAsync(account, Pinned(request, record), record, cancellationToken, resend: true);
    }

    /// <summary>How long the carriers recognise a purchase's idempotency key (SERA documents 24 hours).</summary>
    public static readonly TimeSpan CarrierKeyLifetime = TimeSpan.FromHours(24);

    /// <summary>
    /// The purchase exactly as first sent: our reference (so the carrier's key) and the mailing date of the
    /// first attempt when the merchant gave none, so a retry after midnight is the same payload, not a new label.
    /// </summary>
    private static LabelRequest Pinned(LabelRequest request, IdempotencyRecord record) =>
        request with { Reference = record.CarrierReference, MailingDate = request.MailingDate ?? DateOnly.FromDateTime(record.CreatedAt) };

    /// <summary>
    /// Settles a purchase whose outcome is unknown, claimed by the background reconciliation: the very same purchase
    /// sent again under the carrier's key returns the label the carrier bought (or buys the one the merchant asked for).
    /// </summary>
    public async Task<OperationOutcome<ShippingLabel>> ResendAsync(CarrierAccount account, IdempotencyRecord record, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<LabelRequest>(record.RequestJson!, Json)!;
        return await PurchaseAsync(account, Pinned(request, record), record, cancellationToken, resend: true);
    }

    private async Task<OperationOutcome<ShippingLabel>> PurchaseAsync(CarrierAccount account, LabelRequest request, IdempotencyRecord? record, CancellationToken cancellationToken, bool resend = false)
    {
        var outcome = await runner.RunAsync(account, ShippingOperationNames.Label, idempotent: false, (c, s, t) => c.BuyLabelAsync(s, request, t), cancellationToken);
        switch (outcome)
        {
            case OperationOutcome<PurchasedLabel>.Succeeded bought:
                return new OperationOutcome<ShippingLabel>.Succeeded(await StoreAsync(account, request, bought.Value, record, cancellationToken));
            case OperationOutcome<PurchasedLabel>.CarrierUnavailable { MayHaveBeenProcessed: true } when record is not null:
            case not OperationOutcome<PurchasedLabel>.Rejected when resend && record is not null:
                // A resend that could not finish leaves the purchase as unknown as it was: it is settled later.
                record.Status = IdempotencyStatuses.Unknown;
                record.UpdatedAt = db.UtcNow;
                await db.SaveChangesAsync(cancellationToken);
                return outcome.Relay<PurchasedLabel, ShippingLabel>();
            default:
                // Nothing was bought: forget the key so a retry starts afresh.
                if (record is not null)
                {
                    db.IdempotencyRecords.Remove(record);
                    await db.SaveChangesAsync(cancellationToken);
                }
                return outcome.Relay<PurchasedLabel, ShippingLabel>();
        }
    }

    private async Task<ShippingLabel> StoreAsync(CarrierAccount account, LabelRequest request, PurchasedLabel bought, IdempotencyRecord? record, CancellationToken cancellationToken)
    {
        var label = new ShippingLabel
        {
            AccountId = account.Id,
            TrackingNumber = bought.TrackingNumber,
            CarrierLabelId = bought.CarrierLabelId,
            Price = bought.Price,
            Currency = bought.Currency,
            MailClass = request.MailClass,
            Zone = bought.Zone,
            Status = LabelStatuses.Purchased,
            MailingDate = request.MailingDate ?? DateOnly.FromDateTime(db.UtcNow),
            FromAddressJson = JsonSerializer.Serialize(request.FromAddress, Json),
            LabelPdf = bought.LabelPdf,
            CreatedAt = db.UtcNow,
        };
        db.Labels.Add(label);
        if (record is not null)
        {
            record.Status = IdempotencyStatuses.Completed;
            record.LabelId = label.Id;
            record.UpdatedAt = db.UtcNow;
        }
        await db.SaveChangesAsync(cancellationToken);
        return label;
    }

    private static string NewReference() => "CL" + Guid.CreateVersion7().ToString("N")[..24].ToUpperInvariant();
}
