using System.Collections.Concurrent;
using System.Globalization;

namespace CarrierLink.Bench.Figures;

/// <summary>
/// How many answers of each kind a batch of requests got: "200", "424 reconnect-required",
/// "500", or "no answer (timeout)" when none came. The problem type is kept because 503 means
/// "carrier unavailable" and 500 means CarrierLink broke: the status alone hides the difference.
/// </summary>
public sealed class AnswerTally
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(string answer, int count = 1) => _counts.AddOrUpdate(answer, count, (_, n) => n + count);

    public IReadOnlyDictionary<string, int> Entries() => new Dictionary<string, int>(_counts, StringComparer.Ordinal);

    public int Total => _counts.Values.Sum();

    public int Succeeded => _counts.Where(c => IsSuccess(c.Key)).Sum(c => c.Value);

    public int Failed => Total - Succeeded;

    /// <summary>Answers with this HTTP status, whatever their problem type.</summary>
    public int WithStatus(int status) =>
        _counts.Where(c => c.Key.Split(' ')[0] == status.ToString(CultureInfo.InvariantCulture)).Sum(c => c.Value);

    /// <summary>"200: 149, 424 reconnect-required: 800, 500: 51", most frequent first.</summary>
    public override string ToString() => _counts.IsEmpty
        ? "none"
        : string.Join(", ", _counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}"));

    /// <summary>Only the failures, for the per-run line.</summary>
    public string Failures()
    {
        var failures = _counts.Where(c => !IsSuccess(c.Key)).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        return failures.Count == 0 ? "none" : string.Join(", ", failures.Select(c => $"{c.Key}: {c.Value}"));
    }

    private static bool IsSuccess(string answer) => answer.Length >= 3 && answer[0] == '2' && char.IsDigit(answer[1]) && char.IsDigit(answer[2]);
}
