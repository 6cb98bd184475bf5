namespace CarrierLink.Web.Data;

/// <summary>
/// One SaveChanges at a time on SQLite, waited for asynchronously. SQLite has one writer; a second writer gets
/// SQLITE_BUSY and Microsoft.Data.Sqlite retries it by putting its thread to sleep, so 64 label purchases at once
/// held most of the thread pool asleep and every request waited for threads (issue 12: labels at 0.44 of the hop's
/// floor, which queues its writes like this). PostgreSQL has row locks and is not gated.
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        return new Turn(_writer);
    }

    public IDisposable Enter()
    {
        _writer.Wait();
        return new Turn(_writer);
    }

    private sealed class Turn(SemaphoreSlim writer) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) writer.Release();
        }
    }
}
