using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using Shouldly;

namespace CarrierLink.Tests.Store;

/// <summary>
/// Issue 12: on SQLite a save waits for the single writer's turn without holding a thread (SqliteWriteGate);
/// without it, concurrent saves slept inside Microsoft.Data.Sqlite's busy retries and starved the thread pool.
/// </summary>
public sealed class SqliteWriteGateTests(SqliteStack fixture) : IClassFixture<SqliteStack>
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_save_on_SQLite_waits_for_the_writers_turn_and_then_saves()
    {
        var gate = Stack.Services.GetRequiredService<SqliteWriteGate>();
        var name = "Gate " + Guid.NewGuid().ToString("N")[..8];
        Task saving;
        using (await gate.EnterAsync(CancellationToken.None))
        {
            saving = Stack.WithDbAsync(async db =>
            {
                db.Merchants.Add(new Merchant { Name = name });
                return await db.SaveChangesAsync();
            });
            await Task.WhenAny(saving, Task.Delay(TimeSpan.FromMilliseconds(300)));
            saving.IsCompleted.ShouldBeFalse("another writer holds the turn");
        }
        await saving;
        (await Stack.WithDbAsync(db => Task.FromResult(db.Merchants.Any(m => m.Name == name)))).ShouldBeTrue();
    }
}
