using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.Usps;

public sealed partial class UspsShippingClient
{
    public Task<CarrierResult<ScheduledPickup>> SchedulePickupAsync(CarrierSession session, PickupRequest request, CancellationToken cancellationToken)
    {
        var address = Address(request.Address);
        var body = new Dictionary<string, object?>
        {
            ["pickupDate"] = Date(request.PickupDate),
            ["pickupAddress"] = new Dictionary<string, object?>
            {
                ["firstName"] = address["firstName"],
                ["lastName"] = address["lastName"],
                ["firm"] = address["firm"],
                ["address"] = new Dictionary<string, object?>
                {
                    ["streetAddress"] = address["streetAddress"],
                    ["secondaryAddress"] = address["secondaryAddress"],
                    ["city"] = address["city"],
                    ["state"] = address["state"],
                    ["ZIPCode"] = address["ZIPCode"],
                },
                ["contact"] = request.Address.Phone is null ? null : new[] { new { phone = request.Address.Phone } },
            },
            ["packages"] = request.Packages.Select(p => new { packageType = p.Type, packageCount = p.Count }).ToArray(),
            ["estimatedWeight"] = Math.Max(1, request.Packages.Sum(p => p.Count)),
            ["pickupLocation"] = new { packageLocation = request.Location ?? "FRONT_DOOR" },
        };
        return SendAsync(Request(HttpMethod.Post, "pickup/v3/carrier-pickup", session, body), idempotent: false, async response =>
        {
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var date = json.TryGetProperty("pickupDate", out var d) && DateOnly.TryParse(d.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : request.PickupDate;
            return Ok(new ScheduledPickup(json.GetProperty("confirmationNumber").GetString()!, date));
        }, cancellationToken);
    }

    /// <summary>USPS cancels only with the pickup's current ETag in If-Match, so read it first.</summary>
    public async Task<CarrierResult<bool>> CancelPickupAsync(CarrierSession session, string confirmationNumber, string? carrierPickupId, CancellationToken cancellationToken)
    {
        var path = $"pickup/v3/carrier-pickup/{Uri.EscapeDataString(confirmationNumber)}";
        var etag = await SendAsync(Request(HttpMethod.Get, path, session), idempotent: true, response =>
            Task.FromResult<CarrierResult<string>>(response.Headers.ETag is { } tag ? Ok(tag.ToString()) : new CarrierResult<string>.Transient("USPS sent no ETag for the pickup.")), cancellationToken);
        if (etag is not CarrierResult<string>.Success current) return etag.Relay<bool>();

        var delete = Request(HttpMethod.Delete, path, session);
        delete.Headers.TryAddWithoutValidation("If-Match", current.Value);
        return await SendAsync(delete, idempotent: true, _ => Task.FromResult(Ok(true)), cancellationToken);
    }
}
