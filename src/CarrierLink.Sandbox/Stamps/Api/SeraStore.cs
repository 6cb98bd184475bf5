using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox.Stamps.Api;

public static class SeraLabelStatus
{
    public const string Active = "active";
    public const string Voided = "voided";
}

/// <summary>A label bought through One Balance.</summary>
public sealed record SeraLabel(
    string LabelId,
    string Username,
    string TrackingNumber,
    string Carrier,
    string ServiceType,
    decimal Amount,
    string? Reference,
    DateOnly ShipDate,
    byte[] Pdf,
    DateTimeOffset CreatedAt)
{
    public string Status { get; init; } = SeraLabelStatus.Active;
    public string? ManifestId { get; init; }
    public DateTimeOffset? VoidedAt { get; init; }
}

public sealed record SeraManifest(string ManifestId, string Username, DateOnly ShipDate, IReadOnlyList<string> LabelIds, byte[] Pdf, DateTimeOffset CreatedAt);

public sealed record SeraPickup(string PickupId, string Username, string Carrier, string ConfirmationNumber, DateOnly PickupDate, DateTimeOffset CreatedAt)
{
    public bool Canceled { get; init; }
}

/// <summary>What a POST with an Idempotency-Key came to: done now, done before (same key and body), or a key reused for something else.</summary>
public abstract record Idempotent<T>
{
    public sealed record Created(T Value) : Idempotent<T>;
    public sealed record Replayed(T Value) : Idempotent<T>;
    public sealed record KeyReused : Idempotent<T>;
    public sealed record Refused(IReadOnlyList<FieldError> Details) : Idempotent<T>;
}

public abstract record VoidResult
{
    public sealed record Done(SeraLabel Label) : VoidResult;
    public sealed record NotFound : VoidResult;
    public sealed record AlreadyVoided : VoidResult;
    public sealed record Manifested(string ManifestId) : VoidResult;
}

public abstract record PickupCancel
{
    public sealed record Done : PickupCancel;
    public sealed record NotFound : PickupCancel;
    public sealed record AlreadyCanceled : PickupCancel;
}

/// <summary>
/// One Balance's labels, manifests and pickups per customer, and the Idempotency-Keys that created them, under one lock:
/// a key's lookup and the purchase it guards happen together, so a retry racing the original never buys a second label.
/// Keys are remembered for 24 hours, per customer.
/// </summary>
public sealed class SeraStore(TimeProvider time, IOptions<StampsOptions> options)
{
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(24);

    private sealed record Earlier(string? ResourceId);

    private sealed record KeyUse(string Endpoint, string Fingerprint, string ResourceId, DateTimeOffset ExpiresAt);

    private readonly Lock gate = new();
    private readonly Dictionary<string, SeraLabel> labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SeraManifest> manifests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SeraPickup> pickups = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Username, string Key), KeyUse> keys = [];

    public Idempotent<SeraLabel> CreateLabel(string username, string key, string fingerprint, Func<SeraLabel> buy)
    {
        lock (gate)
        {
            if (Reuse(username, key, "labels", fingerprint) is { } earlier)
            {
                return earlier.ResourceId is { } id ? new Idempotent<SeraLabel>.Replayed(labels[id]) : new Idempotent<SeraLabel>.KeyReused();
            }
            var label = buy();
            labels[label.LabelId] = label;
            Remember(username, key, "labels", fingerprint, label.LabelId);
            return new Idempotent<SeraLabel>.Created(label);
        }
    }

    public IReadOnlyList<SeraLabel> ForCustomer(string username)
    {
        lock (gate) return labels.Values.Where(l => Same(l.Username, username)).OrderBy(l => l.CreatedAt).ToList();
    }

    public IReadOnlyList<SeraLabel> FindByReference(string username, string reference)
    {
        lock (gate) return labels.Values.Where(l => Same(l.Username, username) && l.Reference == reference).OrderBy(l => l.CreatedAt).ToList();
    }

    /// <summary>The starting balance less every label not voided (so it may go below zero: the sandbox never refuses a label for funds).</summary>
    public decimal Balance(string username)
    {
        lock (gate) return options.Value.StartingBalance - labels.Values.Where(l => Same(l.Username, username) && l.Status == SeraLabelStatus.Active).Sum(l => l.Amount);
    }

    public VoidResult Void(string username, string labelId)
    {
        lock (gate)
        {
            if (Find(username, labelId) is not { } label) return new VoidResult.NotFound();
            if (label.Status == SeraLabelStatus.Voided) return new VoidResult.AlreadyVoided();
            if (label.ManifestId is { } manifestId) return new VoidResult.Manifested(manifestId);
            label = label with { Status = SeraLabelStatus.Voided, VoidedAt = time.GetUtcNow() };
            labels[label.LabelId] = label;
            return new VoidResult.Done(label);
        }
    }

    /// <summary>
    /// A manifest (USPS SCAN form) for the given labels (ids or tracking numbers), or (without <paramref name="labelIds"/>)
    /// for every open USPS label shipping on <paramref name="shipDate"/>. <paramref name="key"/> is optional here.
    /// </summary>
    public Idempotent<SeraManifest> CreateManifest(string username, string? key, string fingerprint, IReadOnlyList<string>? labelIds, DateOnly shipDate,
        Func<string, DateOnly, IReadOnlyList<SeraLabel>, byte[]> form)
    {
        lock (gate)
        {
            if (key is not null && Reuse(username, key, "manifests", fingerprint) is { } earlier)
            {
                return earlier.ResourceId is { } id ? new Idempotent<SeraManifest>.Replayed(manifests[id]) : new Idempotent<SeraManifest>.KeyReused();
            }

            List<SeraLabel> chosen;
            if (labelIds is null)
            {
                chosen = labels.Values.Where(l => Same(l.Username, username) && l.Carrier == SeraRates.Usps && l.Status == SeraLabelStatus.Active
                    && l.ManifestId is null && l.ShipDate == shipDate).OrderBy(l => l.CreatedAt).ToList();
                if (chosen.Count == 0)
                {
                    return new Idempotent<SeraManifest>.Refused([new FieldError("ship_date", $"There are no open USPS labels shipping on {shipDate:yyyy-MM-dd} to put on a manifest.")]);
                }
            }
            else
            {
                var problems = new List<FieldError>();
                chosen = [];
                for (var i = 0; i < labelIds.Count; i++)
                {
                    var field = $"label_ids[{i}]";
                    if (Find(username, labelIds[i]) is not { } label) problems.Add(new(field, $"There is no label '{labelIds[i]}' on this account."));
                    else if (label.Status == SeraLabelStatus.Voided) problems.Add(new(field, $"Label '{label.LabelId}' is voided."));
                    // Named in data, not only in words: a platform whose answer was lost records the manifest it is on.
                    else if (label.ManifestId is not null) problems.Add(new(field, $"Label '{label.LabelId}' is already on manifest '{label.ManifestId}'.", "label_manifested",
                        new Dictionary<string, string> { ["label_id"] = label.LabelId, ["manifest_id"] = label.ManifestId }));
                    else if (label.Carrier != SeraRates.Usps) problems.Add(new(field, $"Label '{label.LabelId}' is a {label.Carrier.ToUpperInvariant()} label; manifests (SCAN forms) are for USPS labels."));
                    else if (!chosen.Contains(label)) chosen.Add(label);
                }
                if (problems.Count > 0) return new Idempotent<SeraManifest>.Refused(problems);
            }

            var manifestId = Guid.NewGuid().ToString();
            var manifest = new SeraManifest(manifestId, username, shipDate, chosen.Select(l => l.LabelId).ToList(), form(manifestId, shipDate, chosen), time.GetUtcNow());
            manifests[manifestId] = manifest;
            foreach (var label in chosen) labels[label.LabelId] = label with { ManifestId = manifestId };
            if (key is not null) Remember(username, key, "manifests", fingerprint, manifestId);
            return new Idempotent<SeraManifest>.Created(manifest);
        }
    }

    public Idempotent<SeraPickup> SchedulePickup(string username, string? key, string fingerprint, Func<SeraPickup> schedule)
    {
        lock (gate)
        {
            if (key is not null && Reuse(username, key, "pickups", fingerprint) is { } earlier)
            {
                return earlier.ResourceId is { } id ? new Idempotent<SeraPickup>.Replayed(pickups[id]) : new Idempotent<SeraPickup>.KeyReused();
            }
            var pickup = schedule();
            pickups[pickup.PickupId] = pickup;
            if (key is not null) Remember(username, key, "pickups", fingerprint, pickup.PickupId);
            return new Idempotent<SeraPickup>.Created(pickup);
        }
    }

    /// <summary>A customer's pickups, canceled ones included, for the control API.</summary>
    public IReadOnlyList<SeraPickup> PickupsForCustomer(string username)
    {
        lock (gate) return pickups.Values.Where(p => Same(p.Username, username)).OrderBy(p => p.CreatedAt).ToList();
    }

    public PickupCancel CancelPickup(string username, string pickupId)
    {
        lock (gate)
        {
            if (!pickups.TryGetValue(pickupId, out var pickup) || !Same(pickup.Username, username)) return new PickupCancel.NotFound();
            if (pickup.Canceled) return new PickupCancel.AlreadyCanceled();
            pickups[pickupId] = pickup with { Canceled = true };
            return new PickupCancel.Done();
        }
    }

    // Under the lock. A label by its id or, as a convenience for callers that only kept it, its tracking number.
    private SeraLabel? Find(string username, string idOrTrackingNumber) =>
        (labels.GetValueOrDefault(idOrTrackingNumber) ?? labels.Values.FirstOrDefault(l => l.TrackingNumber == idOrTrackingNumber)) is { } label && Same(label.Username, username)
            ? label
            : null;

    // Under the lock. Null: the key is new (or forgotten after 24 h). Id null: the key was used for another request.
    private Earlier? Reuse(string username, string key, string endpoint, string fingerprint)
    {
        var now = time.GetUtcNow();
        foreach (var old in keys.Where(k => k.Value.ExpiresAt <= now).Select(k => k.Key).ToList()) keys.Remove(old);
        if (!keys.TryGetValue((username.ToLowerInvariant(), key), out var use)) return null;
        return new Earlier(use.Endpoint == endpoint && use.Fingerprint == fingerprint ? use.ResourceId : null);
    }

    private void Remember(string username, string key, string endpoint, string fingerprint, string resourceId) =>
        keys[(username.ToLowerInvariant(), key)] = new KeyUse(endpoint, fingerprint, resourceId, time.GetUtcNow() + KeyLifetime);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
