using System.Text.Json;
using CarrierLink.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications.Webhooks;

public sealed record CreateWebhookEndpointRequest(string? Url, string? Description, string?[]? EventTypes, bool? Enabled);

/// <summary>A change: fields left out stay as they are; "event_types": null means every event.</summary>
public sealed record UpdateWebhookEndpointRequest(string? Url, string? Description, JsonElement EventTypes, bool? Enabled);

public sealed record RotateWebhookSecretRequest(int? GraceHours);

/// <summary>
/// /api/v1/webhook-endpoints: the merchant's endpoints (list, create, read, change, delete), secret rotation, the
/// delivery log, "send again" and "send a test event".
/// </summary>
public static class WebhookEndpointsApi
{
    public static IEndpointRouteBuilder MapWebhookEndpointsApi(this IEndpointRouteBuilder app)
    {
        var endpoints = app.MapGroup("/api/v1/webhook-endpoints").RequireAuthorization(ApiAuthorization.Policy).WithTags("Webhook endpoints");
        endpoints.MapGet("", List).WithSummary("List the webhook endpoints");
        endpoints.MapPost("", Create).WithSummary("Add a webhook endpoint (its signing secret is shown once)");
        endpoints.MapGet("/{id}", Get).WithSummary("Get a webhook endpoint");
        endpoints.MapPatch("/{id}", Update).WithSummary("Change a webhook endpoint");
        endpoints.MapDelete("/{id}", Delete).WithSummary("Delete a webhook endpoint");
        endpoints.MapPost("/{id}/rotate-secret", RotateSecret).WithSummary("Rotate the signing secret");
        endpoints.MapGet("/{id}/deliveries", Deliveries).WithSummary("The delivery log");
        endpoints.MapPost("/{id}/deliveries/{delivery}/resend", Resend).WithSummary("Send a delivery again");
        endpoints.MapPost("/{id}/test", SendTest).WithSummary("Send a test event");
        return app;
    }

    private const string What = "webhook endpoint";

    private static async Task<Ok<PagedList<WebhookEndpointResponse>>> List(HttpContext http, WebhookEndpoints endpoints, CancellationToken cancellationToken) =>
        TypedResults.Ok(new PagedList<WebhookEndpointResponse>(await endpoints.ListAsync(http.MerchantId(), cancellationToken), null));

    private static async Task<Results<Created<WebhookEndpointWithSecret>, BadRequestProblem, NotFoundProblem, ConflictProblem>> Create(
        HttpContext http, CreateWebhookEndpointRequest? body, WebhookEndpoints endpoints, CancellationToken cancellationToken)
    {
        var input = new WebhookEndpointInput(body?.Url, body?.Description, body?.EventTypes is not null, body?.EventTypes, body?.Enabled);
        return await endpoints.CreateAsync(http.MerchantId(), input, cancellationToken) switch
        {
            WebhookEndpointChange.Done done =>
                TypedResults.Created($"/api/v1/webhook-endpoints/{done.Endpoint.Id}", new WebhookEndpointWithSecret(done.Endpoint, done.Secret!)),
            WebhookEndpointChange.TooMany tooMany => ApiProblems.Conflict("too-many-webhook-endpoints", "Too many webhook endpoints",
                $"A merchant has at most {tooMany.Max} webhook endpoints. Delete one you no longer use first."),
            WebhookEndpointChange.Invalid invalid => ApiProblems.Validation(invalid.Errors),
            WebhookEndpointChange.NotFound => ApiProblems.NotFound(What),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
    }

    private static async Task<Results<Ok<WebhookEndpointResponse>, NotFoundProblem>> Get(
        HttpContext http, string id, WebhookEndpoints endpoints, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var endpointId) && await endpoints.FindAsync(http.MerchantId(), endpointId, cancellationToken) is { } found
            ? TypedResults.Ok(found)
            : ApiProblems.NotFound(What);

    private static async Task<Results<Ok<WebhookEndpointResponse>, NotFoundProblem, BadRequestProblem>> Update(
        HttpContext http, string id, UpdateWebhookEndpointRequest? body, WebhookEndpoints endpoints, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var endpointId)) return ApiProblems.NotFound(What);
        if (body is null) return ApiProblems.Validation("body", "is required: the fields to change");
        if (!TryReadEventTypes(body.EventTypes, out var given, out var types))
            return ApiProblems.Validation("event_types", "must be a list of event type names, or null for every event");
        var input = new WebhookEndpointInput(body.Url, body.Description, given, types, body.Enabled);
        return await endpoints.UpdateAsync(http.MerchantId(), endpointId, input, cancellationToken) switch
        {
            WebhookEndpointChange.Done done => TypedResults.Ok(done.Endpoint),
            WebhookEndpointChange.Invalid invalid => ApiProblems.Validation(invalid.Errors),
            WebhookEndpointChange.NotFound => ApiProblems.NotFound(What),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };
    }

    private static async Task<Results<NoContent, NotFoundProblem>> Delete(
        HttpContext http, string id, WebhookEndpoints endpoints, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var endpointId) && await endpoints.DeleteAsync(http.MerchantId(), endpointId, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound(What);

    private static async Task<Results<Ok<WebhookEndpointWithSecret>, NotFoundProblem, BadRequestProblem>> RotateSecret(
        HttpContext http, string id, RotateWebhookSecretRequest? body, WebhookEndpoints endpoints, IOptions<WebhookOptions> options,
        CancellationToken cancellationToken)
    {
        var graceHours = body?.GraceHours ?? options.Value.RotationGraceHours;
        if (graceHours is < 0 or > WebhookOptions.MaxRotationGraceHours)
            return ApiProblems.Validation("grace_hours", $"must be 0 to {WebhookOptions.MaxRotationGraceHours}");
        return Guid.TryParse(id, out var endpointId)
            && await endpoints.RotateSecretAsync(http.MerchantId(), endpointId, TimeSpan.FromHours(graceHours), cancellationToken) is { } rotated
            ? TypedResults.Ok(rotated)
            : ApiProblems.NotFound(What);
    }

    private static async Task<Results<Ok<PagedList<WebhookDeliveryResponse>>, NotFoundProblem, BadRequestProblem>> Deliveries(
        HttpContext http, string id, int? limit, string? cursor, string? status, WebhookEndpoints endpoints, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var endpointId)) return ApiProblems.NotFound(What);
        if (!Page.TryParse(limit, cursor, out var page, out var problem)) return problem!;
        Guid? after = null;
        if (page.After is not null)
        {
            if (!Guid.TryParse(page.After, out var afterId)) return ApiProblems.Validation("cursor", "is not a cursor this API returned");
            after = afterId;
        }
        string[] statuses = [WebhookDeliveryStatus.Pending, WebhookDeliveryStatus.Succeeded, WebhookDeliveryStatus.Failed];
        if (status is not null && !statuses.Contains(status, StringComparer.Ordinal))
            return ApiProblems.Validation("status", $"must be one of {string.Join(", ", statuses)}");
        return await endpoints.DeliveriesAsync(http.MerchantId(), endpointId, page, after, status, cancellationToken) is { } list
            ? TypedResults.Ok(list)
            : ApiProblems.NotFound(What);
    }

    private static async Task<Results<Accepted<WebhookDeliveryResponse>, NotFoundProblem, ConflictProblem>> Resend(
        HttpContext http, string id, string delivery, WebhookEndpoints endpoints, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var endpointId)) return ApiProblems.NotFound(What);
        if (!Guid.TryParse(delivery, out var deliveryId)) return ApiProblems.NotFound("webhook delivery");
        return Sent(endpointId, await endpoints.ResendAsync(http.MerchantId(), endpointId, deliveryId, cancellationToken));
    }

    private static async Task<Results<Accepted<WebhookDeliveryResponse>, NotFoundProblem, ConflictProblem>> SendTest(
        HttpContext http, string id, WebhookEndpoints endpoints, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var endpointId)
            ? Sent(endpointId, await endpoints.SendTestAsync(http.MerchantId(), endpointId, cancellationToken))
            : ApiProblems.NotFound(What);

    private static Results<Accepted<WebhookDeliveryResponse>, NotFoundProblem, ConflictProblem> Sent(Guid endpointId, WebhookSendRequest outcome) =>
        outcome switch
        {
            WebhookSendRequest.Queued queued => TypedResults.Accepted($"/api/v1/webhook-endpoints/{endpointId}/deliveries", queued.Delivery),
            WebhookSendRequest.NotFound notFound => ApiProblems.NotFound(notFound.What),
            WebhookSendRequest.EndpointDisabled => ApiProblems.Conflict("webhook-endpoint-disabled", "The endpoint is turned off",
                "CarrierLink sends nothing to a turned-off endpoint. Turn it back on first (PATCH with \"enabled\": true)."),
            WebhookSendRequest.AlreadyPending => ApiProblems.Conflict("webhook-delivery-in-flight", "The delivery is being sent",
                "A worker is sending this delivery right now; its attempt shows in the delivery log in a moment."),
            _ => throw new InvalidOperationException("Unhandled outcome."),
        };

    /// <summary>Left out: unchanged; null: every event; a list of strings: those. Anything else is not event types.</summary>
    private static bool TryReadEventTypes(JsonElement value, out bool given, out List<string?>? types)
    {
        given = value.ValueKind != JsonValueKind.Undefined;
        types = null;
        if (value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return true;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String)) return false;
        types = value.EnumerateArray().Select(v => v.GetString()).ToList();
        return true;
    }
}
