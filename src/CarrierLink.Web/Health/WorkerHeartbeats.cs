using System.Collections.Concurrent;

namespace CarrierLink.Web.Health;

/// <summary>
/// When each background loop of this node last went round. Readiness (<see cref="WorkerAliveCheck"/>) reads it: a loop
/// that stopped, or hangs in one cycle far longer than any cycle should take, makes the node not ready. Monotonic time,
/// so a clock moved by hand (tests, an NTP step) neither ages nor freshens a beat.
/// </summary>
public sealed class WorkerHeartbeats(TimeProvider time)
{
    public const string HealthEngine = "health_engine";
    public const string Notifications = "notifications";

    private readonly ConcurrentDictionary<string, long> _beats = new(StringComparer.Ordinal);

    public void Beat(string worker) => _beats[worker] = time.GetTimestamp();

    /// <summary>How long since <paramref name="worker"/> last went round; null before its first beat.</summary>
    public TimeSpan? SinceLastBeat(string worker) => _beats.TryGetValue(worker, out var at) ? time.GetElapsedTime(at) : null;
}
