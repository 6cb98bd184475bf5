using Microsoft.Extensions.Time.Testing;

namespace CarrierLink.Tests.Support;

/// <summary>
/// Keeps a running stack's <see cref="FakeTimeProvider"/> moving with real time. The app's background loops, its
/// retry delays and its timeouts all wait on the injected clock, and a FakeTimeProvider fires a timer only when it is
/// moved: so a real timer moves it on by the real time passed, every few milliseconds, and the stack behaves as on a
/// real clock. A test's own <see cref="FakeTimeProvider.Advance"/> comes on top and fires at once every timer due by
/// then: that is how a test about a 15-second timeout or a day-long expiry takes no time at all.
/// </summary>
public sealed class RealTimePump : IDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(5);

    private readonly FakeTimeProvider _clock;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private long _last = TimeProvider.System.GetTimestamp();

    private RealTimePump(FakeTimeProvider clock)
    {
        _clock = clock;
        _timer = TimeProvider.System.CreateTimer(_ => Pump(), null, Every, Every);
    }

    /// <summary>A clock that starts at real now and keeps pace with it until <paramref name="pump"/> is disposed.</summary>
    public static FakeTimeProvider StartClock(out RealTimePump pump)
    {
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow())
        {
            // Every reading is a little later than the one before, as on a real clock: rows written within one pump
            // interval keep their order (several lists order by CreatedAt alone) on PostgreSQL's microseconds too.
            AutoAdvanceAmount = TimeSpan.FromMicroseconds(1),
        };
        pump = new RealTimePump(clock);
        return clock;
    }

    private void Pump()
    {
        // A tick that finds the previous one still firing timers skips: the next one catches up on the time passed.
        if (!_gate.TryEnter()) return;
        try
        {
            var now = TimeProvider.System.GetTimestamp();
            var passed = TimeProvider.System.GetElapsedTime(_last, now);
            _last = now;
            _clock.Advance(passed);
        }
        finally
        {
            _gate.Exit();
        }
    }

    public void Dispose() => _timer.Dispose();
}
