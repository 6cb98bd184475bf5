using System.Net;
using CarrierLink.Tests.Support;
using Shouldly;
using static CarrierLink.Tests.Health.HealthProbeTests;

namespace CarrierLink.Tests.Health;

/// <summary>
/// Issue 16: /health/ready fails while the database is down and recovers by itself once it is back, while /health/live
/// keeps answering (an orchestrator takes the node out of rotation, it does not restart it).
/// </summary>
public abstract class ReadinessOutageTests : IAsyncLifetime
{
    protected TestStack? Stack { get; set; }

    protected abstract Task TakeTheDatabaseAwayAsync();

    protected abstract Task BringTheDatabaseBackAsync();

    public abstract Task InitializeAsync();

    public virtual async Task DisposeAsync()
    {
        if (Stack is not null) await Stack.DisposeAsync();
    }

    [Fact]
    public async Task Ready_fails_while_the_database_is_down_and_recovers_when_it_is_back()
    {
        using var http = new HttpClient { BaseAddress = Stack!.WebUrl };
        (await ProbeAsync(http, "/health/ready")).Status.ShouldBe(HttpStatusCode.OK);

        await TakeTheDatabaseAwayAsync();

        var (status, down) = await ProbeAsync(http, "/health/ready");
        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        down.GetProperty("status").GetString().ShouldBe("Unhealthy");
        var database = down.GetProperty("checks").GetProperty("database");
        database.GetProperty("status").GetString().ShouldBe("Unhealthy");
        database.GetProperty("description").GetString()!.ShouldContain("unreachable");
        // What failed, in words; never the driver's message with hosts and users in it.
        down.ToString().ShouldNotContain("Username", Case.Insensitive);
        down.ToString().ShouldNotContain(" at ", Case.Sensitive);
        (await ProbeAsync(http, "/health/live")).Status.ShouldBe(HttpStatusCode.OK, "the process is fine; only its database is not");

        await BringTheDatabaseBackAsync();

        var (_, back) = await EventuallyAsync(http, r => r.Status == HttpStatusCode.OK);
        back.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
    }
}

/// <summary>PostgreSQL: a cluster of the test's own, whose server it stops and starts again.</summary>
public sealed class ReadinessOutageOnPostgresTests : ReadinessOutageTests
{
    private PrivatePostgres? _postgres;

    public override async Task InitializeAsync()
    {
        _postgres = await PrivatePostgres.StartAsync();
        Stack = await TestStack.StartOnPostgresAsync(_postgres.AdminConnectionString, "--Retention:Enabled=false");
    }

    protected override Task TakeTheDatabaseAwayAsync() => _postgres!.HaltAsync();

    protected override Task BringTheDatabaseBackAsync() => _postgres!.ResumeAsync();

    public override async Task DisposeAsync()
    {
        try
        {
            if (_postgres is { IsHalted: true }) await _postgres.ResumeAsync();
            await base.DisposeAsync();
        }
        finally
        {
            if (_postgres is not null) await _postgres.DisposeAsync();
        }
    }
}

/// <summary>
/// SQLite: the database file disappears (a volume unmounted, a file restored elsewhere) and comes back. Pooled
/// connections would keep the moved file open, so the pools are emptied: the next open finds no file, as a fresh
/// process would.
/// </summary>
public sealed class ReadinessOutageOnSqliteTests : ReadinessOutageTests
{
    private static readonly string[] Suffixes = ["", "-wal", "-shm"];
    private string File => Stack!.Database.SqlitePath!;

    public override async Task InitializeAsync() => Stack = await TestStack.StartAsync(StoreProvider.Sqlite, "--Retention:Enabled=false");

    protected override Task TakeTheDatabaseAwayAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in Suffixes)
            if (System.IO.File.Exists(File + suffix)) System.IO.File.Move(File + suffix, File + suffix + ".away");
        return Task.CompletedTask;
    }

    protected override Task BringTheDatabaseBackAsync()
    {
        foreach (var suffix in Suffixes)
            if (System.IO.File.Exists(File + suffix + ".away")) System.IO.File.Move(File + suffix + ".away", File + suffix, overwrite: true);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        if (Stack is not null) await BringTheDatabaseBackAsync();
        await base.DisposeAsync();
    }
}
