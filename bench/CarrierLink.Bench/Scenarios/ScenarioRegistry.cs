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
        new NotYet("durability-pg-stop",
            "10 PostgreSQL stops of 10 s during an in-flight USPS refresh: accounts still connected (goal 10 of 10)",
            "needs refreshes the harness can time (the engine's worker or an operation) and PostgresCluster.StopServerAsync/StartServerAsync around them."),
        new NotYet("durability-kill",
            "30 kill -9 of a node during refreshes: every account connected or needs_reconnect with the lost-answer reason",
            "needs the engine's lost-answer reason; CarrierLinkNode.Kill() and StartAsync(migrate: false) are ready."),
        // The engine plugs its due columns and claim SQL in here: new P3Claim(new ClaimUnderTest(...)).
        new P3Claim(engine: null),
        new NotYet("p3-refresh-rate",
            "sustained refreshes per second against the sandbox on this machine, sandbox included (goal >= 1,000/s), RSS at start and end",
            "needs the engine's workers renewing tokens ahead of expiry."),
        new NotYet("p4-idle",
            "an idle revoked USPS account and an idle One Balance account whose password changed are needs_reconnect within the probe interval",
            "needs the engine's idle probes and the sandbox's published revocation semantics."),
        new NotYet("faults-sweep",
            "30% injected transient carrier faults during sweeps: state flips (goal 0)",
            "needs the engine's sweeps; FaultSpec(\"usps\", Status: 503, Rate: 0.3) is ready."),
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
