using System.Globalization;
using CarrierLink.Sandbox.FedEx.Auth;
using CarrierLink.Sandbox.Usps.Api;

namespace CarrierLink.Sandbox.FedEx.Api;

/// <summary>PUT /ship/v1/endofday/ (ShipmentCloseAPI): the Ground close of the account's Ground labels of closeDate, with its manifest.</summary>
public static class EndOfDayEndpoint
{
    public static readonly FedExError ShipDateInvalid = new("AVAILABILITY.SHIP.DATE.INVALID", "Ship date is invalid.");

    /// <summary>Invented: FedEx publishes no code for a close with nothing to close.</summary>
    public static readonly FedExError NothingToClose = new("GROUNDCLOSE.SHIPMENTS.NOTFOUND", "No FedEx Ground shipments were found to close for the given date.");

    public static void MapFedExEndOfDay(this IEndpointRouteBuilder app) =>
        app.MapPut("/ship/v1/endofday/", CloseAsync).RequireFedExToken();

    private static async Task<IResult> CloseAsync(HttpContext context, FedExShipmentStore store)
    {
        var (request, account, refusal) = await FedExApiAccess.ReadAsync(context, "accountNumber.value");
        if (refusal is not null) return refusal;
        if (request.Text("groundServiceCategory") is { } category && category != "GROUND")
            return FedExErrors.BadRequest(FedExErrors.InvalidInput("groundServiceCategory must be GROUND."), context);
        var today = DateOnly.FromDateTime(store.Now.UtcDateTime);
        var date = today;
        if (request.Text("closeDate") is { } given && (!DateOnly.TryParseExact(given, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) || date > today))
            return FedExErrors.BadRequest(ShipDateInvalid, context);

        if (store.CloseGround(account!, date) is not { } closed) return FedExErrors.BadRequest(NothingToClose, context);
        var manifest = UspsDocuments.Pdf(
            ["FedEx Ground Pickup Manifest", $"Account {account}", $"Close date {date:yyyy-MM-dd}", $"Shipping cycle {closed.Cycle}", $"{closed.TrackingNumbers.Count} packages",
             .. closed.TrackingNumbers], widthPt: 612, heightPt: 792);
        return FedExErrors.Ok(new
        {
            closeDocuments = new[]
            {
                new
                {
                    type = "MANIFEST",
                    shippingCycle = closed.Cycle,
                    shippingDocumentDisposition = "CONFIRMED",
                    resolution = 200,
                    copiesToPrint = 1,
                    parts = new[] { new { documentPartSequenceNumber = 1, image = Convert.ToBase64String(manifest) } },
                },
            },
        }, context);
    }
}
