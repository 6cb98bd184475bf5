namespace CarrierLink.Tests.Support;

/// <summary>One running stack per test class; tests make their own merchants and carrier customers.</summary>
public abstract class StackFixture(StoreProvider provider) : IAsyncLifetime
{
    private TestStack? _stack;

    public TestStack Stack => _stack ?? throw new InvalidOperationException("The stack has not started.");

    public async Task InitializeAsync() => _stack = await TestStack.StartAsync(provider);

    public async Task DisposeAsync()
    {
        if (_stack is not null) await _stack.DisposeAsync();
    }
}

public sealed class SqliteStack() : StackFixture(StoreProvider.Sqlite);

public sealed class PostgresStack() : StackFixture(StoreProvider.Postgres);
