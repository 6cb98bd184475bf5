using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using CarrierLink.Bench.Clients;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// One state change made through CarrierLink's API and the event it must cause: when the request went out and when the
/// API answered (Stopwatch ticks), so that change → receiver's 2xx is measured from the answer.
/// </summary>
public sealed record I14Change(Guid AccountId, string EventType, string Stage, long SentAt, long AnsweredAt);

/// <summary>
/// Makes connection events the way a merchant's systems do: One Balance accounts connected with
/// POST /api/v1/carrier-accounts (a fresh sandbox Stamps.com customer each: account.connected) and removed with
/// DELETE (account.removed), request after request over the given nodes. Refused changes are counted, not events.
/// </summary>
public sealed class I14Changes(SandboxControl control, IReadOnlyList<HttpClient> nodes)
{
    public const string Connected = "account.connected";
    public const string Removed = "account.removed";

    private readonly ConcurrentQueue<I14Change> _made = new();
    private readonly ConcurrentQueue<string> _refused = new();
    private int _next = -1;

    public IReadOnlyList<I14Change> Made => _made.ToList();

    /// <summary>Changes the API did not accept, by answer ("502 carrier-unavailable"); they cause no event.</summary>
    public IReadOnlyList<string> Refused => _refused.ToList();

    /// <summary>
    /// Connects <paramref name="count"/> accounts, one starting every 1/<paramref name="perSecond"/> s; returns those connected.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ConnectPacedAsync(int count, double perSecond, string stage, CancellationToken cancellationToken)
    {
        var customers = new ConcurrentQueue<SandboxCustomer>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (_, token) => customers.Enqueue(await control.CreateStampsCustomerAsync(token)));

        var clock = Stopwatch.StartNew();
        var connects = new List<Task<Guid?>>();
        var i = 0;
        foreach (var customer in customers)
        {
            var due = TimeSpan.FromSeconds(i++ / perSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due, cancellationToken);
            connects.Add(ConnectAsync(customer, stage, cancellationToken));
        }
        return (await Task.WhenAll(connects)).OfType<Guid>().ToList();
    }

    /// <summary>Removes the accounts, at most <paramref name="concurrency"/> requests in flight.</summary>
    public async Task RemoveAllAsync(IReadOnlyList<Guid> accounts, int concurrency, string stage, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(accounts,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (account, token) =>
            {
                var sent = Stopwatch.GetTimestamp();
                var request = new HttpRequestMessage(HttpMethod.Delete, $"api/v1/carrier-accounts/{account}");
                var answer = await ApiCall.SendAsync(Node(), request, token);
                if (answer.Status == 204) _made.Enqueue(new I14Change(account, Removed, stage, sent, Stopwatch.GetTimestamp()));
                else _refused.Enqueue("DELETE " + answer.Text);
            });

    private async Task<Guid?> ConnectAsync(SandboxCustomer customer, string stage, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/carrier-accounts")
        {
            Content = JsonContent.Create(
                new { carrier = "stamps", nickname = customer.Username, username = customer.Username, password = customer.Password }),
        };
        var answer = await ApiCall.SendAsync(Node(), request, cancellationToken);
        var answeredAt = Stopwatch.GetTimestamp();
        if (answer.Status != 201 || answer.Body?.GetProperty("account") is not { } account
            || account.GetProperty("state").GetString() != "connected")
        {
            _refused.Enqueue("POST " + answer.Text);
            return null;
        }
        var id = Guid.Parse(account.GetProperty("id").GetString()!);
        _made.Enqueue(new I14Change(id, Connected, stage, sent, answeredAt));
        return id;
    }

    private HttpClient Node() => nodes[(int)((uint)Interlocked.Increment(ref _next) % nodes.Count)];
}
