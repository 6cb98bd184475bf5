namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// Every scenario the harness knows, in the order "all" runs them. To add one: implement
/// <see cref="IScenario"/> in a file of its own under Scenarios/ and add it here (replacing its
/// <see cref="NotYet"/> placeholder when there is one). bench/README.md lists them for people.
/// </summary>
public static class ScenarioRegistry
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new P2Refresh(),
        new P2Failures(),
        new P2Break(),
        new DurabilityPgStop(),
        new DurabilityKill(),
        // The engine's due columns and its claim SQL (read from the built app).
        new P3Claim(EngineClaim.ForP3),
        new P3RefreshRate(),
        new P4Idle(),
        new FaultsSweep(),
        // Issue 11: operations under carrier faults, then the carrier's records against CarrierLink's.
        new I11Faults(),
        // Issue 12: the hot path through CarrierLink against a bare hop and a stand-in carrier (bench/BareHop, bench/StandInCarrier).
        new I12HotPath(),
        // Issue 14: webhooks delivered to a local receiver, on 1 and 3 nodes, with a failing receiver and a kill -9.
        new I14Delivery(),
    ];

    /// <summary>Scenarios by exact name, by group ("p2" is every "p2-*"), or "all" (the ready ones).</summary>
    public static IReadOnlyList<IScenario> Select(IEnumerable<string> names)
    {
        var chosen = new List<IScenario>();
        foreach (var name in names)
        {
            var matches = name == "all"
                ? All.Where(s => s.Ready).ToList()
                : All.Where(s => s.Name == name || s.Name.StartsWith(name + "-", StringComparison.Ordinal)).ToList();
            if (matches.Count == 0) throw new ArgumentException($"No scenario '{name}'. Known: {string.Join(", ", All.Select(s => s.Name))}.");
            chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
        }
        return chosen;
    }
}
