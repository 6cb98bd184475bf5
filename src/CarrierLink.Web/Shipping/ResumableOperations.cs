using System.Text.Json;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Shipping;

public sealed record ResumeResult(bool Succeeded, string Message, string? TrackingNumber = null);

/// <summary>
/// Operations a broken connection stopped, offered again once the account is reconnected
/// ("Create the label again"). Each runs at most once: a label is bought under an Idempotency-Key
/// derived from the stored operation, so a double click cannot buy two.
/// </summary>
public sealed class ResumableOperations(CarrierLinkDb db, ShippingService shipping)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<List<FailedOperation>> PendingAsync(Guid accountId, CancellationToken cancellationToken) =>
        db.FailedOperations.AsNoTracking()
            .Where(f => f.AccountId == accountId && f.ResolvedAt == null && f.Operation != ShippingOperationNames.Rates)
            .OrderByDescending(f => f.At).Take(5).ToListAsync(cancellationToken);

    public async Task<ResumeResult> ResumeAsync(CarrierAccount account, Guid failedOperationId, CancellationToken cancellationToken)
    {
        var failed = await db.FailedOperations.FirstOrDefaultAsync(f => f.Id == failedOperationId && f.AccountId == account.Id, cancellationToken);
        if (failed is null) return new ResumeResult(false, "That operation is no longer waiting.");
        if (failed.ResolvedAt is not null) return new ResumeResult(true, "That was already done.");

        var result = failed.Operation switch
        {
            ShippingOperationNames.Label => Describe(await shipping.BuyLabelAsync(account, Read<LabelRequest>(failed), $"resume-{failed.Id}", cancellationToken), l => ($"Label {l.TrackingNumber} created.", l.TrackingNumber)),
            ShippingOperationNames.Void => Describe(await shipping.VoidLabelAsync(account, ReadString(failed, "trackingNumber"), cancellationToken), l => ($"Label {l.TrackingNumber} is {l.Status}.", l.TrackingNumber)),
            ShippingOperationNames.EndOfDay => Describe(await shipping.CreateEndOfDayFormAsync(account, ReadList(failed, "trackingNumbers"), DateOnly.Parse(ReadString(failed, "mailingDate"), System.Globalization.CultureInfo.InvariantCulture), cancellationToken), m => ($"End of Day form {m.ManifestNumber} created.", null)),
            ShippingOperationNames.Pickup => Describe(await shipping.SchedulePickupAsync(account, Read<PickupRequest>(failed), $"resume-{failed.Id}", cancellationToken), p => ($"Pickup {p.ConfirmationNumber} scheduled for {p.PickupDate:yyyy-MM-dd}.", null)),
            ShippingOperationNames.CancelPickup => Describe(await shipping.CancelPickupAsync(account, ReadString(failed, "confirmationNumber"), cancellationToken), p => ($"Pickup {p.ConfirmationNumber} canceled.", null)),
            _ => new ResumeResult(false, "CarrierLink cannot repeat that operation."),
        };
        if (result.Succeeded)
        {
            failed.ResolvedAt = db.UtcNow;
            await db.SaveChangesAsync(cancellationToken);
        }
        return result;
    }

    public static string ButtonText(FailedOperation failed) => $"{ShippingOperationNames.Describe(failed.Operation)} again";

    private static ResumeResult Describe<T>(OperationOutcome<T> outcome, Func<T, (string Message, string? TrackingNumber)> success) => outcome switch
    {
        OperationOutcome<T>.Succeeded s => new ResumeResult(true, success(s.Value).Message, success(s.Value).TrackingNumber),
        OperationOutcome<T>.Rejected r => new ResumeResult(false, r.Message),
        OperationOutcome<T>.CarrierUnavailable => new ResumeResult(false, "The carrier is having trouble right now. Nothing changed; try again in a few minutes."),
        OperationOutcome<T>.ReconnectRequired => new ResumeResult(false, "The carrier still does not accept the connection."),
        OperationOutcome<T>.Conflict c => new ResumeResult(false, c.Detail),
        OperationOutcome<T>.Unprocessable u => new ResumeResult(false, u.Detail),
        _ => new ResumeResult(false, "The account cannot be used right now."),
    };

    private static T Read<T>(FailedOperation failed) => JsonSerializer.Deserialize<T>(failed.RequestJson, Json)!;

    private static string ReadString(FailedOperation failed, string name) =>
        JsonDocument.Parse(failed.RequestJson).RootElement.GetProperty(name).GetString()!;

    private static IReadOnlyList<string> ReadList(FailedOperation failed, string name) =>
        JsonDocument.Parse(failed.RequestJson).RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToList();
}
