namespace CarrierLink.Web.Health;

/// <summary>
/// One carrier's share of this node's health work: at most so many calls at once and so many per
/// second, with the calls paced evenly rather than in bursts. Time goes through the TimeProvider.
/// </summary>
public sealed class CarrierBudget(int concurrency, int callsPerSecond, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);
    private readonly TimeSpan _spacing = TimeSpan.FromSeconds(1.0 / callsPerSecond);
    private readonly Lock _gate = new();
    private DateTimeOffset _nextStart = DateTimeOffset.MinValue;

    /// <summary>Waits for a slot and for the pace; dispose the result to give the slot back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = time.GetUtcNow();
                var start = _nextStart > now ? _nextStart : now;
                _nextStart = start + _spacing;
                wait = start - now;
            }
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancellationToken);
            return new Slot(_slots);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
