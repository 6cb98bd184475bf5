using System.Globalization;
using System.Text.Json;
using CarrierLink.Bench.Clients;

namespace CarrierLink.Bench.Scenarios;

/// <summary>Where a wrk run goes: straight to the stand-in carrier, through the bare hop, or through CarrierLink.</summary>
public enum I12Target { Direct, Hop, CarrierLink }

/// <summary>
/// The wrk scripts of i12-hot-path: for each operation and target, the same merchant request (the body of
/// ShippingRequests, which the test suite uses too) or the USPS request CarrierLink makes of it. Rates ask for one mail
/// class, so CarrierLink makes one carrier call per request, like the hop.
/// </summary>
public static class I12Requests
{
    public const string MailClass = "PRIORITY_MAIL";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    // CarrierLink's API bodies (ShippingRequests.Rates and .Label, as JSON).
    private static readonly string RatesBody = JsonSerializer.Serialize(new { from_zip = "10001", to_zip = "94105", weight_oz = 24, mail_class = MailClass });

    private static readonly string LabelBody = JsonSerializer.Serialize(new
    {
        from_address = new { name = "Jane Shipper", street1 = "123 Main St", city = "New York", state = "NY", zip = "10001" },
        to_address = new { name = "Sam Receiver", street1 = "500 Howard St", city = "San Francisco", state = "CA", zip = "94105" },
        weight_oz = 24,
        mail_class = MailClass,
        length_in = 10,
        width_in = 6,
        height_in = 4,
    });

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // What CarrierLink sends USPS for them (UspsShippingClient.Rates.cs and .Labels.cs).
    private static string UspsPricesBody => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["originZIPCode"] = "10001", ["destinationZIPCode"] = "94105", ["weight"] = 1.5m, ["length"] = 0, ["width"] = 0, ["height"] = 0,
        ["mailClass"] = MailClass, ["processingCategory"] = "MACHINABLE", ["destinationEntryFacilityType"] = "NONE", ["rateIndicator"] = "SP",
        ["priceType"] = "COMMERCIAL", ["mailingDate"] = Today,
    }, Json);

    private static string UspsLabelBody => JsonSerializer.Serialize(new
    {
        imageInfo = new { imageType = "PDF", labelType = "4X6LABEL" },
        toAddress = new { firstName = "Sam", lastName = "Receiver", streetAddress = "500 Howard St", city = "San Francisco", state = "CA", ZIPCode = "94105" },
        fromAddress = new { firstName = "Jane", lastName = "Shipper", streetAddress = "123 Main St", city = "New York", state = "NY", ZIPCode = "10001" },
        packageDescription = new
        {
            mailClass = MailClass, rateIndicator = "SP", weightUOM = "lb", weight = 1.5m, dimensionsUOM = "in", length = 10, width = 6, height = 4,
            processingCategory = "MACHINABLE", mailingDate = Today, destinationEntryFacilityType = "NONE",
            customerReference = new[] { new { referenceNumber = "CL0123456789ABCDEF01234567", printReferenceNumber = false } },
        },
    }, Json);

    /// <summary>A JWT-sized bearer token for the direct runs (the stand-in reads no token; CarrierLink sends one of this size).</summary>
    private static readonly string CarrierToken = Convert.ToBase64String(new byte[660]);

    public static WrkScript Rates(I12Target target, IReadOnlyList<Guid> accounts, string apiKey) => target switch
    {
        I12Target.Direct => new WrkScript(["/prices/v3/base-rates/search"], UspsPricesBody, CarrierHeaders()),
        I12Target.Hop => new WrkScript(["/rates"], RatesBody, JsonHeaders()),
        _ => new WrkScript(accounts.Select(a => $"/api/v1/carrier-accounts/{a}/rates").ToList(), RatesBody, ApiHeaders(apiKey)),
    };

    /// <summary>Direct is the label call alone (with a payment token, as CarrierLink sends it); a purchase through the hop or CarrierLink makes two calls.</summary>
    public static WrkScript Labels(I12Target target, IReadOnlyList<Guid> accounts, string apiKey) => target switch
    {
        I12Target.Direct => new WrkScript(["/labels/v3/label"], UspsLabelBody,
            new Dictionary<string, string>(CarrierHeaders()) { ["X-Payment-Authorization-Token"] = new string('A', 96) }),
        I12Target.Hop => new WrkScript(["/labels"], LabelBody, JsonHeaders(), IdempotencyKeys: true),
        _ => new WrkScript(accounts.Select(a => $"/api/v1/carrier-accounts/{a}/labels").ToList(), LabelBody, ApiHeaders(apiKey), IdempotencyKeys: true),
    };

    /// <summary>The hop's refresh floor: rows 1..N, spread over the threads.</summary>
    public static WrkScript HopRefresh(int rows) =>
        new(Enumerable.Range(1, rows).Select(n => $"/refresh/{n}").ToList(), "", new Dictionary<string, string>());

    private static Dictionary<string, string> JsonHeaders() => new() { ["Content-Type"] = "application/json" };

    private static Dictionary<string, string> ApiHeaders(string apiKey) => new() { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " + apiKey };

    private static Dictionary<string, string> CarrierHeaders() => new() { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " + CarrierToken };
}
