using System.Collections.Concurrent;
using CarrierLink.Bench.Clients;

namespace CarrierLink.Bench.Scenarios;

public enum I11Kind { Rates, Label, Void, EndOfDay, Pickup, CancelPickup }

/// <summary>
/// An account as the platform knows it: the labels it bought that it may still void or close with an End of Day, and the
/// pickups it holds. The platform only acts on what it was told: a label whose answer never came is not in here.
/// </summary>
public sealed class PlatformAccount(ConnectedAccount account, string carrier)
{
    private readonly Lock _gate = new();
    private readonly List<string> _open = [];
    private readonly List<string> _scheduled = [];
    private int _pickups = -1;

    public Guid Id => account.Id;

    public SandboxCustomer Customer => account.Customer;

    /// <summary>usps or stamps (One Balance).</summary>
    public string Carrier => carrier;

    /// <summary>
    /// Voids and End of Day take turns on an account, chosen and done within the turn: a platform does not void a label
    /// while it closes the day with it, nor void one an End of Day has just closed. Without this the figures would count
    /// the benchmark's own races, not what lost answers leave behind.
    /// </summary>
    public SemaphoreSlim LabelsTurn { get; } = new(1, 1);

    public void Bought(string trackingNumber)
    {
        lock (_gate) _open.Add(trackingNumber);
    }

    public bool HasOpenLabels
    {
        get { lock (_gate) return _open.Count > 0; }
    }

    /// <summary>A label to void, taken out so that no two voids go for the same one; null when there is none.</summary>
    public string? TakeOpenLabel(Random dice) => Take(_open, dice);

    public void Closed(IEnumerable<string> trackingNumbers)
    {
        lock (_gate) _open.RemoveAll(trackingNumbers.ToHashSet().Contains);
    }

    /// <summary>The n-th pickup this account asks for (each goes to a day and address of its own, see <see cref="I11Platform"/>).</summary>
    public int NextPickupSlot() => Interlocked.Increment(ref _pickups);

    public void Scheduled(string confirmationNumber)
    {
        lock (_gate) _scheduled.Add(confirmationNumber);
    }

    public string? TakeScheduledPickup(Random dice) => Take(_scheduled, dice);

    private string? Take(List<string> list, Random dice)
    {
        lock (_gate)
        {
            if (list.Count == 0) return null;
            var i = dice.Next(list.Count);
            var taken = list[i];
            list.RemoveAt(i);
            return taken;
        }
    }
}

/// <summary>One thing the platform asked for, with every answer it got (the first, then its retries).</summary>
public sealed class PlatformOperation(int number, I11Kind kind, PlatformAccount account)
{
    public int Number => number;

    public I11Kind Kind => kind;

    public PlatformAccount Account => account;

    /// <summary>The Idempotency-Key of a label purchase or a pickup, kept for its retries.</summary>
    public string? Key { get; init; }

    /// <summary>The label to void or the pickup to cancel.</summary>
    public string? Target { get; init; }

    /// <summary>The mailing date of an End of Day, the day of a pickup.</summary>
    public DateOnly Date { get; init; }

    public string Street { get; init; } = "";

    public List<ApiAnswer> Answers { get; } = [];

    public ApiAnswer Last => Answers[^1];

    /// <summary>A fresh request each time: a retry is the very same request (same key, same body).</summary>
    public HttpRequestMessage Request() => kind switch
    {
        I11Kind.Rates => ShippingRequests.Rates(account.Id),
        I11Kind.Label => ShippingRequests.Label(account.Id, Key!),
        I11Kind.Void => ShippingRequests.Void(account.Id, Target!),
        I11Kind.EndOfDay => ShippingRequests.EndOfDay(account.Id, Date),
        I11Kind.Pickup => ShippingRequests.Pickup(account.Id, Date, Street, Key!),
        _ => ShippingRequests.CancelPickup(account.Id, Target!),
    };
}

/// <summary>
/// A shipping platform on CarrierLink's API, as issue 11 measures it: operations spread over the accounts, a realistic mix
/// (rates 30%, label purchases 30%, voids 15%, End of Day 10%, pickups 10%, pickup cancels 5%), at most N in flight, each
/// operation retried up to 5 times with a short backoff after an answer a platform retries (5xx, no answer, 429; for a
/// purchase also 409 request-in-progress and 424), request after request spread over the nodes. A void, an End of Day or a
/// cancel with nothing to act on (no label bought yet) is a rate request instead.
/// </summary>
public sealed class I11Platform(IReadOnlyList<HttpClient> nodes, IReadOnlyList<PlatformAccount> accounts)
{
    public const int MaxRetries = 5;

    // Seeded: the same mix of operations on the same accounts each run.
    private readonly Random _dice = new(11);
    private readonly Lock _diceGate = new();
    private readonly ConcurrentQueue<PlatformOperation> _done = new();
    private readonly IReadOnlyList<DateOnly> _pickupDays = PickupDays(DateOnly.FromDateTime(DateTime.UtcNow));

    public IReadOnlyCollection<PlatformOperation> Operations => _done;

    public async Task RunAsync(int operations, int concurrency, CancellationToken cancellationToken)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, operations)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < operations)
            {
                var account = accounts[i % accounts.Count];
                var kind = RollKind();
                // A void or an End of Day picks its labels only once it has the account's turn (see PlatformAccount.LabelsTurn).
                var turn = kind is I11Kind.Void or I11Kind.EndOfDay ? account.LabelsTurn : null;
                if (turn is not null) await turn.WaitAsync(cancellationToken);
                PlatformOperation operation;
                try
                {
                    operation = Plan(i, account, kind);
                    await ExecuteAsync(operation, MaxRetries, turnHeld: turn is not null, cancellationToken);
                }
                finally
                {
                    turn?.Release();
                }
                _done.Enqueue(operation);
            }
        }));
    }

    /// <summary>
    /// After the faults and the reconciliation window: once more each operation whose last answer left its outcome unknown,
    /// as a platform's own reconciliation does (a quote is not worth asking again). Returns those operations.
    /// </summary>
    public async Task<IReadOnlyList<PlatformOperation>> RetryUnknownOnceAsync(int concurrency, CancellationToken cancellationToken)
    {
        var unknown = _done.Where(o => o.Kind != I11Kind.Rates && OutcomeUnknown(o.Last)).OrderBy(o => o.Number).ToList();
        using var slots = new SemaphoreSlim(concurrency);
        await Task.WhenAll(unknown.Select(async operation =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                await ExecuteAsync(operation, retries: 0, turnHeld: false, cancellationToken);
            }
            finally
            {
                slots.Release();
            }
        }));
        return unknown;
    }

    /// <summary>An answer after which the platform cannot tell whether the thing was done.</summary>
    public static bool OutcomeUnknown(ApiAnswer answer) =>
        answer.Status is null or >= 500 or 429
        || (answer.Status == 409 && (answer.Type == "request-in-progress" || answer.Type?.EndsWith("-unknown", StringComparison.Ordinal) == true));

    private static bool Retried(I11Kind kind, ApiAnswer answer) =>
        answer.Status is null or >= 500 or 429
        || (kind == I11Kind.Label && (answer.Status == 424 || (answer.Status == 409 && answer.Type == "request-in-progress")));

    private I11Kind RollKind() => Roll(100) switch
    {
        < 30 => I11Kind.Rates,
        < 60 => I11Kind.Label,
        < 75 => I11Kind.Void,
        < 85 => I11Kind.EndOfDay,
        < 95 => I11Kind.Pickup,
        _ => I11Kind.CancelPickup,
    };

    private PlatformOperation Plan(int number, PlatformAccount account, I11Kind kind)
    {
        switch (kind)
        {
            case I11Kind.Label:
                return new PlatformOperation(number, kind, account) { Key = "bench-i11-" + Guid.NewGuid().ToString("N") };
            case I11Kind.Void when Locked(() => account.TakeOpenLabel(_dice)) is { } label:
                return new PlatformOperation(number, kind, account) { Target = label };
            case I11Kind.EndOfDay when account.HasOpenLabels:
                return new PlatformOperation(number, kind, account) { Date = DateOnly.FromDateTime(DateTime.UtcNow) };
            case I11Kind.Pickup:
                // Every pickup asked for gets a day of its own on the account (then, past ~300 of them, another street): two
                // scheduled pickups at the carrier on one day and address are then two for one request.
                var slot = account.NextPickupSlot();
                return new PlatformOperation(number, kind, account)
                {
                    Key = Guid.NewGuid().ToString(), Date = _pickupDays[slot % _pickupDays.Count], Street = $"{100 + slot / _pickupDays.Count} Main St",
                };
            case I11Kind.CancelPickup when Locked(() => account.TakeScheduledPickup(_dice)) is { } confirmation:
                return new PlatformOperation(number, kind, account) { Target = confirmation };
            default:
                return new PlatformOperation(number, I11Kind.Rates, account);
        }
    }

    private async Task ExecuteAsync(PlatformOperation operation, int retries, bool turnHeld, CancellationToken cancellationToken)
    {
        var turn = !turnHeld && (operation.Kind is I11Kind.Void or I11Kind.EndOfDay) ? operation.Account.LabelsTurn : null;
        if (turn is not null) await turn.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                // Request after request over the nodes, as a load balancer spreads them: a retry usually lands on another node.
                var node = nodes[(operation.Number + operation.Answers.Count) % nodes.Count];
                var answer = await ApiCall.SendAsync(node, operation.Request(), cancellationToken);
                operation.Answers.Add(answer);
                if (attempt >= retries || !Retried(operation.Kind, answer)) break;
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
            Learn(operation, operation.Last);
        }
        finally
        {
            turn?.Release();
        }
    }

    /// <summary>What the platform now knows from a success: the label it bought, the labels a form closed, the pickup it has.</summary>
    private static void Learn(PlatformOperation operation, ApiAnswer answer)
    {
        if (!answer.Succeeded) return;
        switch (operation.Kind)
        {
            case I11Kind.Label when answer.Field("tracking_number") is { } tracking:
                operation.Account.Bought(tracking);
                break;
            case I11Kind.EndOfDay when answer.Body?.TryGetProperty("tracking_numbers", out var closed) == true:
                operation.Account.Closed(closed.EnumerateArray().Select(t => t.GetString()!));
                break;
            case I11Kind.Pickup when answer.Field("confirmation_number") is { } confirmation:
                operation.Account.Scheduled(confirmation);
                break;
        }
    }

    /// <summary>0.25, 0.5, 1, 2, 2 s, ±20%: a platform's short backoff, not CarrierLink's Retry-After (30 s after a carrier outage).</summary>
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(2000, 250 * (1 << attempt)) * (0.8 + 0.4 * Random.Shared.NextDouble()));

    /// <summary>The next ~300 days a pickup can be asked for: from tomorrow, no Sundays, within the year both carriers accept.</summary>
    private static List<DateOnly> PickupDays(DateOnly today) =>
        Enumerable.Range(1, 350).Select(today.AddDays).Where(d => d.DayOfWeek != DayOfWeek.Sunday).ToList();

    private int Roll(int max)
    {
        lock (_diceGate) return _dice.Next(max);
    }

    private T Locked<T>(Func<T> draw)
    {
        lock (_diceGate) return draw();
    }
}
