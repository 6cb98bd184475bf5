using System.Globalization;
using CarrierLink.Sandbox.FedEx.Auth;

namespace CarrierLink.Sandbox.FedEx.Api;

/// <summary>POST /pickup/v1/pickups and PUT /pickup/v1/pickups/cancel (Pickup-Resource).</summary>
public static class PickupEndpoints
{
    public static readonly FedExError PreviousDay = new("PICKUP.REQUESTED.PREVIOUS.DAY", "Cannot schedule a pickup requested for a previous day.");
    public static readonly FedExError CannotCancel = new("PICKUP.NUMBER.EXPIRED", "PREVIOUS DAY PICKUP, CANNOT CANCEL OR UPDATE");

    public static void MapFedExPickups(this IEndpointRouteBuilder app)
    {
        app.MapPost("/pickup/v1/pickups", CreateAsync).RequireFedExToken();
        app.MapPut("/pickup/v1/pickups/cancel", CancelAsync).RequireFedExToken();
    }

    private static async Task<IResult> CreateAsync(HttpContext context, FedExShipmentStore store)
    {
        var (request, account, refusal) = await FedExApiAccess.ReadAsync(context, "associatedAccountNumber.value");
        if (refusal is not null) return refusal;
        var carrierCode = request.Text("carrierCode");
        if (carrierCode is not ("FDXE" or "FDXG")) return FedExErrors.BadRequest(FedExErrors.InvalidInput("carrierCode must be FDXE or FDXG."), context);
        var location = request.At("originDetail.pickupLocation");
        if (location is not { } l || l.Items("address.streetLines").Count == 0 || l.Text("address.city") is null || l.Text("address.postalCode") is null
            || l.Text("address.stateOrProvinceCode") is null || l.Text("address.countryCode") is null || l.At("contact") is null)
        {
            return FedExErrors.BadRequest(FedExErrors.InvalidInput("originDetail.pickupLocation needs a contact and an address (streetLines, city, stateOrProvinceCode, postalCode, countryCode)."), context);
        }
        if (request.Text("originDetail.customerCloseTime") is null
            || !DateTimeOffset.TryParse(request.Text("originDetail.readyDateTimestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ready))
        {
            return FedExErrors.BadRequest(FedExErrors.InvalidInput("originDetail needs readyDateTimestamp (YYYY-MM-DDTHH:MM:SSZ) and customerCloseTime (HH:MM:SS)."), context);
        }
        var day = DateOnly.FromDateTime(ready.UtcDateTime);
        if (day < DateOnly.FromDateTime(store.Now.UtcDateTime)) return FedExErrors.BadRequest(PreviousDay, context);

        // The location is the FedEx station serving the pickup ("COSA" in FedEx's example); the sandbox derives one from the ZIP code.
        var station = "S" + (l.Text("address.postalCode") ?? "000")[..3];
        var pickup = store.AddPickup(code => new FedExPickup(code, station, account!, carrierCode, day, (int)(request.Number("packageCount") ?? 1), store.Now));
        return FedExErrors.Ok(new { pickupConfirmationCode = pickup.ConfirmationCode, message = "Courier on the way", location = pickup.Location }, context);
    }

    private static async Task<IResult> CancelAsync(HttpContext context, FedExShipmentStore store)
    {
        var (request, account, refusal) = await FedExApiAccess.ReadAsync(context, "associatedAccountNumber.value");
        if (refusal is not null) return refusal;
        var code = request.Text("pickupConfirmationCode");
        if (code is null || request.Text("scheduledDate") is null)
            return FedExErrors.BadRequest(FedExErrors.InvalidInput("pickupConfirmationCode and scheduledDate are required."), context);
        if (store.Pickup(code) is not { } pickup || pickup.AccountNumber != account
            || pickup.ScheduledDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) != request.Text("scheduledDate"))
        {
            return FedExErrors.Error(StatusCodes.Status404NotFound, FedExErrors.NotFound, FedExErrors.CustomerTransactionId(context));
        }
        if (pickup.ScheduledDate < DateOnly.FromDateTime(store.Now.UtcDateTime)) return FedExErrors.BadRequest(CannotCancel, context);
        // Sandbox rule: cancelling a cancelled pickup answers as the first time did.
        store.CancelPickup(code);
        return FedExErrors.Ok(new { pickupConfirmationCode = code, cancelConfirmationMessage = "Requested pickup has been cancelled Successfully." }, context);
    }
}
