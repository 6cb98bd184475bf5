using System.Text.Json;
using CarrierLink.Sandbox.Usps.Api;

namespace CarrierLink.Sandbox.Ups.Api;

/// <summary>What Rating and Shipping both read from a request's Shipment: who ships, from and to where, which service, how heavy.</summary>
public sealed record UpsShipmentRequest(
    string? ShipperNumber, IReadOnlyList<string> BilledAccounts, string FromZip, string ToZip, string? ServiceCode,
    decimal WeightLb, decimal? Length, decimal? Width, decimal? Height, IReadOnlyList<string> References)
{
    /// <summary>The shipment, or UPS's refusal of it. <paramref name="packaging"/> is Rating's "PackagingType" or Shipping's "Packaging".</summary>
    public static (UpsShipmentRequest? Request, IResult? Problem) Read(JsonElement shipment, string packaging, bool serviceRequired)
    {
        if (shipment.ValueKind != JsonValueKind.Object) return Missing("Shipment");
        var shipperNumber = shipment.Text("Shipper", "ShipperNumber");
        if (shipment.Find("Shipper", "Address") is null) return Missing("Shipment/Shipper/Address");
        if (shipment.Find("ShipTo", "Address") is null) return Missing("Shipment/ShipTo/Address");
        var origin = shipment.Find("ShipFrom", "Address") is { } shipFrom ? shipFrom : shipment.Find("Shipper", "Address")!.Value;

        var fromZip = Zip(origin.Text("PostalCode"));
        var toZip = Zip(shipment.Text("ShipTo", "Address", "PostalCode"));
        if (fromZip is null) return Refuse(UpsApiCodes.InvalidPostalCode, $"The postal code {origin.Text("PostalCode")} is invalid for {origin.Text("StateProvinceCode")} United States.");
        if (toZip is null)
            return Refuse(UpsApiCodes.InvalidPostalCode,
                $"The postal code {shipment.Text("ShipTo", "Address", "PostalCode")} is invalid for {shipment.Text("ShipTo", "Address", "StateProvinceCode")} United States.");

        var serviceCode = shipment.Text("Service", "Code");
        if (serviceRequired && serviceCode is null) return Missing("Shipment/Service/Code");
        if (serviceCode is not null && UpsRateTable.Find(serviceCode) is null)
            return Refuse(UpsApiCodes.ServiceUnavailable, "The requested service is unavailable between the selected locations.");

        var packages = shipment.Many("Package");
        if (packages.Count != 1) return Refuse(UpsApiCodes.NotValid, "The sandbox rates and ships one Package per shipment.");
        var package = packages[0];
        if (package.Find(packaging, "Code") is null && packaging == "Packaging") return Missing("Shipment/Package/Packaging/Code");
        var weight = package.Number("PackageWeight", "Weight");
        if (weight is not > 0) return Missing("Shipment/Package/PackageWeight/Weight");
        var unit = package.Text("PackageWeight", "UnitOfMeasurement", "Code");
        var pounds = string.Equals(unit, "OZS", StringComparison.OrdinalIgnoreCase) ? weight.Value / 16m : weight.Value;
        if (pounds > UpsRateTable.MaxWeightLb)
            return Refuse(UpsApiCodes.TooHeavy, "The maximum per package weight for the selected service from the selected country is 150.00 pounds.");

        var billed = shipment.Many("PaymentInformation", "ShipmentCharge").Concat(shipment.Many("PaymentDetails", "ShipmentCharge"))
            .Select(c => c.Text("BillShipper", "AccountNumber")).OfType<string>().ToList();
        var references = shipment.Many("ReferenceNumber").Concat(package.Many("ReferenceNumber")).Select(r => r.Text("Value")).OfType<string>().ToList();
        return (new UpsShipmentRequest(shipperNumber, billed, fromZip, toZip, serviceCode, pounds,
            package.Number("Dimensions", "Length"), package.Number("Dimensions", "Width"), package.Number("Dimensions", "Height"), references), null);
    }

    /// <summary>The shipper number and every billed account must be the caller's own (UPS: "must be associated with the UserId").</summary>
    public IResult? RefuseForeignAccounts(UpsCaller caller)
    {
        if (ShipperNumber is not null && !caller.Owns(ShipperNumber)) return UpsErrors.ShipperNumberRefused(ShipperNumber);
        return BilledAccounts.FirstOrDefault(a => !caller.Owns(a)) is { } foreign ? UpsErrors.ShipperNumberRefused(foreign) : null;
    }

    private static string? Zip(string? postalCode)
    {
        var digits = postalCode?.Replace("-", "", StringComparison.Ordinal).Trim();
        return digits is { Length: 5 or 9 } && digits.All(char.IsAsciiDigit) ? digits[..5] : null;
    }

    private static (UpsShipmentRequest?, IResult?) Missing(string element) =>
        Refuse(UpsApiCodes.NotValid, $"Missing or invalid element: {element}.");

    private static (UpsShipmentRequest?, IResult?) Refuse(string code, string message) => (null, UpsErrors.BadRequest(code, message));
}
