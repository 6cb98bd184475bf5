using System.Diagnostics;
using System.Text.Json;
using CarrierLink.Bench.Figures;

namespace CarrierLink.Bench.Clients;

public sealed record LoadResult(AnswerTally Answers, TimeSpan Elapsed);

/// <summary>
/// Sends a batch of API requests from this process, at most <c>concurrency</c> in flight, spread
/// round-robin over the nodes (request i goes to node i mod N), and tallies the answers.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(IReadOnlyList<HttpClient> nodes, int count, int concurrency,
        Func<int, HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        var tally = new AnswerTally();
        using var slots = new SemaphoreSlim(concurrency);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                tally.Add(await SendAsync(nodes[i % nodes.Count], request(i), cancellationToken));
            }
            finally
            {
                slots.Release();
            }
        }));
        return new LoadResult(tally, clock.Elapsed);
    }

    private static async Task<string> SendAsync(HttpClient node, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using (request)
            using (var response = await node.SendAsync(request, cancellationToken))
            {
                var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (response.IsSuccessStatusCode) return status;
                return ProblemType(await response.Content.ReadAsStringAsync(cancellationToken)) is { } type ? $"{status} {type}" : status;
            }
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "no answer (timeout)";
        }
        catch (HttpRequestException e)
        {
            return $"no answer ({e.HttpRequestError})";
        }
    }

    /// <summary>The problem+json "type" of an error answer, when it has one.</summary>
    internal static string? ProblemType(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
