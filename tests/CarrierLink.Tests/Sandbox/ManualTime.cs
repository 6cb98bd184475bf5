namespace CarrierLink.Tests.Sandbox;

/// <summary>A clock the test moves by hand (no FakeTimeProvider package here).</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public ManualTime() : this(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
