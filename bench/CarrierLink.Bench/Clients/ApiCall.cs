using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace CarrierLink.Bench.Clients;

/// <summary>
/// One answer of CarrierLink's API as a platform sees it: the status (null when none came), the answer as the tallies
/// name it ("201", "503 carrier-unavailable", "no answer (timeout)"), the JSON body of a success, and how long it took.
/// </summary>
public sealed record ApiAnswer(int? Status, string Text, JsonElement? Body, double Milliseconds, string? Reason = null)
{
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>The problem type after the status ("request-in-progress"), or null.</summary>
    public string? Type => Status is not null && Text.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? Text[(space + 1)..] : null;

    public string? Field(string name) =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Sends one API request and keeps what a platform would: the answer, its body, the time it took.</summary>
public static class ApiCall
{
    public static async Task<ApiAnswer> SendAsync(HttpClient node, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using (request)
            using (var response = await node.SendAsync(request, cancellationToken))
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                var status = (int)response.StatusCode;
                var name = status.ToString(CultureInfo.InvariantCulture);
                if (response.IsSuccessStatusCode) return new ApiAnswer(status, name, Parse(text), clock.Elapsed.TotalMilliseconds);
                return new ApiAnswer(status, LoadGenerator.ProblemType(text) is { } type ? $"{name} {type}" : name, null, clock.Elapsed.TotalMilliseconds, Reason(text));
            }
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ApiAnswer(null, "no answer (timeout)", null, clock.Elapsed.TotalMilliseconds);
        }
        catch (HttpRequestException e)
        {
            return new ApiAnswer(null, $"no answer ({e.HttpRequestError})", null, clock.Elapsed.TotalMilliseconds);
        }
    }

    /// <summary>Why a problem answer refused: its first field error ("carrier: ...") or its detail, cut to a line.</summary>
    private static string? Reason(string text)
    {
        if (Parse(text) is not { ValueKind: JsonValueKind.Object } problem) return null;
        string? reason = null;
        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            && errors.EnumerateObject().FirstOrDefault() is { Value.ValueKind: JsonValueKind.Array } first && first.Value.GetArrayLength() > 0)
            reason = $"{first.Name}: {first.Value[0]}";
        else if (problem.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            reason = detail.GetString();
        return reason is { Length: > 140 } ? reason[..140] + "..." : reason;
    }

    private static JsonElement? Parse(string text)
    {
        if (text.Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
