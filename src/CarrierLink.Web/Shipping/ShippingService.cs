using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Shipping;

/// <summary>
/// The five shipping operations for the API and the Ship screen: runs them through the
/// <see cref="CarrierOperationRunner"/>, keeps CarrierLink's own record of labels, forms and
/// pickups, and remembers an operation a broken connection stopped, to offer it again.
/// </summary>
public sealed partial class ShippingService(CarrierLinkDb db, CarrierOperationRunner runner, LabelPurchases purchases, PickupScheduling pickups)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public DateOnly Today => DateOnly.FromDateTime(db.UtcNow);

    public async Task<OperationOutcome<IReadOnlyList<Rate>>> GetRatesAsync(CarrierAccount account, RatesRequest request, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var service = CarrierOffer.Service(account, request.MailClass, errors);
        if (errors.Any) return Refused<IReadOnlyList<Rate>>(errors);
        request = request with { MailClass = service };
        return await RememberIfBrokenAsync(account, ShippingOperationNames.Rates, request,
            await runner.RunAsync(account, ShippingOperationNames.Rates, idempotent: true, (c, s, t) => c.GetRatesAsync(s, request, t), cancellationToken),
            cancellationToken);
    }

    public async Task<OperationOutcome<ShippingLabel>> BuyLabelAsync(CarrierAccount account, LabelRequest request, string? idempotencyKey, CancellationToken cancellationToken)
    {
        // A service the account's carrier does not have is refused, never quietly swapped for another one.
        var errors = new InputErrors();
        var service = CarrierOffer.Service(account, request.MailClass, errors);
        if (errors.Any) return Refused<ShippingLabel>(errors);
        request = request with { MailClass = service! };
        return await RememberIfBrokenAsync(account, ShippingOperationNames.Label, request,
            await purchases.BuyAsync(account, request, idempotencyKey, cancellationToken), cancellationToken);
    }

    public async Task<OperationOutcome<ShippingLabel>> VoidLabelAsync(CarrierAccount account, string trackingNumber, CancellationToken cancellationToken)
    {
        var label = await db.Labels.FirstOrDefaultAsync(l => l.AccountId == account.Id && l.TrackingNumber == trackingNumber, cancellationToken);
        if (label is null) return new OperationOutcome<ShippingLabel>.Rejected("No label with that tracking number was bought with this account.", Field("tracking_number", "is not a label of this account"));
        if (label.Status != LabelStatuses.Purchased) return new OperationOutcome<ShippingLabel>.Succeeded(label);
        if (label.ManifestNumber is not null)
            return new OperationOutcome<ShippingLabel>.Rejected("This label is on an End of Day form and can no longer be voided.", Field("tracking_number", "is on an End of Day form"));

        var key = UnsettledOperations.VoidKey(trackingNumber);
        var outcome = await runner.RunAsync(account, ShippingOperationNames.Void, idempotent: true, (c, s, t) => c.VoidLabelAsync(s, trackingNumber, label.CarrierLabelId, t), cancellationToken);
        if (outcome is OperationOutcome<VoidedLabel>.CarrierUnavailable)
            await UnsettledOperations.MarkAsync(db, account, ShippingOperationNames.Void, key, new { trackingNumber }, cancellationToken);
        if (outcome is not OperationOutcome<VoidedLabel>.Succeeded voided)
            return await RememberIfBrokenAsync(account, ShippingOperationNames.Void, new { trackingNumber }, outcome.Relay<VoidedLabel, ShippingLabel>(), cancellationToken);
        label.Status = voided.Value.Status == "disputed" ? LabelStatuses.Disputed : LabelStatuses.Voided;
        label.VoidedAt = db.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        await UnsettledOperations.SettleAsync(db, account, ShippingOperationNames.Void, key,
            $"Label {trackingNumber} is {label.Status} at the carrier (a void whose answer had been lost).", cancellationToken);
        return new OperationOutcome<ShippingLabel>.Succeeded(label);
    }

    /// <summary>The End of Day form (USPS SCAN form) for the given labels, or every label of the day not yet on a form.</summary>
    public async Task<OperationOutcome<EndOfDayManifest>> CreateEndOfDayFormAsync(CarrierAccount account, IReadOnlyList<string>? trackingNumbers, DateOnly mailingDate, CancellationToken cancellationToken)
    {
        if (CarrierOffer.Missing(account, Carriers.Catalog.ShippingOperations.EndOfDay) is { } missing)
            return new OperationOutcome<EndOfDayManifest>.Rejected(missing, null);
        var open = db.Labels.Where(l => l.AccountId == account.Id && l.Status == LabelStatuses.Purchased && l.ManifestNumber == null);
        var labels = trackingNumbers is { Count: > 0 }
            ? await open.Where(l => trackingNumbers.Contains(l.TrackingNumber)).ToListAsync(cancellationToken)
            : await open.Where(l => l.MailingDate == mailingDate).ToListAsync(cancellationToken);
        if (trackingNumbers is { Count: > 0 } && labels.Count != trackingNumbers.Distinct().Count())
            return new OperationOutcome<EndOfDayManifest>.Rejected("Some tracking numbers are not open labels of this account.", Field("tracking_numbers", "must all be labels of this account that are not voided or on a form yet"));
        if (labels.Count == 0)
            return new OperationOutcome<EndOfDayManifest>.Rejected("There are no labels to put on an End of Day form for that day.", Field("mailing_date", "has no open labels"));

        var from = JsonSerializer.Deserialize<ShippingAddress>(labels[0].FromAddressJson, Json)!;
        var asked = labels.Select(l => l.TrackingNumber).ToList();
        var formKey = UnsettledOperations.EndOfDayKey(mailingDate, asked);
        EndOfDayManifest? last = null;
        // A form whose answer was lost is named by the carrier when asked again ("already part of another SCAN
        // Form"): it is recorded as made, and the labels left over get a form of their own in the next round.
        for (var round = 0; labels.Count > 0 && round < MaxEndOfDayRounds; round++)
        {
            var request = new EndOfDayRequest(labels.Select(l => l.TrackingNumber).ToList(), mailingDate, from, labels.Select(l => l.CarrierLabelId).ToList());
            var outcome = await runner.RunAsync(account, ShippingOperationNames.EndOfDay, idempotent: true, (c, s, t) => c.CreateEndOfDayFormAsync(s, request, t), cancellationToken);
            if (outcome is OperationOutcome<EndOfDayForm>.CarrierUnavailable)
                await UnsettledOperations.MarkAsync(db, account, ShippingOperationNames.EndOfDay, formKey, new { trackingNumbers = asked, mailingDate }, cancellationToken);
            if (outcome is not OperationOutcome<EndOfDayForm>.Succeeded created)
                return await RememberIfBrokenAsync(account, ShippingOperationNames.EndOfDay, new { trackingNumbers = asked, mailingDate }, outcome.Relay<EndOfDayForm, EndOfDayManifest>(), cancellationToken);
            if (created.Value.MadeEarlier)
            {
                // Settles this request if it was the lost one, or else the earlier request that asked for exactly this form's labels.
                var made = $"End of Day form {created.Value.ManifestNumber} was made at the carrier while its answer was lost; its labels are recorded on it.";
                await UnsettledOperations.SettleAsync(db, account, ShippingOperationNames.EndOfDay, formKey, made, cancellationToken);
                await UnsettledOperations.SettleAsync(db, account, ShippingOperationNames.EndOfDay, UnsettledOperations.EndOfDayKey(mailingDate, created.Value.TrackingNumbers), made, cancellationToken);
            }

            var onForm = labels.Where(l => created.Value.TrackingNumbers.Contains(l.TrackingNumber)).ToList();
            if (onForm.Count == 0) break;
            last = await RecordFormAsync(account, mailingDate, created.Value, onForm, cancellationToken);
            if (!created.Value.MadeEarlier)
            {
                await UnsettledOperations.SettleAsync(db, account, ShippingOperationNames.EndOfDay, formKey, $"End of Day form {last.ManifestNumber} made when asked again.", cancellationToken);
                return new OperationOutcome<EndOfDayManifest>.Succeeded(last);
            }
            labels = labels.Except(onForm).ToList();
        }
        return last is not null
            ? new OperationOutcome<EndOfDayManifest>.Succeeded(last)
            : new OperationOutcome<EndOfDayManifest>.Rejected("The carrier did not put these labels on a form.", Field("tracking_numbers", "were not put on a form"));
    }

    /// <summary>Enough for a form made earlier, one made earlier still, and the new form for what is left.</summary>
    private const int MaxEndOfDayRounds = 4;

    /// <summary>
    /// Records a form and puts its labels on it. A form the carrier made earlier may already be on file (another
    /// node recorded it meanwhile): its labels are added to it then.
    /// </summary>
    private async Task<EndOfDayManifest> RecordFormAsync(CarrierAccount account, DateOnly mailingDate, EndOfDayForm form, List<ShippingLabel> onForm, CancellationToken cancellationToken)
    {
        var manifest = form.MadeEarlier
            ? await db.Manifests.FirstOrDefaultAsync(m => m.AccountId == account.Id && m.ManifestNumber == form.ManifestNumber, cancellationToken)
            : null;
        if (manifest is null)
        {
            manifest = new EndOfDayManifest
            {
                AccountId = account.Id,
                ManifestNumber = form.ManifestNumber,
                MailingDate = mailingDate,
                TrackingNumbersJson = "[]",
                FormPdf = form.FormPdf,
                CreatedAt = db.UtcNow,
            };
            db.Manifests.Add(manifest);
        }
        var numbers = JsonSerializer.Deserialize<List<string>>(manifest.TrackingNumbersJson)!;
        manifest.TrackingNumbersJson = JsonSerializer.Serialize(numbers.Union(onForm.Select(l => l.TrackingNumber)).ToList());
        foreach (var label in onForm) label.ManifestNumber = manifest.ManifestNumber;
        await db.SaveChangesAsync(cancellationToken);
        return manifest;
    }

    /// <param name="idempotencyKey">The merchant's key for this pickup; without one, the request itself is the key (<see cref="PickupScheduling"/>).</param>
    public async Task<OperationOutcome<CarrierPickup>> SchedulePickupAsync(CarrierAccount account, PickupRequest request, string? idempotencyKey, CancellationToken cancellationToken) =>
        await RememberIfBrokenAsync(account, ShippingOperationNames.Pickup, request,
            await pickups.ScheduleAsync(account, request, idempotencyKey, cancellationToken), cancellationToken);

    public async Task<OperationOutcome<CarrierPickup>> CancelPickupAsync(CarrierAccount account, string confirmationNumber, CancellationToken cancellationToken)
    {
        var pickup = await db.Pickups.FirstOrDefaultAsync(p => p.AccountId == account.Id && p.ConfirmationNumber == confirmationNumber, cancellationToken);
        if (pickup is null) return new OperationOutcome<CarrierPickup>.Rejected("No pickup with that confirmation number was scheduled with this account.", Field("confirmation_number", "is not a pickup of this account"));
        if (pickup.Status == PickupStatuses.Canceled) return new OperationOutcome<CarrierPickup>.Succeeded(pickup);
        var key = UnsettledOperations.CancelPickupKey(confirmationNumber);
        var outcome = await runner.RunAsync(account, ShippingOperationNames.CancelPickup, idempotent: true, (c, s, t) => c.CancelPickupAsync(s, confirmationNumber, pickup.CarrierPickupId, t), cancellationToken);
        if (outcome is OperationOutcome<bool>.CarrierUnavailable)
            await UnsettledOperations.MarkAsync(db, account, ShippingOperationNames.CancelPickup, key, new { confirmationNumber }, cancellationToken);
        if (outcome is not OperationOutcome<bool>.Succeeded)
            return await RememberIfBrokenAsync(account, ShippingOperationNames.CancelPickup, new { confirmationNumber }, outcome.Relay<bool, CarrierPickup>(), cancellationToken);
        pickup.Status = PickupStatuses.Canceled;
        await db.SaveChangesAsync(cancellationToken);
        await UnsettledOperations.SettleAsync(db, account, ShippingOperationNames.CancelPickup, key,
            $"Pickup {confirmationNumber} is canceled at the carrier (a cancellation whose answer had been lost).", cancellationToken);
        return new OperationOutcome<CarrierPickup>.Succeeded(pickup);
    }

    /// <summary>
    /// When a broken connection stopped an operation that can be resumed, keep it (once, however often
    /// it was tried) so the reconnect can offer it again. Rates are not kept: asking again is the resume.
    /// </summary>
    private async Task<OperationOutcome<T>> RememberIfBrokenAsync<T>(CarrierAccount account, string operation, object request, OperationOutcome<T> outcome, CancellationToken cancellationToken)
    {
        if (outcome is not OperationOutcome<T>.ReconnectRequired || operation == ShippingOperationNames.Rates) return outcome;
        var json = JsonSerializer.Serialize(request, Json);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(operation + "\n" + json)));
        if (await db.FailedOperations.AnyAsync(f => f.AccountId == account.Id && f.RequestHash == hash && f.ResolvedAt == null, cancellationToken)) return outcome;
        var failed = new FailedOperation { AccountId = account.Id, Operation = operation, RequestJson = json, RequestHash = hash, At = db.UtcNow };
        db.FailedOperations.Add(failed);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same operation failed at the same moment in another request: it is remembered once already.
            db.Entry(failed).State = EntityState.Detached;
        }
        return outcome;
    }

    private static OperationOutcome<T> Refused<T>(InputErrors errors) =>
        new OperationOutcome<T>.Rejected("Check the request.", errors.ToDictionary().AsReadOnly());

    private static Dictionary<string, string[]> Field(string name, string message) => new() { [name] = [message] };
}
