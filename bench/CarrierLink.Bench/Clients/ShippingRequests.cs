using System.Net.Http.Json;

namespace CarrierLink.Bench.Clients;

/// <summary>Which shipping operation a batch sends: rates (the default), label purchases, or the two alternating.</summary>
public enum OperationKind { Rates, Labels, Mixed }

/// <summary>The API requests a merchant's system sends, with the bodies the tests use (tests/CarrierLink.Tests/Support/Connections.cs).</summary>
public static class ShippingRequests
{
    /// <summary>USPS API paths an operation of this kind calls, so a latency fault can hold exactly those calls.</summary>
    public static IReadOnlyList<string> CarrierPaths(OperationKind kind) => kind switch
    {
        OperationKind.Rates => ["/prices"],
        OperationKind.Labels => ["/payments", "/labels"],
        _ => ["/prices", "/payments", "/labels"],
    };

    /// <summary>
    /// The path of each operation's first USPS call (a label starts with its payment authorization):
    /// counting these, and only these, says how many operations have reached the carrier.
    /// </summary>
    public static IReadOnlyList<string> FirstCallPaths(OperationKind kind) => kind switch
    {
        OperationKind.Rates => ["/prices"],
        OperationKind.Labels => ["/payments"],
        _ => ["/prices", "/payments"],
    };

    public static OperationKind Parse(string value) => value.ToLowerInvariant() switch
    {
        "rates" => OperationKind.Rates,
        "labels" => OperationKind.Labels,
        "mixed" => OperationKind.Mixed,
        _ => throw new ArgumentException($"Unknown operation '{value}': rates, labels or mixed."),
    };

    /// <summary>Request number <paramref name="i"/> of a batch of this kind (mixed: even numbers rates, odd ones labels).</summary>
    public static HttpRequestMessage For(OperationKind kind, Guid accountId, int i) =>
        kind == OperationKind.Labels || (kind == OperationKind.Mixed && i % 2 == 1) ? Label(accountId) : Rates(accountId);

    /// <summary>POST /api/v1/carrier-accounts/{id}/rates.</summary>
    public static HttpRequestMessage Rates(Guid accountId) => new(HttpMethod.Post, $"api/v1/carrier-accounts/{accountId}/rates")
    {
        Content = JsonContent.Create(new { from_zip = "10001", to_zip = "94105", weight_oz = 24, mail_class = "PRIORITY_MAIL" }),
    };

    /// <summary>POST /api/v1/carrier-accounts/{id}/labels, each with an Idempotency-Key of its own (a new label, not a retry).</summary>
    public static HttpRequestMessage Label(Guid accountId) => Label(accountId, "bench-" + Guid.NewGuid().ToString("N"));

    /// <summary>The same purchase under a key the caller keeps: a retry sends the very same request with the same key.</summary>
    public static HttpRequestMessage Label(Guid accountId, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/carrier-accounts/{accountId}/labels")
        {
            Content = JsonContent.Create(new
            {
                from_address = new { name = "Jane Shipper", street1 = "123 Main St", city = "New York", state = "NY", zip = "10001" },
                to_address = new { name = "Sam Receiver", street1 = "500 Howard St", city = "San Francisco", state = "CA", zip = "94105" },
                weight_oz = 24,
                mail_class = "PRIORITY_MAIL",
                length_in = 10,
                width_in = 6,
                height_in = 4,
            }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>POST /api/v1/carrier-accounts/{id}/labels/{tracking}/void.</summary>
    public static HttpRequestMessage Void(Guid accountId, string trackingNumber) =>
        new(HttpMethod.Post, $"api/v1/carrier-accounts/{accountId}/labels/{Uri.EscapeDataString(trackingNumber)}/void");

    /// <summary>POST /api/v1/carrier-accounts/{id}/end-of-day for every open label of that mailing date, as a platform closes its day.</summary>
    public static HttpRequestMessage EndOfDay(Guid accountId, DateOnly mailingDate) => new(HttpMethod.Post, $"api/v1/carrier-accounts/{accountId}/end-of-day")
    {
        Content = JsonContent.Create(new { mailing_date = mailingDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }),
    };

    /// <summary>
    /// POST /api/v1/carrier-accounts/{id}/pickups (the test suite's body), with an Idempotency-Key kept for its retries:
    /// CarrierLink does not read it yet, a platform sends it anyway. <paramref name="street"/> varies the address,
    /// since USPS takes one pickup per address and day.
    /// </summary>
    public static HttpRequestMessage Pickup(Guid accountId, DateOnly date, string street, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/carrier-accounts/{accountId}/pickups")
        {
            Content = JsonContent.Create(new
            {
                pickup_date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                address = new { name = "Jane Shipper", street1 = street, city = "New York", state = "NY", zip = "10001" },
                packages = new[] { new { type = "PRIORITY_MAIL", count = 2 } },
                location = "FRONT_DOOR",
                contact_email = "dock@example.test",
            }),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }

    /// <summary>DELETE /api/v1/carrier-accounts/{id}/pickups/{confirmation}.</summary>
    public static HttpRequestMessage CancelPickup(Guid accountId, string confirmationNumber) =>
        new(HttpMethod.Delete, $"api/v1/carrier-accounts/{accountId}/pickups/{Uri.EscapeDataString(confirmationNumber)}");
}
