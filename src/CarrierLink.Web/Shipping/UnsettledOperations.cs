using System.Text.Json;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Shipping;

/// <summary>
/// Voids, End of Day forms and pickup cancellations whose outcome is unknown: the carrier may have acted but its
/// answer never arrived. Each is kept as an idempotency record of its own (status unknown, with its request) until
/// the merchant's retry or the background reconciliation (<see cref="OperationReconciler"/>) asks the carrier again;
/// these operations are idempotent at the carrier, so asking again is safe and its answer is the truth.
/// </summary>
internal static class UnsettledOperations
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task MarkAsync(CarrierLinkDb db, CarrierAccount account, string operation, string key, object request, CancellationToken cancellationToken)
    {
        var record = await db.IdempotencyRecords.FirstOrDefaultAsync(r => r.AccountId == account.Id && r.Operation == operation && r.Key == key, cancellationToken);
        var json = JsonSerializer.Serialize(request, Json);
        if (record is null)
        {
            record = new IdempotencyRecord
            {
                MerchantId = account.MerchantId, AccountId = account.Id, Operation = operation, Key = key, RequestHash = SecureTokens.Sha256Hex(json),
                CarrierReference = "", RequestJson = json, Status = IdempotencyStatuses.Unknown, CreatedAt = db.UtcNow, UpdatedAt = db.UtcNow,
            };
            db.IdempotencyRecords.Add(record);
        }
        else
        {
            record.Status = IdempotencyStatuses.Unknown;
            record.UpdatedAt = db.UtcNow;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request marked the same operation at the same moment: it is marked once already.
            db.Entry(record).State = EntityState.Detached;
        }
    }

    /// <summary>The operation is settled: its record goes, and the timeline says what the carrier's answer proved.</summary>
    public static async Task SettleAsync(CarrierLinkDb db, CarrierAccount account, string operation, string key, string proved, CancellationToken cancellationToken)
    {
        var removed = await db.IdempotencyRecords.Where(r => r.AccountId == account.Id && r.Operation == operation && r.Key == key).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0) return;
        AccountLedger.Record(db, account, ReconciliationEvents.Reconciled, proved);
        await db.SaveChangesAsync(cancellationToken);
    }

    public static string VoidKey(string trackingNumber) => "label:" + trackingNumber;

    public static string CancelPickupKey(string confirmationNumber) => "pickup:" + confirmationNumber;

    public static string EndOfDayKey(DateOnly mailingDate, IEnumerable<string> trackingNumbers) =>
        $"form:{mailingDate:yyyy-MM-dd}:{SecureTokens.Sha256Hex(string.Join(",", trackingNumbers.Order(StringComparer.Ordinal)))[..32]}";
}

public static class ReconciliationEvents
{
    /// <summary>A timeline entry: CarrierLink's record now agrees with what the carrier did while an answer was lost.</summary>
    public const string Reconciled = "reconciled";
}
