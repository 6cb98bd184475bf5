using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Notifications;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Webhooks;

/// <summary>What the webhook suites share: a stack, endpoints made through the API, and the notification loop run by hand.</summary>
public abstract class WebhookTestBase(StackFixture fixture)
{
    protected TestStack Stack => fixture.Stack;

    protected DateTimeOffset Now => Stack.Clock.GetUtcNow();

    /// <summary>Makes an endpoint through the API; returns its id and the secret shown that once.</summary>
    protected static async Task<(Guid Id, string Secret)> CreateEndpointAsync(HttpClient api, Uri url, string[]? eventTypes = null)
    {
        var response = await api.PostAsJsonAsync("/api/v1/webhook-endpoints", new { url = url.ToString(), event_types = eventTypes });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (Guid.Parse(body.GetProperty("endpoint").GetProperty("id").GetString()!), body.GetProperty("secret").GetString()!);
    }

    /// <summary>Fans out the outbox and sends everything due now (retries wait for their time: advance the clock).</summary>
    protected Task DeliverAsync() => NotificationWorker.RunUntilIdleAsync(Stack.Services, CancellationToken.None);

    protected static async Task<JsonElement> SendTestEventAsync(HttpClient api, Guid endpointId)
    {
        var response = await api.PostAsync($"/api/v1/webhook-endpoints/{endpointId}/test", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected static async Task<List<JsonElement>> DeliveriesAsync(HttpClient api, Guid endpointId) =>
        (await api.GetFromJsonAsync<JsonElement>($"/api/v1/webhook-endpoints/{endpointId}/deliveries?limit=200")).GetProperty("data").EnumerateArray().ToList();

    protected static async Task<JsonElement> DeliveryAsync(HttpClient api, Guid endpointId, string deliveryId) =>
        (await DeliveriesAsync(api, endpointId)).Single(d => d.GetProperty("id").GetString() == deliveryId);

    protected static async Task<JsonElement> EndpointAsync(HttpClient api, Guid endpointId) =>
        await api.GetFromJsonAsync<JsonElement>($"/api/v1/webhook-endpoints/{endpointId}");

    protected static DateTimeOffset At(JsonElement value) => value.GetDateTimeOffset();
}
