using System.Text.Json;

namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>/pickup/v3/carrier-pickup: schedule, read (ETag), change and cancel (If-Match) a carrier pickup.</summary>
public static class PickupEndpoints
{
    /// <summary>pickupLocation.packageLocation, as the Carrier Pickup spec (5.x) enumerates it.</summary>
    private static readonly string[] PackageLocations =
        ["FRONT_DOOR", "BACK_DOOR", "SIDE_DOOR", "KNOCK_ON_DOOR", "MAIL_ROOM", "OFFICE", "PORCH", "RECEPTION", "MAILBOX", "OTHER"];

    public static void MapUspsPickups(this IEndpointRouteBuilder app)
    {
        var pickup = app.MapUspsApi("/pickup/v3", scope: "pickup", customerRequired: true);
        pickup.MapPost("/carrier-pickup", ScheduleAsync);
        pickup.MapGet("/carrier-pickup/{confirmationNumber}", (string confirmationNumber, HttpContext context, PickupStore store) =>
            store.Find(context.Customer().Username, confirmationNumber) is { } found ? Pickup(found, StatusCodes.Status200OK, asList: true) : NotFound(context, confirmationNumber));
        pickup.MapPut("/carrier-pickup/{confirmationNumber}", ChangeAsync);
        pickup.MapDelete("/carrier-pickup/{confirmationNumber}", (string confirmationNumber, HttpContext context, PickupStore store) =>
            IfMatch(context) is null && store.Find(context.Customer().Username, confirmationNumber) is not null
                ? PreconditionRequired(context)
                : store.Cancel(context.Customer().Username, confirmationNumber, IfMatch(context)) switch
                {
                    PickupChange.Done => Results.Ok(),
                    PickupChange.PreconditionFailed => PreconditionFailed(context),
                    _ => NotFound(context, confirmationNumber),
                });
    }

    private static async Task<IResult> ScheduleAsync(HttpContext context, PickupStore store, TimeProvider time)
    {
        var (body, problem) = await UspsJsonBody.ReadAsync(context);
        if (problem is not null) return problem;
        if (Validate(context, body, time) is { } invalid) return invalid;

        var pickup = store.Add(context.Customer().Username, UspsJsonBody.Date(body.Text("pickupDate"))!.Value, AddressKey(body), body);
        return pickup is null
            ? UspsErrors.BadRequest(context.Request.Path, UspsErrorCatalog.Item("020001"))
            : Pickup(pickup, StatusCodes.Status200OK);
    }

    private static async Task<IResult> ChangeAsync(string confirmationNumber, HttpContext context, PickupStore store, TimeProvider time)
    {
        var username = context.Customer().Username;
        if (store.Find(username, confirmationNumber) is null) return NotFound(context, confirmationNumber);
        if (IfMatch(context) is null) return PreconditionRequired(context);

        // The spec's PUT body is a PickupConfirmation: the new pickup under carrierPickupRequest.
        var (confirmation, problem) = await UspsJsonBody.ReadAsync(context);
        if (problem is not null) return problem;
        if (confirmation.Find("carrierPickupRequest") is not { ValueKind: JsonValueKind.Object } body)
            return UspsErrors.BadRequest(context.Request.Path, UspsErrors.ValidationItem("400", "OASValidation failed",
                "Object has missing required properties ([\"carrierPickupRequest\"])", "carrierPickupRequest"));
        if (Validate(context, body, time) is { } invalid) return invalid;

        return store.Replace(username, confirmationNumber, IfMatch(context), UspsJsonBody.Date(body.Text("pickupDate"))!.Value, AddressKey(body), body) switch
        {
            PickupChange.Done { Pickup: var updated } => Pickup(updated, StatusCodes.Status200OK),
            PickupChange.PreconditionFailed => PreconditionFailed(context),
            PickupChange.Duplicate => UspsErrors.BadRequest(context.Request.Path, UspsErrorCatalog.Item("020001")),
            _ => NotFound(context, confirmationNumber),
        };
    }

    /// <summary>The USPS error for the first thing wrong with a pickup request, or null when it is fine.</summary>
    private static IResult? Validate(HttpContext context, JsonElement body, TimeProvider time)
    {
        var path = context.Request.Path;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var packages = body.Find("packages") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().ToList() : [];
        if (UspsJsonBody.Date(body.Text("pickupDate")) is not { } date || AddressKey(body).Length == 0
            || packages.Count == 0 || packages.Any(p => p.Text("packageType") is null || p.Number("packageCount") is not > 0))
        {
            return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("020003"));
        }
        if (date < today) return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("020016"));
        if (date > today.AddYears(1)) return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("020017"));
        // No carrier pickups on Sundays.
        if (date.DayOfWeek == DayOfWeek.Sunday) return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("020018"));

        // pickupAddress.contact is required: one or two ways to reach the mailer, each an email or a 10-digit cellNumber.
        var contact = body.Find("pickupAddress", "contact") is { ValueKind: JsonValueKind.Array } ways ? ways.EnumerateArray().ToList() : [];
        if (contact.Count is 0 or > 2 || contact.Any(c => c.Text("email") is null && c.Text("cellNumber") is not { Length: 10 }))
        {
            return UspsErrors.BadRequest(path, UspsErrors.ValidationItem("400", "OASValidation failed",
                "pickupAddress.contact must hold one or two contacts, each an email or a 10-digit cellNumber.", "pickupAddress.contact"));
        }

        var location = body.Text("pickupLocation", "packageLocation");
        if (location is not null && !PackageLocations.Contains(location)) return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("020004"));
        if (location == "OTHER" && body.Text("pickupLocation", "specialInstructions") is null)
        {
            return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("020020"));
        }
        return null;
    }

    /// <summary>Street and ZIP from pickupAddress.address; "" when absent.</summary>
    private static string AddressKey(JsonElement body)
    {
        var address = body.Find("pickupAddress", "address");
        if (address is not { ValueKind: JsonValueKind.Object } found) return "";
        var street = found.Text("streetAddress");
        var zip = found.Text("ZIPCode");
        return street is null || !UspsJsonBody.IsZip5(zip) ? "" : $"{street.ToUpperInvariant()}|{zip}";
    }

    private static string? IfMatch(HttpContext context) => context.Request.Headers.IfMatch.ToString() is { Length: > 0 } value ? value : null;

    /// <summary>A PickupConfirmation; GET answers a list of them (the spec's array), schedule and change one.</summary>
    private static IResult Pickup(UspsPickup pickup, int status, bool asList = false)
    {
        var confirmation = new
        {
            confirmationNumber = pickup.ConfirmationNumber,
            pickupDate = pickup.PickupDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            carrierPickupRequest = pickup.Request,
        };
        return Results.Json(asList ? new[] { confirmation } : (object)confirmation, UspsErrors.Json, statusCode: status).WithHeader("ETag", pickup.ETag);
    }

    private static IResult NotFound(HttpContext context, string confirmationNumber) =>
        UspsErrors.Resource(context.Request.Path, StatusCodes.Status404NotFound, "Not Found",
            [new { title = "confirmationNumber", detail = $"No carrier pickup with confirmation number {confirmationNumber} was found." }]);

    private static IResult PreconditionRequired(HttpContext context) =>
        UspsErrors.Resource(context.Request.Path, StatusCodes.Status428PreconditionRequired, "Precondition Required",
            [new { title = "If-Match", detail = "Send the ETag of the pickup (from GET) in If-Match to change or cancel it." }]);

    private static IResult PreconditionFailed(HttpContext context) =>
        UspsErrors.Resource(context.Request.Path, StatusCodes.Status412PreconditionFailed, "Precondition Failed",
            [new { title = "If-Match", detail = "The pickup changed since it was read: GET it again and retry with the new ETag." }]);
}
