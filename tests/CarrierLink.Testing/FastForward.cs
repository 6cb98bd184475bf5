using Microsoft.Extensions.Time.Testing;

namespace CarrierLink.Tests.Support;

/// <summary>Lets minutes of the stack's time pass in a blink while a request is in flight.</summary>
public static class FastForward
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RealPause = TimeSpan.FromMilliseconds(10);
    private const int MaxSteps = 3600;

    /// <summary>
    /// Moves the clock on a second every few real milliseconds until <paramref name="work"/> is done: CarrierLink's
    /// carrier timeouts and retry delays (all on the clock) run out in the order they would, without the test waiting
    /// for them. Fails after an hour of the clock's time, so a request that never ends cannot hang the suite.
    /// </summary>
    public static async Task<T> UntilDoneAsync<T>(this FakeTimeProvider clock, Task<T> work)
    {
        for (var step = 0; step < MaxSteps && !work.IsCompleted; step++)
        {
            clock.Advance(Step);
            await Task.WhenAny(work, Task.Delay(RealPause));
        }
        if (!work.IsCompleted) throw new TimeoutException($"Still not done after {MaxSteps * Step} of the clock's time.");
        return await work;
    }
}
