using System.Globalization;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.Ups;

public sealed partial class UpsShippingClient
{
    /// <summary>
    /// Pickup Creation, paid by the shipper number (PaymentMethod 01). Note: UPS takes no idempotency key here either,
    /// so a lost answer is "may have been scheduled"; the reference rides along so the pickup can be recognised.
    /// </summary>
    public Task<CarrierResult<ScheduledPickup>> SchedulePickupAsync(CarrierSession session, PickupRequest request, CancellationToken cancellationToken)
    {
        if (WithoutShipperNumber<ScheduledPickup>(session) is { } missing) return Task.FromResult(missing);
        var phone = new string((request.Address.Phone ?? "").Where(char.IsAsciiDigit).ToArray());
        if (phone.Length < 10)
            return Task.FromResult<CarrierResult<ScheduledPickup>>(new CarrierResult<ScheduledPickup>.Invalid(
                "UPS needs a phone number for the pickup address.", new Dictionary<string, string[]> { ["address.phone"] = ["is required by UPS for a pickup"] }));

        var body = new
        {
            PickupCreationRequest = Present(new()
            {
                ["Request"] = new { TransactionReference = new { CustomerContext = request.Reference ?? "CarrierLink pickup" } },
                ["RatePickupIndicator"] = "N",
                ["Shipper"] = new { Account = new { AccountNumber = session.Identity!.AccountNumber, AccountCountryCode = "US" } },
                ["PickupDateInfo"] = new { CloseTime = "1700", ReadyTime = "0900", PickupDate = request.PickupDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) },
                ["PickupAddress"] = Present(new()
                {
                    ["CompanyName"] = Cut(request.Address.Company ?? request.Address.Name, 27),
                    ["ContactName"] = Cut(request.Address.Name, 22),
                    ["AddressLine"] = new[] { request.Address.Street1 },
                    ["City"] = request.Address.City,
                    ["StateProvince"] = request.Address.State,
                    ["PostalCode"] = request.Address.Zip,
                    ["CountryCode"] = request.Address.Country ?? "US",
                    ["ResidentialIndicator"] = "N",
                    ["PickupPoint"] = request.Location is null ? null : Cut(request.Location, 11),
                    ["Phone"] = new { Number = Cut(phone, 25) },
                }),
                ["AlternateAddressIndicator"] = "N",
                ["PickupPiece"] = request.Packages.Select(p => new
                {
                    ServiceCode = PickupServiceCode(p.Type),
                    Quantity = Math.Clamp(p.Count, 1, 999).ToString(CultureInfo.InvariantCulture),
                    DestinationCountryCode = "US",
                    ContainerCode = "01",
                }).ToArray(),
                ["PaymentMethod"] = "01",
                ["ReferenceNumber"] = request.Reference is null ? null : Cut(request.Reference, 35),
                ["Notification"] = request.ContactEmail is null ? null : new { ConfirmationEmailAddress = Cut(request.ContactEmail, 50) },
            }),
        };
        return SendAsync(Request(HttpMethod.Post, $"api/pickupcreation/{_options.PickupVersion}/pickup", session, body), idempotent: false,
            json => Ok(new ScheduledPickup(json.GetProperty("PickupCreationResponse").GetProperty("PRN").GetString()!, request.PickupDate)),
            settled: null, cancellationToken);
    }

    /// <summary>Pickup Cancel by PRN (CancelBy 02, the PRN in the Prn header).</summary>
    public Task<CarrierResult<bool>> CancelPickupAsync(CarrierSession session, string confirmationNumber, string? carrierPickupId, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Delete, $"api/shipments/{_options.PickupVersion}/pickup/02", session);
        request.Headers.Add("Prn", carrierPickupId ?? confirmationNumber);
        return SendAsync(request, idempotent: true, _ => Ok(true),
            // Cancelled before: an earlier cancel went through and only its answer was lost.
            body => UpsErrorBody.Has(body, UpsErrorBody.PickupAlreadyCancelled) ? Ok(true) : null,
            cancellationToken);
    }

    /// <summary>Pickup's three-digit service codes are the two-digit UPS service codes with a leading zero ("03" → "003"); Ground otherwise.</summary>
    private static string PickupServiceCode(string type) =>
        type.Length is 2 or 3 && type.All(char.IsAsciiDigit) ? type.PadLeft(3, '0') : "003";
}
