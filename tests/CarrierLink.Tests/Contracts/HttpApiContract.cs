using System.Text.RegularExpressions;

namespace CarrierLink.Tests.Contracts;

/// <summary>An operation of ../shared/spec/http-api.md and the statuses the contract names for it.</summary>
/// <param name="NamesSuccess">Whether the contract names a 2xx; when it does not, any 2xx answers it (GET → the account).</param>
public sealed record ContractOperation(string Method, string Path, IReadOnlySet<int> Statuses, bool NamesSuccess)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>
/// Reads the operations and statuses out of the contract's prose (../shared/spec/http-api.md), by its own conventions:
/// an operation is written <c>`METHOD /api/v1/...`</c>; a status in the same bullet belongs to the operation written
/// before it; a bullet that starts with an operation's name ("- labels {...} → 201") is about that operation; and a
/// bullet with statuses but no operation ("Failures of these") is about every operation of its section.
/// </summary>
public static partial class HttpApiContract
{
    public static string File() => Path.Combine(UspsSpecs.Folder(), "..", "..", "http-api.md");

    public static IReadOnlyList<ContractOperation> Parse(string markdown)
    {
        var statuses = new Dictionary<(string Method, string Path), HashSet<int>>();
        foreach (var section in Regex.Split(markdown, @"^## ", RegexOptions.Multiline))
        {
            var blocks = Blocks(section).ToList();
            var sectionOperations = blocks.SelectMany(b => OperationPattern().Matches(b).Select(Key)).Distinct().ToList();
            foreach (var operation in sectionOperations) statuses.TryAdd(operation, []);
            foreach (var block in blocks)
            {
                var operations = OperationPattern().Matches(block).ToList();
                foreach (Match status in StatusPattern().Matches(block))
                {
                    var code = int.Parse(status.Value, System.Globalization.CultureInfo.InvariantCulture);
                    var before = operations.LastOrDefault(o => o.Index < status.Index);
                    var named = NamedOperation(block, sectionOperations);
                    IEnumerable<(string, string)> owners = before is not null ? [Key(before)]
                        : named is not null ? [named.Value]
                        : operations.Count == 0 ? sectionOperations : [];
                    foreach (var owner in owners) statuses[owner].Add(code);
                }
            }
        }
        return statuses.Select(s => new ContractOperation(s.Key.Method, s.Key.Path, s.Value, s.Value.Any(c => c is >= 200 and < 300))).ToList();
    }

    /// <summary>What the contract says and the document lacks, one line each (empty when they agree).</summary>
    public static IReadOnlyList<string> Disagreements(IReadOnlyList<ContractOperation> contract, IReadOnlyDictionary<(string Method, string Path), IReadOnlySet<int>> document)
    {
        var found = new List<string>();
        foreach (var operation in contract)
        {
            if (!document.TryGetValue((operation.Method, operation.Path), out var answers))
            {
                found.Add($"{operation}: in the contract, not in /openapi/v1.json");
                continue;
            }
            foreach (var status in operation.Statuses.Where(s => !answers.Contains(s)).Order())
                found.Add($"{operation}: the contract names {status}, the document does not");
            if (!operation.NamesSuccess && !answers.Any(s => s is >= 200 and < 300))
                found.Add($"{operation}: no success answer in the document");
        }
        return found;
    }

    /// <summary>Bullets (with their indented continuation lines) and other lines, each a block.</summary>
    private static IEnumerable<string> Blocks(string section)
    {
        var current = new List<string>();
        foreach (var line in section.Split('\n'))
        {
            if (line.StartsWith("  ", StringComparison.Ordinal) && current.Count > 0)
            {
                current.Add(line);
                continue;
            }
            if (current.Count > 0) yield return string.Join(' ', current);
            current = [line];
        }
        if (current.Count > 0) yield return string.Join(' ', current);
    }

    /// <summary>"- labels {...} → 201": the section's operation whose path ends in that name.</summary>
    private static (string Method, string Path)? NamedOperation(string block, IReadOnlyList<(string Method, string Path)> operations)
    {
        var name = Regex.Match(block, @"^- ([a-z][a-z-]*) ");
        if (!name.Success) return null;
        var matching = operations.Where(o => o.Path.EndsWith("/" + name.Groups[1].Value, StringComparison.Ordinal)).ToList();
        return matching.Count == 1 ? matching[0] : null;
    }

    private static (string Method, string Path) Key(Match operation) => (operation.Groups[1].Value, operation.Groups[2].Value);

    [GeneratedRegex(@"`(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`\s]*)`")]
    private static partial Regex OperationPattern();

    [GeneratedRegex(@"(?<![\w/{.-])[1-5]\d\d(?![\w}])")]
    private static partial Regex StatusPattern();
}
