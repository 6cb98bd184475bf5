namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// One benchmark: it starts what it needs through <see cref="ScenarioContext"/>, does its thing,
/// and prints plain figures. Add one by implementing this and listing it in <see cref="ScenarioRegistry"/>.
/// </summary>
public interface IScenario
{
    /// <summary>What to type on the command line, e.g. "p2-refresh"; the part before the first '-' is its group ("p2").</summary>
    string Name { get; }

    /// <summary>One line: what it measures and what the goal is.</summary>
    string Description { get; }

    /// <summary>False for the placeholders of scenarios the health engine still has to make measurable; "all" skips them.</summary>
    bool Ready => true;

    Task RunAsync(ScenarioContext context, CancellationToken cancellationToken);
}
