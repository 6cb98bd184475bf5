using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CarrierLink.Bench.Scenarios;

/// <summary>A merchant's webhook endpoint as its systems manage it: /api/v1/webhook-endpoints (made, watched, sent again, deleted).</summary>
public sealed class I14Endpoint
{
    private readonly HttpClient _api;
    private readonly HashSet<string> _resent = [];

    private I14Endpoint(HttpClient api, Guid id, string secret)
    {
        _api = api;
        Id = id;
        Secret = secret;
    }

    public Guid Id { get; }

    /// <summary>Shown once, when the endpoint is made.</summary>
    public string Secret { get; }

    /// <summary>Deliveries whose schedule was spent (failed) that were sent again through the API ("send again").</summary>
    public int Resent => _resent.Count;

    public static async Task<I14Endpoint> CreateAsync(HttpClient api, Uri url, string description, CancellationToken cancellationToken)
    {
        using var response = await api.PostAsJsonAsync("api/v1/webhook-endpoints", new { url = url.ToString(), description }, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Making the webhook endpoint answered {(int)response.StatusCode}: {body}");
        var id = Guid.Parse(body.GetProperty("endpoint").GetProperty("id").GetString()!);
        return new I14Endpoint(api, id, body.GetProperty("secret").GetString()!);
    }

    /// <summary>True while a delivery waits for an attempt (a retry, or one held by a claim).</summary>
    public async Task<bool> AnyPendingAsync(CancellationToken cancellationToken) =>
        (await DeliveriesAsync("pending", 1, cancellationToken)).Count > 0;

    /// <summary>
    /// Sends again, through the API, every delivery whose retry schedule was spent (ten failed attempts: 1 in 1,024 at a
    /// 50% failure rate), as a merchant does from the delivery log. Returns how many it sent again this time.
    /// </summary>
    public async Task<int> ResendFailedAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var delivery in await DeliveriesAsync("failed", 200, cancellationToken))
        {
            var id = delivery.GetProperty("id").GetString()!;
            using var response = await _api.PostAsync($"api/v1/webhook-endpoints/{Id}/deliveries/{id}/resend", null, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted) continue;
            _resent.Add(id);
            sent++;
        }
        return sent;
    }

    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        using var response = await _api.DeleteAsync($"api/v1/webhook-endpoints/{Id}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.NoContent)
            throw new InvalidOperationException($"Deleting the webhook endpoint answered {(int)response.StatusCode}.");
    }

    private async Task<List<JsonElement>> DeliveriesAsync(string status, int limit, CancellationToken cancellationToken) =>
        (await _api.GetFromJsonAsync<JsonElement>($"api/v1/webhook-endpoints/{Id}/deliveries?status={status}&limit={limit}", cancellationToken))
            .GetProperty("data").EnumerateArray().ToList();
}
