using System.Globalization;
using CarrierLink.Sandbox.Usps.Api;

namespace CarrierLink.Sandbox.Ups.Api;

/// <summary>
/// Pickup.yaml: POST /api/pickupcreation/{version}/pickup ("Pickup Creation") and
/// DELETE /api/shipments/{version}/pickup/{CancelBy} ("Pickup Cancel"; CancelBy 02 with the Prn header, 01 by account).
/// </summary>
public static class PickupEndpoints
{
    public static void MapUpsPickups(this IEndpointRouteBuilder app)
    {
        app.MapUpsApi("/api/pickupcreation").MapPost("/{version}/pickup", CreateAsync);
        app.MapUpsApi("/api/shipments").MapDelete("/{version}/pickup/{CancelBy}", Cancel);
    }

    private static async Task<IResult> CreateAsync(string version, HttpContext context, UpsShipmentStore store, TimeProvider time)
    {
        if (!RatingEndpoints.Version().IsMatch(version)) return UpsErrors.BadRequest(UpsApiCodes.NotValid, "Invalid version.");
        var (body, problem) = await UpsJsonBody.ReadAsync(context, "PickupCreationRequest");
        if (problem is not null) return problem;
        var caller = context.UpsCaller();

        var missing = new[] { "PickupDateInfo", "PickupAddress", "PaymentMethod", "PickupPiece" }.FirstOrDefault(e => body.Find(e) is null);
        if (missing is not null) return UpsErrors.BadRequest(UpsApiCodes.NotValid, $"Missing or invalid element: PickupCreationRequest/{missing}.");
        // PaymentMethod 01 bills the shipper's account: it must be one of the caller's.
        var account = body.Text("Shipper", "Account", "AccountNumber");
        if (body.Text("PaymentMethod") == "01" && !caller.Owns(account)) return UpsErrors.ShipperNumberRefused(account);
        if (account is not null && !caller.Owns(account)) return UpsErrors.ShipperNumberRefused(account);

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (!DateOnly.TryParseExact(body.Text("PickupDateInfo", "PickupDate"), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date < today || date > today.AddDays(30) || date.DayOfWeek == DayOfWeek.Sunday)
            return UpsErrors.BadRequest(UpsApiCodes.InvalidPickupDate, "The pickup date is invalid: choose a date from today up to 30 days ahead, Monday to Saturday.");
        var postalCode = body.Text("PickupAddress", "PostalCode");
        if (postalCode is null || body.Find("PickupAddress")!.Value.FirstLine() is null || body.Text("PickupAddress", "City") is null)
            return UpsErrors.BadRequest(UpsApiCodes.NotValid, "Missing or invalid element: PickupCreationRequest/PickupAddress (AddressLine, City, PostalCode).");

        var pieces = body.Many("PickupPiece").Sum(p => p.Number("Quantity") is { } q ? (int)q : 0);
        var pickup = new UpsPickup(UpsShipperNumbers.PickupRequestNumber(), caller.Customer.Username, account, date, postalCode, pieces, time.GetUtcNow())
        {
            Reference = body.Text("ReferenceNumber"),
            TransId = caller.TransId,
            TransactionSrc = caller.TransactionSrc,
        };
        store.Add(pickup);
        return Results.Json(new
        {
            PickupCreationResponse = new
            {
                Response = UpsJsonBody.Response(body),
                PRN = pickup.Prn,
                // RatePickupIndicator N: no rate is returned (the sandbox's reading of RateStatus codes, ✘).
                RateStatus = new { Code = "01", Description = "Rate not returned" },
            },
        }, UpsErrors.Json);
    }

    private static IResult Cancel(string version, string CancelBy, HttpContext context, UpsShipmentStore store)
    {
        var caller = context.UpsCaller();
        var prn = context.Request.Headers["Prn"].ToString();
        if (CancelBy is not ("01" or "02") || (CancelBy == "02" && prn.Length == 0))
            return UpsErrors.BadRequest(UpsApiCodes.NotValid, "Invalid CancelBy (01 = account number, 02 = PRN in the Prn header).");
        return store.Cancel(caller.Customer.Username, CancelBy == "02" ? prn : null) switch
        {
            (UpsChange.Done, _) => Results.Json(new
            {
                PickupCancelResponse = new
                {
                    Response = new { ResponseStatus = new { Code = "1", Description = "Success" } },
                    PickupType = "01",
                },
            }, UpsErrors.Json),
            (UpsChange.AlreadyDone, _) => UpsErrors.BadRequest(UpsApiCodes.PickupAlreadyCancelled, "The pickup request has already been cancelled."),
            _ => UpsErrors.BadRequest(UpsApiCodes.NoPickup, "No pickup request was found for this PRN."),
        };
    }
}
