using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.Usps;

public sealed partial class UspsShippingClient
{
    public Task<CarrierResult<ScheduledPickup>> SchedulePickupAsync(CarrierSession session, PickupRequest request, CancellationToken cancellationToken)
    {
        var contact = Contact(request);
        if (contact.Count == 0)
            return Task.FromResult<CarrierResult<ScheduledPickup>>(new CarrierResult<ScheduledPickup>.Invalid(
                "USPS needs a way to reach you about the pickup: give a contact email or a 10-digit phone number.",
                new Dictionary<string, string[]> { ["contact_email"] = ["is required when the address has no 10-digit phone number"] }));
        var address = Address(request.Address);
        var body = new Dictionary<string, object?>
        {
            ["pickupDate"] = Date(request.PickupDate),
            ["pickupAddress"] = Present(new Dictionary<string, object?>
            {
                ["firstName"] = address.GetValueOrDefault("firstName"),
                ["lastName"] = address.GetValueOrDefault("lastName"),
                ["firm"] = address.GetValueOrDefault("firm"),
                ["address"] = Present(new Dictionary<string, object?>
                {
                    ["streetAddress"] = address.GetValueOrDefault("streetAddress"),
                    ["secondaryAddress"] = address.GetValueOrDefault("secondaryAddress"),
                    ["city"] = address.GetValueOrDefault("city"),
                    ["state"] = address.GetValueOrDefault("state"),
                    ["ZIPCode"] = address.GetValueOrDefault("ZIPCode"),
                }),
                ["contact"] = contact,
            }),
            ["packages"] = request.Packages.Select(p => new { packageType = p.Type, packageCount = p.Count }).ToArray(),
            ["estimatedWeight"] = Math.Max(1, request.Packages.Sum(p => p.Count)),
            ["pickupLocation"] = new { packageLocation = request.Location ?? "FRONT_DOOR" },
        };
        return SendAsync(Request(HttpMethod.Post, "pickup/v3/carrier-pickup", session, body), idempotent: false, async response =>
        {
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var date = json.TryGetProperty("pickupDate", out var d) && DateOnly.TryParse(d.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : request.PickupDate;
            return Ok(new ScheduledPickup(json.GetProperty("confirmationNumber").GetString()!, date));
        },
        // USPS has no idempotency key for pickups: a resend after a lost answer is refused as already existing.
        (response, errorBody) => response.StatusCode == System.Net.HttpStatusCode.BadRequest && UspsErrorBody.Codes(errorBody).Contains(UspsSettledAnswers.PickupAlreadyExists)
            ? Ok(new ScheduledPickup("", request.PickupDate) { AlreadyAtCarrier = true, CarrierMessage = UspsErrorBody.Read(errorBody).Message })
            : null,
        cancellationToken);
    }

    /// <summary>
    /// pickupAddress.contact, required by USPS: the email given for the pickup and the address's phone when it
    /// is a 10-digit US number (USPS's cellNumber), at most two.
    /// </summary>
    private static List<object> Contact(PickupRequest request)
    {
        var contact = new List<object>();
        if (request.ContactEmail is { } email) contact.Add(new { email });
        var digits = new string((request.Address.Phone ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length == 11 && digits[0] == '1') digits = digits[1..];
        if (digits.Length == 10) contact.Add(new { cellNumber = digits });
        return contact;
    }

    /// <summary>USPS cancels only with the pickup's current ETag in If-Match, so read it first.</summary>
    public async Task<CarrierResult<bool>> CancelPickupAsync(CarrierSession session, string confirmationNumber, string? carrierPickupId, CancellationToken cancellationToken)
    {
        var path = $"pickup/v3/carrier-pickup/{Uri.EscapeDataString(confirmationNumber)}";
        // USPS no longer knowing a pickup CarrierLink has as scheduled means it is not scheduled: an earlier cancel
        // went through and only its answer was lost. Null stands for "nothing left to cancel".
        var etag = await SendAsync(Request(HttpMethod.Get, path, session), idempotent: true, response =>
            Task.FromResult<CarrierResult<string?>>(response.Headers.ETag is { } tag ? Ok<string?>(tag.ToString()) : new CarrierResult<string?>.Transient("USPS sent no ETag for the pickup.")),
            (response, _) => response.StatusCode == System.Net.HttpStatusCode.NotFound ? Ok<string?>(null) : null, cancellationToken);
        if (etag is CarrierResult<string?>.Success { Value: null }) return Ok(true);
        if (etag is not CarrierResult<string?>.Success current) return etag.Relay<bool>();

        var delete = Request(HttpMethod.Delete, path, session);
        delete.Headers.TryAddWithoutValidation("If-Match", current.Value);
        return await SendAsync(delete, idempotent: true, async response =>
        {
            await CarrierHttp.EnsureReadableAsync(response, cancellationToken);
            return Ok(true);
        },
            (response, _) => response.StatusCode == System.Net.HttpStatusCode.NotFound ? Ok(true) : null, cancellationToken);
    }
}
