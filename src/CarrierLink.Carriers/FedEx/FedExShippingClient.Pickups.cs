using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.FedEx;

public sealed partial class FedExShippingClient
{
    /// <summary>The express services: a pickup for any of them goes to FedEx Express (FDXE), otherwise to FedEx Ground (FDXG).</summary>
    private static readonly string[] ExpressServices = ["FEDEX_2_DAY", "STANDARD_OVERNIGHT", "PRIORITY_OVERNIGHT"];

    /// <summary>
    /// POST /pickup/v1/pickups. FedEx cancels a pickup by its confirmation code, scheduled date, location and operating
    /// company, so those travel in <see cref="ScheduledPickup.CarrierPickupId"/> (<see cref="FedExPickupId"/>).
    /// </summary>
    public Task<CarrierResult<ScheduledPickup>> SchedulePickupAsync(CarrierSession session, PickupRequest request, CancellationToken cancellationToken)
    {
        if (Digits(request.Address.Phone) is null)
            return Task.FromResult(Invalid<ScheduledPickup>("FedEx needs a phone number for the pickup address.", "address.phone", "is required by FedEx"));
        var carrierCode = request.Packages.Any(p => ExpressServices.Contains(p.Type, StringComparer.OrdinalIgnoreCase)) ? "FDXE" : "FDXG";
        var count = Math.Max(1, request.Packages.Sum(p => p.Count));
        return SendAsync(HttpMethod.Post, "pickup/v1/pickups", session, account => new
        {
            associatedAccountNumber = FedExCalls.Account(account),
            originDetail = new
            {
                pickupLocation = Party(request.Address),
                // Ready at 10:00 UTC on the day, collected before 17:00 local close: the day is what CarrierLink asks for.
                readyDateTimestamp = $"{Date(request.PickupDate)}T10:00:00Z",
                customerCloseTime = "17:00:00",
                packageLocation = PackageLocation(request.Location),
            },
            carrierCode,
            packageCount = count,
        }, idempotent: false, answer =>
        {
            var output = answer.GetProperty("output");
            var code = output.GetProperty("pickupConfirmationCode").GetString()!;
            var location = output.TryGetProperty("location", out var l) ? l.GetString() : null;
            return Ok(new ScheduledPickup(code, request.PickupDate, new FedExPickupId(carrierCode, request.PickupDate, location).ToString()));
        }, cancellationToken, customerTransactionId: request.Reference);
    }

    public Task<CarrierResult<bool>> CancelPickupAsync(CarrierSession session, string confirmationNumber, string? carrierPickupId, CancellationToken cancellationToken)
    {
        if (!FedExPickupId.TryParse(carrierPickupId, out var id))
            return Task.FromResult(Invalid<bool>("FedEx cancels a pickup by its date and location, which CarrierLink does not have for this pickup.", "pickup", "has no FedEx pickup id"));
        return SendAsync(HttpMethod.Put, "pickup/v1/pickups/cancel", session, account => new
        {
            associatedAccountNumber = FedExCalls.Account(account),
            pickupConfirmationCode = confirmationNumber,
            scheduledDate = Date(id.ScheduledDate),
            location = id.Location,
            carrierCode = id.CarrierCode,
        }, idempotent: true, _ => Ok(true), cancellationToken);
    }

    /// <summary>FedEx's packageLocation (FRONT, REAR, SIDE, NONE) from CarrierLink's words or USPS's (FRONT_DOOR ...).</summary>
    private static string PackageLocation(string? location) => (location ?? "").ToUpperInvariant() switch
    {
        "FRONT" or "FRONT_DOOR" => "FRONT",
        "REAR" or "BACK_DOOR" or "BACK" => "REAR",
        "SIDE" or "SIDE_DOOR" => "SIDE",
        _ => "NONE",
    };
}

/// <summary>What FedEx needs besides the confirmation code to cancel a pickup: "FDXG/2026-03-03/S021" (company/date/location).</summary>
public readonly record struct FedExPickupId(string CarrierCode, DateOnly ScheduledDate, string? Location)
{
    public override string ToString() => $"{CarrierCode}/{ScheduledDate:yyyy-MM-dd}/{Location}";

    public static bool TryParse(string? text, out FedExPickupId id)
    {
        id = default;
        var parts = text?.Split('/') ?? [];
        if (parts.Length != 3 || parts[0] is not ("FDXE" or "FDXG")
            || !DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
            return false;
        id = new FedExPickupId(parts[0], date, parts[2].Length > 0 ? parts[2] : null);
        return true;
    }
}
