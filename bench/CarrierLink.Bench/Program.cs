using CarrierLink.Bench;
using CarrierLink.Bench.Scenarios;
using CarrierLink.Bench.Stack;

// The benchmark harness of issue 8: see bench/README.md.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (options.Help || options.Scenarios.Count == 0)
{
    Console.WriteLine(BenchOptions.Usage);
    Console.WriteLine("scenarios:");
    foreach (var scenario in ScenarioRegistry.All) Console.WriteLine($"  {scenario.Name,-20} {(scenario.Ready ? "" : "(not yet) ")}{scenario.Description}");
    return 0;
}

IReadOnlyList<IScenario> scenarios;
AppBuilds builds;
try
{
    scenarios = ScenarioRegistry.Select(options.Scenarios);
    builds = AppBuilds.Locate();
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// Ctrl+C (or SIGTERM) cancels the run, which unwinds and stops everything it started; a second Ctrl+C
// or an exit without unwinding still runs the registered cleanup (processes, PostgreSQL, temp folder).
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancel.IsCancellationRequested) return;
    e.Cancel = true;
    Console.Error.WriteLine("Cancelling: stopping everything the benchmark started ...");
    cancel.Cancel();
};
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});
AppDomain.CurrentDomain.ProcessExit += (_, _) => Cleanup.RunAll();

var failed = false;
using (var work = new WorkFolder(options.KeepLogsIn))
{
    Console.WriteLine($"CarrierLink benchmark · {builds.Describe()} · {builds.Configuration} build · {Environment.ProcessorCount} cores · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
    Console.WriteLine($"command: dotnet run -c {builds.Configuration} --project bench/CarrierLink.Bench -- {string.Join(' ', args)}");
    var context = new ScenarioContext(options, builds, work, Console.Out);
    foreach (var scenario in scenarios)
    {
        Console.WriteLine();
        Console.WriteLine($"{scenario.Name}: {scenario.Description}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        context.StartClock();
        try
        {
            await scenario.RunAsync(context, cancel.Token);
            Console.WriteLine($"  ({scenario.Name} took {clock.Elapsed.TotalSeconds:0} s)");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"{scenario.Name}: cancelled.");
            failed = true;
            break;
        }
        catch (Exception e)
        {
            // One scenario failing must not cost the figures of the others; the logs say why.
            Console.Error.WriteLine($"{scenario.Name} failed: {e}");
            Console.Error.WriteLine(options.KeepLogsIn is null ? "(run again with --logs DIR to keep the processes' logs)" : $"(logs in {options.KeepLogsIn})");
            failed = true;
        }
    }
}
Cleanup.RunAll();
return failed ? 1 : 0;
