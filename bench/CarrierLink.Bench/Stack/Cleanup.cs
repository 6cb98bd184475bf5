namespace CarrierLink.Bench.Stack;

/// <summary>
/// Last-resort cleanup: everything the harness starts outside itself (processes, the PostgreSQL
/// server, temp folders) registers how to undo it here. Normal runs undo things through Dispose,
/// which unregisters; whatever is still registered when the harness exits (an exception, Ctrl+C
/// twice, SIGTERM) is undone newest first by <see cref="RunAll"/>.
/// </summary>
public static class Cleanup
{
    private static readonly Lock Gate = new();
    private static readonly List<(long Id, string What, Action Undo)> Pending = [];
    private static long _next;

    public static IDisposable Register(string what, Action undo)
    {
        lock (Gate)
        {
            var id = ++_next;
            Pending.Add((id, what, undo));
            return new Registration(id);
        }
    }

    public static void RunAll()
    {
        List<(long Id, string What, Action Undo)> pending;
        lock (Gate)
        {
            pending = [.. Pending];
            Pending.Clear();
        }
        foreach (var (_, what, undo) in Enumerable.Reverse(pending))
        {
            try
            {
                undo();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"cleanup of {what} failed: {e.Message}");
            }
        }
    }

    private sealed class Registration(long id) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate) Pending.RemoveAll(p => p.Id == id);
        }
    }
}
