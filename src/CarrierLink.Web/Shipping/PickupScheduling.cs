using System.Text.Json;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Shipping;

/// <summary>
/// Scheduling pickups so that a retry never schedules a second one (issue 11). Each attempt is recorded
/// before the carrier is asked, under the merchant's Idempotency-Key or, without one, under the request
/// itself (the same pickup for the same day and address is the same pickup). A lost answer marks it
/// unknown; the retry resends the same attempt: SERA answers with the pickup it made (its Idempotency-Key
/// derives from our reference), USPS, which has no key and no lookup, answers "already exists", which
/// CarrierLink records as a pickup USPS has without its number. A canceled pickup asked for again is new.
/// </summary>
public sealed class PickupScheduling(CarrierLinkDb db, CarrierOperationRunner runner, IOptions<ShippingOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private const string Operation = ShippingOperationNames.Pickup;

    public async Task<OperationOutcome<CarrierPickup>> ScheduleAsync(CarrierAccount account, PickupRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var hash = SecureTokens.Sha256Hex(JsonSerializer.Serialize(request with { Reference = null }, Json));
        var key = idempotencyKey ?? "request:" + hash;
        var record = await FindAsync(account, key, cancellationToken);
        if (record is null)
        {
            record = new IdempotencyRecord
            {
                MerchantId = account.MerchantId, Key = key, AccountId = account.Id, Operation = Operation, RequestHash = hash,
                CarrierReference = NewReference(), Status = IdempotencyStatuses.InProgress, CreatedAt = db.UtcNow, UpdatedAt = db.UtcNow,
                RequestJson = JsonSerializer.Serialize(request with { Reference = null }, Json),
            };
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The same attempt started at the same moment elsewhere: answer as a replay of it.
                db.ChangeTracker.Clear();
                record = await FindAsync(account, key, cancellationToken);
                if (record is null) throw;
                return await ReplayAsync(account, request, hash, record, cancellationToken);
            }
            return await ScheduleAsync(account, request with { Reference = record.CarrierReference }, record, resend: false, cancellationToken);
        }
        return await ReplayAsync(account, request, hash, record, cancellationToken);
    }

    /// <summary>Settles an attempt whose outcome is unknown, claimed by the background reconciliation: the same attempt sent again.</summary>
    public Task<OperationOutcome<CarrierPickup>> ResendAsync(CarrierAccount account, IdempotencyRecord record, CancellationToken cancellationToken) =>
        ScheduleAsync(account, JsonSerializer.Deserialize<PickupRequest>(record.RequestJson!, Json)! with { Reference = record.CarrierReference }, record, resend: true, cancellationToken);

    private Task<IdempotencyRecord?> FindAsync(CarrierAccount account, string key, CancellationToken cancellationToken) =>
        db.IdempotencyRecords.FirstOrDefaultAsync(r => r.AccountId == account.Id && r.Operation == Operation && r.Key == key, cancellationToken);

    private async Task<OperationOutcome<CarrierPickup>> ReplayAsync(CarrierAccount account, PickupRequest request, string hash, IdempotencyRecord record, CancellationToken cancellationToken)
    {
        if (record.RequestHash != hash)
            return new OperationOutcome<CarrierPickup>.Unprocessable("idempotency-key-reused", "This Idempotency-Key was used for another request",
                "Use a new Idempotency-Key for a different pickup; reuse a key only to retry the very same request.");
        var pickup = record.PickupId is { } id ? await db.Pickups.FirstOrDefaultAsync(p => p.Id == id, cancellationToken) : null;
        switch (record.Status)
        {
            case IdempotencyStatuses.Completed when pickup is { Status: PickupStatuses.Scheduled }:
                return new OperationOutcome<CarrierPickup>.Succeeded(pickup);
            case IdempotencyStatuses.UnconfirmedAtCarrier:
                return Unconfirmed(account, record);
            case IdempotencyStatuses.InProgress when record.UpdatedAt > db.UtcNow.AddSeconds(-options.Value.InProgressSeconds):
                return new OperationOutcome<CarrierPickup>.Conflict("request-in-progress", "This pickup is still being scheduled",
                    "A request for this pickup is still running. Retry in a few seconds.");
        }

        // A pickup canceled since, or nothing made: a new attempt. Otherwise (unknown, or a stale attempt) the same one again.
        var fresh = record.Status == IdempotencyStatuses.Completed;
        if (fresh) record.CarrierReference = NewReference();
        var resend = !fresh;
        record.Status = IdempotencyStatuses.InProgress;
        record.PickupId = null;
        record.UpdatedAt = db.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        return await ScheduleAsync(account, request with { Reference = record.CarrierReference }, record, resend, cancellationToken);
    }

    /// <param name="resend">The attempt may already have reached the carrier: "already exists" then proves it did.</param>
    private async Task<OperationOutcome<CarrierPickup>> ScheduleAsync(CarrierAccount account, PickupRequest request, IdempotencyRecord record, bool resend, CancellationToken cancellationToken)
    {
        var outcome = await runner.RunAsync(account, Operation, idempotent: false, (c, s, t) => c.SchedulePickupAsync(s, request, t), cancellationToken);
        switch (outcome)
        {
            case OperationOutcome<ScheduledPickup>.Succeeded { Value.AlreadyAtCarrier: true } when resend:
                record.Status = IdempotencyStatuses.UnconfirmedAtCarrier;
                record.UpdatedAt = db.UtcNow;
                await db.SaveChangesAsync(cancellationToken);
                return Unconfirmed(account, record);
            case OperationOutcome<ScheduledPickup>.Succeeded { Value.AlreadyAtCarrier: true } existing:
                // Not ours as far as CarrierLink knows (scheduled at the carrier's site, say): the carrier's refusal stands.
                await ForgetAsync(record, cancellationToken);
                return new OperationOutcome<CarrierPickup>.Rejected(existing.Value.CarrierMessage ?? "The carrier already has a pickup at this address.",
                    new Dictionary<string, string[]> { ["address"] = [existing.Value.CarrierMessage ?? "already has a pickup"] });
            case OperationOutcome<ScheduledPickup>.Succeeded scheduled:
                var pickup = new CarrierPickup
                {
                    AccountId = account.Id, ConfirmationNumber = scheduled.Value.ConfirmationNumber, CarrierPickupId = scheduled.Value.CarrierPickupId,
                    PickupDate = scheduled.Value.PickupDate, Status = PickupStatuses.Scheduled, CreatedAt = db.UtcNow,
                };
                // SERA answers a resent attempt with the pickup it made: CarrierLink may hold it already.
                var known = await db.Pickups.FirstOrDefaultAsync(p => p.AccountId == account.Id && p.ConfirmationNumber == pickup.ConfirmationNumber, cancellationToken);
                if (known is null) db.Pickups.Add(pickup);
                else pickup = known;
                record.Status = IdempotencyStatuses.Completed;
                record.PickupId = pickup.Id;
                record.UpdatedAt = db.UtcNow;
                await db.SaveChangesAsync(cancellationToken);
                return new OperationOutcome<CarrierPickup>.Succeeded(pickup);
            case OperationOutcome<ScheduledPickup>.CarrierUnavailable { MayHaveBeenProcessed: true }:
                record.Status = IdempotencyStatuses.Unknown;
                record.UpdatedAt = db.UtcNow;
                await db.SaveChangesAsync(cancellationToken);
                return outcome.Relay<ScheduledPickup, CarrierPickup>();
            default:
                if (!resend) await ForgetAsync(record, cancellationToken);
                else
                {
                    // Still unknown: the earlier attempt may have reached the carrier.
                    record.Status = IdempotencyStatuses.Unknown;
                    record.UpdatedAt = db.UtcNow;
                    await db.SaveChangesAsync(cancellationToken);
                }
                return outcome.Relay<ScheduledPickup, CarrierPickup>();
        }
    }

    private async Task ForgetAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        db.IdempotencyRecords.Remove(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static OperationOutcome<CarrierPickup> Unconfirmed(CarrierAccount account, IdempotencyRecord record) =>
        new OperationOutcome<CarrierPickup>.Conflict("pickup-unconfirmed-at-carrier", "The carrier has this pickup but never sent its confirmation number",
            $"CarrierLink's request for this pickup reached {Carriers.Catalog.CarrierCatalog.Find(account.Carrier)?.ShortName ?? account.Carrier} " +
            $"(first sent {record.CreatedAt:yyyy-MM-dd HH:mm} UTC) but the answer was lost, and the carrier now says a pickup already exists at this address. " +
            "It is scheduled; the carrier's confirmation email has its number, which is needed to change or cancel it at the carrier.");

    private static string NewReference() => "CP" + Guid.CreateVersion7().ToString("N")[..24].ToUpperInvariant();
}
