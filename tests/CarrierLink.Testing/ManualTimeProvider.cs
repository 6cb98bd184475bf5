namespace CarrierLink.Tests.Support;

/// <summary>A clock the test moves by hand (no FakeTimeProvider package here); starts at real now.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return System.GetUtcNow() + _offset;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) _offset += by;
    }
}
