namespace CarrierLink.Bench.Stack;

/// <summary>Waits until a child answers HTTP, and says why not (with its log) when it dies or takes too long.</summary>
public static class Readiness
{
    public static async Task WaitForHttpAsync(ChildProcess process, Uri url, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited) throw new InvalidOperationException($"{name} exited during start-up:\n{process.Tail()}");
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Busy starting (2 shared cores): ask again.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{name} did not answer {url} within {timeout.TotalSeconds:0} s:\n{process.Tail()}");
            await Task.Delay(200, cancellationToken);
        }
    }
}
