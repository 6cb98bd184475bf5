using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications.Webhooks;

/// <summary>
/// Sends due deliveries, on any number of nodes. A claim is a conditional UPDATE (like the outbox dispatcher's): it
/// moves the delivery's next_attempt_at past the time the batch can take and stamps a claim token, so no other node
/// takes it meanwhile, and a node that died gives it back when that time runs out. Each attempt is recorded with the
/// claim token as a concurrency check: a node that lost its claim records nothing (the other node's attempt is the
/// duplicate Standard Webhooks allows, with the same webhook-id).
/// </summary>
public sealed partial class WebhookDeliveryWork(
    CarrierLinkDb db, WebhookSender sender, SecretProtector protector, WebhookDisabledMail mail, WebhookLogRetention retention,
    IOptions<WebhookOptions> options, ILogger<WebhookDeliveryWork> logger) : IDeliveryWork
{
    public async Task<int> RunBatchAsync(CancellationToken cancellationToken)
    {
        var done = await mail.SendDueAsync(cancellationToken) + await retention.SweepIfDueAsync(db, cancellationToken);
        var claimed = await ClaimAsync(cancellationToken);
        if (claimed.Count == 0) return done;
        try
        {
            var endpointIds = claimed.Select(d => d.EndpointId).Distinct().ToList();
            var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => endpointIds.Contains(e.Id))
                .ToDictionaryAsync(e => e.Id, cancellationToken);
            var now = db.UtcNow;
            var secrets = endpoints.Values.ToDictionary(e => e.Id, e => SigningSecrets(e, now));

            // One request at a time to each endpoint, oldest event first, and endpoints side by side: a receiver gets
            // its events in order (unless a retry comes between) and is never flooded by a node.
            var results = new Dictionary<Guid, WebhookAttemptResult>();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(claimed.GroupBy(d => d.EndpointId), parallel, async (group, token) =>
            {
                // An endpoint deleted or turned off since the delivery was due gets no attempt.
                if (!endpoints.TryGetValue(group.Key, out var endpoint) || endpoint.DisabledAt is not null) return;
                foreach (var delivery in group.OrderBy(d => d.OccurredAt).ThenBy(d => d.Id))
                {
                    var result = await sender.SendAsync(
                        endpoint.Url, WebhookSigning.WebhookId(delivery.Id), delivery.Payload, secrets[endpoint.Id], token);
                    lock (results) results[delivery.Id] = result;
                }
            });

            foreach (var delivery in claimed.OrderBy(d => d.Id))
                await RecordAsync(delivery, results.GetValueOrDefault(delivery.Id), cancellationToken);
            return done + claimed.Count;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The current secret, and the previous one while its grace period after a rotation lasts.</summary>
    private List<string> SigningSecrets(WebhookEndpoint endpoint, DateTime now)
    {
        var secrets = new List<string> { protector.Unprotect(endpoint.SecretCipher) };
        if (endpoint.PreviousSecretCipher is { } previous && endpoint.PreviousSecretExpiresAt > now) secrets.Add(protector.Unprotect(previous));
        return secrets;
    }

    private async Task<List<WebhookDelivery>> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var candidates = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.NextAttemptAt != null && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.OccurredAt)
            .Select(d => new { d.Id, d.EndpointId }).Take(options.Value.BatchSize).ToListAsync(cancellationToken);
        if (candidates.Count == 0) return [];

        var ids = candidates.Select(c => c.Id).ToList();
        var token = Guid.NewGuid();
        var until = now + ClaimTime(candidates.Count, candidates.GroupBy(c => c.EndpointId).Max(g => g.Count()));
        // Note: the condition is checked again on each row as it is updated, so of two nodes racing for a row one wins.
        await db.WebhookDeliveries
            .Where(d => ids.Contains(d.Id) && d.NextAttemptAt != null && d.NextAttemptAt <= now)
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.ClaimToken, token).SetProperty(x => x.NextAttemptAt, until), cancellationToken);
        return await db.WebhookDeliveries.Where(d => d.ClaimToken == token).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Long enough for every attempt of the batch to time out (endpoints side by side, each one's deliveries in turn),
    /// with a margin: a claim that ran out under a slow receiver would let another node send the same delivery meanwhile.
    /// </summary>
    private TimeSpan ClaimTime(int deliveries, int mostForOneEndpoint)
    {
        var o = options.Value;
        var rounds = Math.Max((deliveries + o.Concurrency - 1) / o.Concurrency, mostForOneEndpoint);
        return TimeSpan.FromSeconds(rounds * o.TimeoutSeconds + 30);
    }

    private async Task RecordAsync(WebhookDelivery delivery, WebhookAttemptResult? result, CancellationToken cancellationToken)
    {
        delivery.ClaimToken = null;
        if (result is null)
        {
            Finish(delivery, WebhookDeliveryStatus.Failed);
            await SaveAsync(delivery, cancellationToken);
            return;
        }

        db.WebhookAttempts.Add(new WebhookAttempt
        {
            DeliveryId = delivery.Id,
            EndpointId = delivery.EndpointId,
            At = result.At,
            StatusCode = result.StatusCode,
            LatencyMilliseconds = (int)Math.Min(int.MaxValue, result.Latency.TotalMilliseconds),
            Outcome = result.Outcome,
            ResponseExcerpt = result.Excerpt,
        });
        delivery.Attempts++;
        delivery.ScheduleStep++;
        delivery.LastAttemptAt = result.At;
        delivery.LastStatusCode = result.StatusCode;
        if (result.Succeeded)
        {
            delivery.SucceededAt = result.At;
            Finish(delivery, WebhookDeliveryStatus.Succeeded);
        }
        else if (result.Gone || await EndpointOffAsync(delivery.EndpointId, cancellationToken)
            || WebhookRetrySchedule.NextWait(delivery.ScheduleStep, result.RetryAfter, Random.Shared, options.Value.RetryScheduleScale)
            is not { } wait)
        {
            Finish(delivery, WebhookDeliveryStatus.Failed);
        }
        else
        {
            delivery.NextAttemptAt = result.At + wait;
        }
        if (!await SaveAsync(delivery, cancellationToken)) return;

        if (result.Succeeded) await EndpointAnsweredAsync(delivery.EndpointId, cancellationToken);
        else if (result.Gone) await TurnOffAsync(delivery.EndpointId, WebhookDisabledReasons.Gone, failingSinceBefore: null, cancellationToken);
        else await EndpointFailedAsync(delivery.EndpointId, result.At, cancellationToken);
    }

    private static void Finish(WebhookDelivery delivery, string status)
    {
        delivery.Status = status;
        delivery.NextAttemptAt = null;
    }

    /// <summary>False when another node claimed the delivery since this one did: its attempt is the one on record.</summary>
    private async Task<bool> SaveAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            LogClaimLost(logger, delivery.Id);
            // Only this delivery's changes were pending; the rest of the batch stays tracked to be recorded.
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList())
                entry.State = EntityState.Detached;
            return false;
        }
    }

    private Task<bool> EndpointOffAsync(Guid endpointId, CancellationToken cancellationToken) =>
        db.WebhookEndpoints.AnyAsync(e => e.Id == endpointId && e.DisabledAt != null, cancellationToken);

    private Task<int> EndpointAnsweredAsync(Guid endpointId, CancellationToken cancellationToken) =>
        db.WebhookEndpoints.Where(e => e.Id == endpointId && e.FailingSince != null)
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.FailingSince, (DateTime?)null), cancellationToken);

    private async Task EndpointFailedAsync(Guid endpointId, DateTime at, CancellationToken cancellationToken)
    {
        await db.WebhookEndpoints.Where(e => e.Id == endpointId && e.FailingSince == null)
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.FailingSince, at), cancellationToken);
        await TurnOffAsync(endpointId, WebhookDisabledReasons.Failing, at.AddDays(-options.Value.DisableAfterFailingDays), cancellationToken);
    }

    /// <summary>
    /// Turns the endpoint off (once, whichever node gets there first), fails what was still to be sent to it, and
    /// leaves a mail due to the merchant's users. With <paramref name="failingSinceBefore"/>, only if it has been
    /// failing since then.
    /// </summary>
    private async Task TurnOffAsync(Guid endpointId, string reason, DateTime? failingSinceBefore, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var turnedOff = await db.WebhookEndpoints
            .Where(e => e.Id == endpointId && e.DisabledAt == null && (failingSinceBefore == null || e.FailingSince <= failingSinceBefore))
            .ExecuteUpdateAsync(e => e.SetProperty(x => x.DisabledAt, now).SetProperty(x => x.DisabledReason, reason)
                .SetProperty(x => x.DisabledMailDueAt, now).SetProperty(x => x.UpdatedAt, now), cancellationToken);
        if (turnedOff == 0) return;
        LogTurnedOff(logger, endpointId, reason);
        await WebhookEndpoints.FailPendingAsync(db, endpointId, now, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Webhook delivery {DeliveryId} was claimed by another node meanwhile; its attempt is the one on record.")]
    private static partial void LogClaimLost(ILogger logger, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Webhook endpoint {EndpointId} was turned off ({Reason}); its merchant's users will be mailed.")]
    private static partial void LogTurnedOff(ILogger logger, Guid endpointId, string reason);
}
