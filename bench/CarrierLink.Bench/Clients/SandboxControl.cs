using System.Net.Http.Json;
using System.Text.Json;

namespace CarrierLink.Bench.Clients;

public sealed record SandboxCustomer(string Carrier, string Username, string Password);

/// <summary>What the sandbox counted for one carrier (GET /_control/counters).</summary>
public sealed record CarrierCounters(long TokensIssued, long Refreshes, long RefreshRejected, IReadOnlyDictionary<string, long> Calls)
{
    public long CallsTo(string endpointKey) => Calls.TryGetValue(endpointKey, out var n) ? n : 0;
}

/// <summary>
/// An injected carrier failure, in the shape of src/CarrierLink.Sandbox/Control/Faults.cs:
/// endpoint narrows it ("/prices", "POST /oauth2/v3/token"); after = the carrier does the work, then the answer goes wrong.
/// </summary>
public sealed record FaultSpec(string Carrier, string? Endpoint = null, int? Status = null, int? DelayMs = null, bool? Drop = null,
    bool? Malformed = null, double Rate = 1, bool? After = null);

/// <summary>
/// A label as the carrier holds it (GET /_control/customers/{carrier}/{u}/labels), in common terms: status active, voided or
/// disputed; Reference is CarrierLink's reference for the purchase (USPS customerReference, SERA reference), Form the SCAN
/// form or manifest it is on. Id is the carrier's own label id where it has one (SERA), else the tracking number.
/// </summary>
public sealed record CarrierLabel(string TrackingNumber, string Id, string Status, string? Reference, string? Form);

/// <summary>A pickup as the carrier holds it (GET /_control/customers/{carrier}/{u}/pickups): status scheduled or canceled.</summary>
public sealed record CarrierPickupView(string ConfirmationNumber, string PickupDate, string Status, string? Address);

/// <summary>The sandbox's control API (/_control): customers, what happens to them behind CarrierLink's back, faults, counters.</summary>
public sealed class SandboxControl(Uri sandbox) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http = new() { BaseAddress = sandbox, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<SandboxCustomer> CreateUspsCustomerAsync(CancellationToken cancellationToken)
    {
        var customer = new SandboxCustomer("usps", "bench-" + Guid.NewGuid().ToString("N")[..12], "Bench-Usps-2026");
        await SendAsync(HttpMethod.Post, "_control/customers", new { carrier = customer.Carrier, username = customer.Username, password = customer.Password }, cancellationToken);
        return customer;
    }

    /// <summary>A Stamps.com customer (One Balance), with the sandbox's default security answers.</summary>
    public async Task<SandboxCustomer> CreateStampsCustomerAsync(CancellationToken cancellationToken)
    {
        var customer = new SandboxCustomer("stamps", "bench-" + Guid.NewGuid().ToString("N")[..12], "Bench-Stamps-2026");
        await SendAsync(HttpMethod.Post, "_control/customers", new { carrier = customer.Carrier, username = customer.Username, password = customer.Password }, cancellationToken);
        return customer;
    }

    /// <summary>The customer changes their password at the carrier, behind CarrierLink's back (Stamps.com: every authenticator ends).</summary>
    public Task ChangePasswordAsync(SandboxCustomer customer, string password, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"_control/customers/{customer.Carrier}/{customer.Username}/password", new { password }, cancellationToken);

    /// <summary>Access tokens issued so far stop validating; refresh tokens keep working.</summary>
    public Task ExpireTokensAsync(SandboxCustomer customer, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"_control/customers/{customer.Carrier}/{customer.Username}/expire-tokens", null, cancellationToken);

    /// <summary>
    /// The customer withdraws CarrierLink at the carrier. <paramref name="instant"/> asks for access
    /// tokens to die at once too (issue 8's demo switch); a sandbox without the switch ignores the query.
    /// </summary>
    public Task RevokeAsync(SandboxCustomer customer, bool instant, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"_control/customers/{customer.Carrier}/{customer.Username}/revoke{(instant ? "?instant=true" : "")}", null, cancellationToken);

    public async Task<string> AddFaultAsync(FaultSpec fault, CancellationToken cancellationToken)
    {
        var created = await SendAsync(HttpMethod.Post, "_control/faults", fault, cancellationToken);
        return created.GetProperty("id").GetString()!;
    }

    public Task RemoveFaultAsync(string id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"_control/faults/{id}", null, cancellationToken);

    public Task ClearFaultsAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, "_control/faults", null, cancellationToken);

    public async Task<CarrierCounters> CountersAsync(string carrier, CancellationToken cancellationToken)
    {
        var all = await SendAsync(HttpMethod.Get, "_control/counters", null, cancellationToken);
        var one = all.GetProperty(carrier);
        return new CarrierCounters(
            one.GetProperty("tokens_issued").GetInt64(),
            one.GetProperty("refreshes").GetInt64(),
            one.GetProperty("refresh_rejected").GetInt64(),
            one.GetProperty("calls").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetInt64()));
    }

    /// <summary>Every label the carrier sold this customer, voided ones included.</summary>
    public async Task<IReadOnlyList<CarrierLabel>> LabelsAsync(SandboxCustomer customer, CancellationToken cancellationToken)
    {
        var list = await SendAsync(HttpMethod.Get, $"_control/customers/{customer.Carrier}/{customer.Username}/labels", null, cancellationToken);
        return list.GetProperty("data").EnumerateArray().Select(l => customer.Carrier == "usps"
            ? new CarrierLabel(Text(l, "tracking_number")!, Text(l, "tracking_number")!, Text(l, "status") switch
            {
                "ACTIVE" => "active",
                "DISPUTED" => "disputed",
                _ => "voided",
            }, Text(l, "customer_reference"), Text(l, "scan_form"))
            : new CarrierLabel(Text(l, "tracking_number")!, Text(l, "label_id")!, Text(l, "status") == "active" ? "active" : "voided", Text(l, "reference"), Text(l, "manifest_id")))
            .ToList();
    }

    /// <summary>The customer's pickups at the carrier (USPS lists only scheduled ones: it forgets a canceled pickup).</summary>
    public async Task<IReadOnlyList<CarrierPickupView>> PickupsAsync(SandboxCustomer customer, CancellationToken cancellationToken)
    {
        var list = await SendAsync(HttpMethod.Get, $"_control/customers/{customer.Carrier}/{customer.Username}/pickups", null, cancellationToken);
        return list.GetProperty("data").EnumerateArray()
            .Select(p => new CarrierPickupView(Text(p, "confirmation_number")!, Text(p, "pickup_date")!, Text(p, "status")!, Text(p, "address")))
            .ToList();
    }

    public void Dispose() => _http.Dispose();

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: Json) };
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Sandbox control {method} /{path} answered {(int)response.StatusCode}: {text}");
        if (text.Length == 0) return default;
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
