using System.Diagnostics;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// The changes made in a phase against what its endpoint's receiver got. An event is the change's (account, type); it is
/// delivered once a request carrying it was answered 2xx. Standard Webhooks allows a redelivery of a webhook-id already
/// answered 2xx (the answer may have been lost): those are duplicates, counted. Not allowed: an event under two
/// webhook-ids (CarrierLink made two deliveries of one event), an event never answered 2xx (lost), a bad signature.
/// </summary>
public sealed class I14Ledger
{
    private readonly IReadOnlyList<I14Change> _changes;
    private readonly IReadOnlyList<I14Request> _requests;
    private readonly ILookup<(Guid, string), I14Request> _byEvent;

    public I14Ledger(IReadOnlyList<I14Change> changes, IReadOnlyList<I14Request> requests)
    {
        _changes = changes;
        _requests = requests;
        _byEvent = requests.Where(r => r.AccountId is not null && r.Type is not null).ToLookup(r => (r.AccountId!.Value, r.Type!));
    }

    public int Events => _changes.Count;

    public int Delivered => _changes.Count(c => FirstSuccess(c) is not null);

    public int Lost => Events - Delivered;

    /// <summary>2xx answers to a webhook-id that already had one.</summary>
    public int Duplicates => _requests.Where(r => r.Succeeded).GroupBy(r => r.WebhookId).Sum(g => g.Count() - 1);

    public int EventsUnderSeveralIds => _changes.Count(c => _byEvent[Key(c)].Select(r => r.WebhookId).Distinct().Count() > 1);

    /// <summary>Webhook-ids that carry no change of this phase.</summary>
    public int Unexpected
    {
        get
        {
            var expected = _changes.Select(Key).ToHashSet();
            return _requests.Where(r => r.AccountId is null || r.Type is null || !expected.Contains((r.AccountId.Value, r.Type)))
                .Select(r => r.WebhookId).Distinct().Count();
        }
    }

    public int Requests => _requests.Count;

    public int NotVerified => _requests.Count(r => !r.Verified);

    public int Answered500 => _requests.Count(r => r.Status == 500);

    /// <summary>Change (the API's answer) → the receiver's first 2xx for it, in ms, for the delivered changes of a stage.</summary>
    public IReadOnlyList<double> LatenciesMs(string stage) =>
        _changes.Where(c => c.Stage == stage && FirstSuccess(c) is not null).Select(c => Ms(c.AnsweredAt, FirstSuccess(c)!.Value)).ToList();

    public int EventsOf(string stage) => _changes.Count(c => c.Stage == stage);

    /// <summary>
    /// The rate a backlog drains at: a stage's events first answered 2xx at or after <paramref name="from"/> (a release of the
    /// receiver's held answers), over the time from then to the last of them.
    /// </summary>
    public (int Events, double PerSecond) DrainedFrom(string stage, long from)
    {
        var after = _changes.Where(c => c.Stage == stage).Select(FirstSuccess).OfType<long>().Where(t => t >= from).ToList();
        return after.Count == 0 ? (0, 0) : (after.Count, after.Count / (Ms(from, after.Max()) / 1000));
    }

    /// <summary>A stage's changes the API had answered by <paramref name="at"/> whose event had no 2xx yet.</summary>
    public int BacklogAt(string stage, long at) =>
        _changes.Count(c => c.Stage == stage && c.AnsweredAt <= at && !(FirstSuccess(c) is { } first && first < at));

    /// <summary>A stage's changes over the time from its first request to its last answer.</summary>
    public double ChangesPerSecond(string stage)
    {
        var of = _changes.Where(c => c.Stage == stage).ToList();
        return of.Count == 0 ? 0 : of.Count / (Ms(of.Min(c => c.SentAt), of.Max(c => c.AnsweredAt)) / 1000);
    }

    /// <summary>Seconds from a stage's first request to its last event's first 2xx.</summary>
    public double DeliverySeconds(string stage)
    {
        var of = _changes.Where(c => c.Stage == stage).ToList();
        var delivered = of.Select(FirstSuccess).OfType<long>().ToList();
        return delivered.Count == 0 ? double.NaN : Ms(of.Min(c => c.SentAt), delivered.Max()) / 1000;
    }

    public static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private long? FirstSuccess(I14Change change) => _byEvent[Key(change)].Where(r => r.Succeeded).Select(r => (long?)r.AnsweredAt).Min();

    private static (Guid, string) Key(I14Change change) => (change.AccountId, change.EventType);
}
