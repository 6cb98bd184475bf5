namespace CarrierLink.Tests.Support;

/// <summary>One running stack per test class; tests make their own merchants and carrier customers.</summary>
public abstract class StackFixture(StoreProvider provider, ClockScope clockScope, params string[] webArgs) : IAsyncLifetime
{
    private TestStack? _stack;

    protected StackFixture(StoreProvider provider, params string[] webArgs) : this(provider, ClockScope.CarrierLink, webArgs)
    {
    }

    public TestStack Stack => _stack ?? throw new InvalidOperationException("The stack has not started.");

    public virtual Task InitializeAsync() => StartStackAsync();

    /// <summary>Starts the stack with the fixture's settings and <paramref name="moreWebArgs"/>, known only once another server runs.</summary>
    protected async Task StartStackAsync(params string[] moreWebArgs) =>
        _stack = await TestStack.StartAsync(provider, clockScope, [.. webArgs, .. moreWebArgs]);

    public virtual async Task DisposeAsync()
    {
        if (_stack is not null) await _stack.DisposeAsync();
    }
}

public sealed class SqliteStack() : StackFixture(StoreProvider.Sqlite);

public sealed class PostgresStack() : StackFixture(StoreProvider.Postgres);

/// <summary>
/// The health engine's suites: the sandbox runs on the test's clock too, so advancing it ages the
/// carrier's tokens and grants along with CarrierLink's view of them (probes, renewals, expiry warnings).
/// </summary>
public sealed class HealthSqliteStack() : StackFixture(StoreProvider.Sqlite, ClockScope.CarrierLinkAndSandbox);

public sealed class HealthPostgresStack() : StackFixture(StoreProvider.Postgres, ClockScope.CarrierLinkAndSandbox);
