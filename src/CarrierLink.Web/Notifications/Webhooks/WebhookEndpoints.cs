using CarrierLink.Web.Api;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications.Webhooks;

public sealed record WebhookEndpointResponse(
    Guid Id, string Url, string? Description, IReadOnlyList<string>? EventTypes, bool Enabled, DateTime? DisabledAt, string? DisabledReason,
    DateTime? FailingSince, DateTime? PreviousSecretExpiresAt, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static WebhookEndpointResponse From(WebhookEndpoint e, DateTime now) => new(
        e.Id, e.Url, e.Description, WebhookEventTypes.Parse(e.EventTypes), e.DisabledAt is null, e.DisabledAt, e.DisabledReason, e.FailingSince,
        e.PreviousSecretExpiresAt > now ? e.PreviousSecretExpiresAt : null, e.CreatedAt, e.UpdatedAt);
}

/// <summary>An endpoint with its signing secret: the only time the secret is ever shown (made, or rotated).</summary>
public sealed record WebhookEndpointWithSecret(WebhookEndpointResponse Endpoint, string Secret);

public sealed record WebhookAttemptResponse(DateTime At, string Outcome, int? StatusCode, int LatencyMs, string? ResponseExcerpt);

public sealed record WebhookDeliveryResponse(
    Guid Id, string WebhookId, string Type, string Status, int Attempts, DateTime OccurredAt, DateTime CreatedAt, DateTime? NextAttemptAt,
    DateTime? LastAttemptAt, int? LastStatusCode, DateTime? SucceededAt, IReadOnlyList<WebhookAttemptResponse> AttemptLog)
{
    public static WebhookDeliveryResponse From(WebhookDelivery d, IEnumerable<WebhookAttempt> attempts) => new(
        d.Id, WebhookSigning.WebhookId(d.Id), d.Type, d.Status, d.Attempts, d.OccurredAt, d.CreatedAt, d.NextAttemptAt, d.LastAttemptAt,
        d.LastStatusCode, d.SucceededAt,
        attempts.Select(a => new WebhookAttemptResponse(a.At, a.Outcome, a.StatusCode, a.LatencyMilliseconds, a.ResponseExcerpt)).ToList());
}

/// <summary>What a merchant asks for when making or changing an endpoint; on a change, null (or an unset flag) keeps what is there.</summary>
public sealed record WebhookEndpointInput(
    string? Url, string? Description, bool EventTypesGiven, IEnumerable<string?>? EventTypes, bool? Enabled);

/// <summary>An endpoint made or changed, or why not.</summary>
public abstract record WebhookEndpointChange
{
    public sealed record Done(WebhookEndpointResponse Endpoint, string? Secret) : WebhookEndpointChange;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : WebhookEndpointChange;
    public sealed record NotFound : WebhookEndpointChange;
    public sealed record TooMany(int Max) : WebhookEndpointChange;
}

/// <summary>A delivery queued by "Send again" or "Send a test event", or why not.</summary>
public abstract record WebhookSendRequest
{
    public sealed record Queued(WebhookDeliveryResponse Delivery) : WebhookSendRequest;
    public sealed record NotFound(string What) : WebhookSendRequest;
    public sealed record EndpointDisabled : WebhookSendRequest;
    public sealed record AlreadyPending(DateTime? NextAttemptAt) : WebhookSendRequest;
}

/// <summary>
/// A merchant's webhook endpoints and their delivery logs, for the API and the Settings pages alike. Only the merchant's
/// own endpoints exist here: another merchant's id is "not found", like an id that does not exist.
/// </summary>
public sealed class WebhookEndpoints(CarrierLinkDb db, SecretProtector protector, WebhookAddressPolicy policy, IOptions<WebhookOptions> options)
{
    public const int MaxDescriptionLength = 200;

    /// <summary>A delivery's log shows its latest attempts; a delivery sent again many times keeps them all in the table.</summary>
    public const int MaxAttemptsShown = 20;

    public async Task<IReadOnlyList<WebhookEndpointResponse>> ListAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.MerchantId == merchantId).OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);
        return endpoints.Select(e => WebhookEndpointResponse.From(e, now)).ToList();
    }

    public async Task<WebhookEndpointResponse?> FindAsync(Guid merchantId, Guid id, CancellationToken cancellationToken) =>
        await FindEntityAsync(merchantId, id, tracked: false, cancellationToken) is { } e ? WebhookEndpointResponse.From(e, db.UtcNow) : null;

    public async Task<WebhookEndpointChange> CreateAsync(Guid merchantId, WebhookEndpointInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var url = Url(input.Url, errors);
        var description = Description(input.Description, errors);
        var types = EventTypes(input, errors);
        if (errors.Count > 0) return new WebhookEndpointChange.Invalid(errors);
        var max = options.Value.MaxEndpointsPerMerchant;
        if (await db.WebhookEndpoints.CountAsync(e => e.MerchantId == merchantId, cancellationToken) >= max)
            return new WebhookEndpointChange.TooMany(max);

        var now = db.UtcNow;
        var secret = WebhookSigning.NewSecret();
        var endpoint = new WebhookEndpoint
        {
            MerchantId = merchantId,
            Url = url!,
            Description = description,
            EventTypes = WebhookEventTypes.Format(types),
            SecretCipher = protector.Protect(secret),
            CreatedAt = now,
            UpdatedAt = now,
            DisabledAt = input.Enabled == false ? now : null,
            DisabledReason = input.Enabled == false ? WebhookDisabledReasons.Merchant : null,
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookEndpointChange.Done(WebhookEndpointResponse.From(endpoint, now), secret);
    }

    public async Task<WebhookEndpointChange> UpdateAsync(
        Guid merchantId, Guid id, WebhookEndpointInput input, CancellationToken cancellationToken)
    {
        if (await FindEntityAsync(merchantId, id, tracked: true, cancellationToken) is not { } endpoint)
            return new WebhookEndpointChange.NotFound();
        var errors = new Dictionary<string, string[]>();
        var url = input.Url is null ? null : Url(input.Url, errors);
        var description = input.Description is null ? null : Description(input.Description, errors);
        var types = input.EventTypesGiven ? EventTypes(input, errors) : null;
        if (errors.Count > 0) return new WebhookEndpointChange.Invalid(errors);

        var now = db.UtcNow;
        if (url is not null) endpoint.Url = url;
        if (input.Description is not null) endpoint.Description = description;
        if (input.EventTypesGiven) endpoint.EventTypes = WebhookEventTypes.Format(types);
        var turnedOff = false;
        if (input.Enabled == true && endpoint.DisabledAt is not null)
        {
            // Back on: a clean slate. What failed while it was off stays failed until sent again.
            endpoint.DisabledAt = null;
            endpoint.DisabledReason = null;
            endpoint.DisabledMailDueAt = null;
            endpoint.FailingSince = null;
        }
        else if (input.Enabled == false && endpoint.DisabledAt is null)
        {
            endpoint.DisabledAt = now;
            endpoint.DisabledReason = WebhookDisabledReasons.Merchant;
            turnedOff = true;
        }
        endpoint.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        if (turnedOff) await FailPendingAsync(db, endpoint.Id, now, cancellationToken);
        return new WebhookEndpointChange.Done(WebhookEndpointResponse.From(endpoint, now), null);
    }

    public async Task<bool> DeleteAsync(Guid merchantId, Guid id, CancellationToken cancellationToken) =>
        await db.WebhookEndpoints.Where(e => e.Id == id && e.MerchantId == merchantId).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>A new secret now; the old one keeps signing beside it for <paramref name="grace"/> (zero: stops at once).</summary>
    public async Task<WebhookEndpointWithSecret?> RotateSecretAsync(
        Guid merchantId, Guid id, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (await FindEntityAsync(merchantId, id, tracked: true, cancellationToken) is not { } endpoint) return null;
        var now = db.UtcNow;
        var secret = WebhookSigning.NewSecret();
        endpoint.PreviousSecretCipher = grace > TimeSpan.Zero ? endpoint.SecretCipher : null;
        endpoint.PreviousSecretExpiresAt = grace > TimeSpan.Zero ? now + grace : null;
        endpoint.SecretCipher = protector.Protect(secret);
        endpoint.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookEndpointWithSecret(WebhookEndpointResponse.From(endpoint, now), secret);
    }

    /// <summary>The endpoint's deliveries, newest first, each with its latest attempts; null when the merchant has no such endpoint.</summary>
    public async Task<PagedList<WebhookDeliveryResponse>?> DeliveriesAsync(
        Guid merchantId, Guid endpointId, Page page, Guid? after, string? status, CancellationToken cancellationToken)
    {
        if (await FindEntityAsync(merchantId, endpointId, tracked: false, cancellationToken) is null) return null;
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId);
        if (after is { } a) query = query.Where(d => d.Id.CompareTo(a) < 0);
        if (status is not null) query = query.Where(d => d.Status == status);
        // Ids are version-7 GUIDs, so their order is creation order on both providers.
        var rows = await query.OrderByDescending(d => d.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var shown = rows.Take(page.Limit).ToList();
        var ids = shown.Select(d => d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(x => ids.Contains(x.DeliveryId)).ToListAsync(cancellationToken))
            .ToLookup(x => x.DeliveryId);
        var next = rows.Count > page.Limit ? Page.Cursor(shown[^1].Id.ToString()) : null;
        return new PagedList<WebhookDeliveryResponse>(shown
            .Select(d => WebhookDeliveryResponse.From(d, attempts[d.Id].OrderBy(x => x.At).ThenBy(x => x.Id).TakeLast(MaxAttemptsShown)))
            .ToList(), next);
    }

    /// <summary>
    /// Sends a delivery again, now, with its retry schedule started over: a finished one, or one waiting for its next
    /// attempt. It keeps its webhook-id: it is the same event, so a receiver that already took it may see a duplicate.
    /// </summary>
    public async Task<WebhookSendRequest> ResendAsync(Guid merchantId, Guid endpointId, Guid deliveryId, CancellationToken cancellationToken)
    {
        if (await FindEntityAsync(merchantId, endpointId, tracked: false, cancellationToken) is not { } endpoint)
            return new WebhookSendRequest.NotFound("webhook endpoint");
        if (endpoint.DisabledAt is not null) return new WebhookSendRequest.EndpointDisabled();
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == endpointId, cancellationToken);
        if (delivery is null) return new WebhookSendRequest.NotFound("webhook delivery");

        var now = db.UtcNow;
        // A finished delivery, or one waiting for its next attempt; one a worker holds right now stays the worker's.
        var queued = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && (d.Status != WebhookDeliveryStatus.Pending || d.ClaimToken == null))
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.Status, WebhookDeliveryStatus.Pending).SetProperty(x => x.NextAttemptAt, now)
                .SetProperty(x => x.ScheduleStep, 0).SetProperty(x => x.ClaimToken, (Guid?)null), cancellationToken);
        if (queued == 0) return new WebhookSendRequest.AlreadyPending(delivery.NextAttemptAt);
        return new WebhookSendRequest.Queued(await DeliveryAsync(deliveryId, cancellationToken));
    }

    /// <summary>A webhook.test event to the endpoint, whatever event types it chose, due at once.</summary>
    public async Task<WebhookSendRequest> SendTestAsync(Guid merchantId, Guid endpointId, CancellationToken cancellationToken)
    {
        if (await FindEntityAsync(merchantId, endpointId, tracked: false, cancellationToken) is not { } endpoint)
            return new WebhookSendRequest.NotFound("webhook endpoint");
        if (endpoint.DisabledAt is not null) return new WebhookSendRequest.EndpointDisabled();
        var now = db.UtcNow;
        var delivery = new WebhookDelivery
        {
            EndpointId = endpoint.Id,
            MerchantId = merchantId,
            Type = WebhookPayloads.TestEventType,
            Payload = WebhookPayloads.TestEvent(endpoint.Id, now),
            Status = WebhookDeliveryStatus.Pending,
            OccurredAt = now,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(cancellationToken);
        return new WebhookSendRequest.Queued(WebhookDeliveryResponse.From(delivery, []));
    }

    /// <summary>Fails every delivery still waiting for an endpoint that was turned off; one a worker holds is finished by it.</summary>
    public static Task<int> FailPendingAsync(CarrierLinkDb db, Guid endpointId, DateTime now, CancellationToken cancellationToken) =>
        db.WebhookDeliveries
            .Where(d => d.EndpointId == endpointId && d.Status == WebhookDeliveryStatus.Pending
                && (d.ClaimToken == null || d.NextAttemptAt <= now))
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.Status, WebhookDeliveryStatus.Failed)
                .SetProperty(x => x.NextAttemptAt, (DateTime?)null).SetProperty(x => x.ClaimToken, (Guid?)null), cancellationToken);

    private async Task<WebhookDeliveryResponse> DeliveryAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == deliveryId, cancellationToken);
        var attempts = await db.WebhookAttempts.AsNoTracking().Where(a => a.DeliveryId == deliveryId).OrderBy(a => a.At).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        return WebhookDeliveryResponse.From(delivery, attempts.TakeLast(MaxAttemptsShown));
    }

    private Task<WebhookEndpoint?> FindEntityAsync(Guid merchantId, Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var endpoints = tracked ? db.WebhookEndpoints : db.WebhookEndpoints.AsNoTracking();
        return endpoints.FirstOrDefaultAsync(e => e.Id == id && e.MerchantId == merchantId, cancellationToken);
    }

    private string? Url(string? url, Dictionary<string, string[]> errors)
    {
        if (policy.UrlRefusal(url) is { } refusal)
        {
            errors["url"] = [refusal];
            return null;
        }
        return WebhookAddressPolicy.Normalize(url!);
    }

    private static string? Description(string? description, Dictionary<string, string[]> errors)
    {
        var trimmed = description?.Trim();
        if (string.IsNullOrEmpty(trimmed)) return null;
        if (trimmed.Length > MaxDescriptionLength) errors["description"] = [$"must be at most {MaxDescriptionLength} characters"];
        else if (ControlCharacters.Has(trimmed)) errors["description"] = [ControlCharacters.Reason];
        return trimmed;
    }

    private static IReadOnlyCollection<string>? EventTypes(WebhookEndpointInput input, Dictionary<string, string[]> errors)
    {
        var (types, refusal) = WebhookEventTypes.Validate(input.EventTypes);
        if (refusal is not null) errors["event_types"] = [refusal];
        return types;
    }
}
