namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// A scenario issue 8 asks for that today's app cannot be measured on yet (it needs the health
/// engine). It prints what it will measure and what it waits for, so the list stays the plan.
/// </summary>
public sealed class NotYet(string name, string description, string waitsFor) : IScenario
{
    public string Name => name;

    public string Description => description;

    public bool Ready => false;

    public Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        context.Say($"  not yet: {waitsFor}");
        return Task.CompletedTask;
    }
}
