using System.Diagnostics;
using CarrierLink.Web.Health;
using Shouldly;

namespace CarrierLink.Tests.Unit;

/// <summary>One carrier's share of a node's health work: so many calls at once, so many per second.</summary>
public sealed class CarrierBudgetTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task No_more_than_the_configured_number_of_calls_run_at_once()
    {
        using var budget = new CarrierBudget(concurrency: 2, callsPerSecond: 100_000, TimeProvider.System);
        var first = await budget.EnterAsync(CancellationToken.None);
        using var second = await budget.EnterAsync(CancellationToken.None);

        var third = budget.EnterAsync(CancellationToken.None);
        await Task.WhenAny(third, Task.Delay(200));
        third.IsCompleted.ShouldBeFalse("two calls hold both slots");

        first.Dispose();
        (await third.WaitAsync(Patience)).Dispose();
    }

    [Fact]
    public async Task Giving_a_slot_back_twice_frees_it_only_once()
    {
        using var budget = new CarrierBudget(concurrency: 1, callsPerSecond: 100_000, TimeProvider.System);
        var slot = await budget.EnterAsync(CancellationToken.None);
        slot.Dispose();
        slot.Dispose();

        using var next = await budget.EnterAsync(CancellationToken.None).WaitAsync(Patience);
        var another = budget.EnterAsync(CancellationToken.None);
        await Task.WhenAny(another, Task.Delay(200));
        another.IsCompleted.ShouldBeFalse("a double dispose must not have made a second slot");
    }

    [Fact]
    public async Task Calls_are_paced_evenly_rather_than_in_a_burst()
    {
        using var budget = new CarrierBudget(concurrency: 10, callsPerSecond: 20, TimeProvider.System);
        var watch = Stopwatch.StartNew();

        var slots = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => budget.EnterAsync(CancellationToken.None))).WaitAsync(Patience);

        // 20 a second is one every 50 ms: the fifth starts 200 ms after the first (a little slack for timer granularity).
        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(185));
        foreach (var slot in slots) slot.Dispose();
    }

    [Fact]
    public async Task A_caller_that_gives_up_waiting_does_not_keep_a_slot()
    {
        using var budget = new CarrierBudget(concurrency: 1, callsPerSecond: 100_000, TimeProvider.System);
        var held = await budget.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Should.ThrowAsync<OperationCanceledException>(() => budget.EnterAsync(cancel.Token));

        held.Dispose();
        (await budget.EnterAsync(CancellationToken.None).WaitAsync(Patience)).Dispose();
    }
}
