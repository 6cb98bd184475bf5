namespace CarrierLink.Tests.Sandbox;

/// <summary>The clock of the sandbox suites: frozen until the test advances it.</summary>
public static class SandboxClock
{
    /// <summary>Monday 2026-03-02, 15:00 UTC: a working afternoon, so pickups and end-of-day forms have a business day ahead.</summary>
    public static FakeTimeProvider StartingMonday() => new(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));
}
