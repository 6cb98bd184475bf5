using System.Text;

namespace CarrierLink.Bench.Clients;

/// <summary>
/// What wrk sends (issue 12): POST requests with one body and fixed headers, spread round-robin over a list of paths
/// (CarrierLink's accounts, the hop's refresh rows), each thread starting at another place in the list; with
/// <see cref="IdempotencyKeys"/>, every request carries an Idempotency-Key no other request of any run has
/// (run prefix, thread, counter). Rendered as wrk's Lua script.
/// </summary>
public sealed record WrkScript(IReadOnlyList<string> Paths, string Body, IReadOnlyDictionary<string, string> Headers, bool IdempotencyKeys = false)
{
    public string ToLua()
    {
        var lua = new StringBuilder();
        lua.AppendLine("-- Written by the CarrierLink benchmark (Clients/WrkScript.cs).");
        lua.AppendLine("local paths = {");
        foreach (var path in Paths) lua.Append("  ").Append(Quote(path)).AppendLine(",");
        lua.AppendLine("}");
        lua.Append("local body = ").AppendLine(Quote(Body));
        lua.AppendLine("local headers = {");
        // The spaces keep "[" and the long bracket apart ("[[[" would open a long string).
        foreach (var (name, value) in Headers) lua.Append("  [ ").Append(Quote(name)).Append(" ] = ").Append(Quote(value)).AppendLine(",");
        lua.AppendLine("}");
        // setup runs in the main Lua state, once per thread: it numbers the threads (tid becomes a global of each).
        lua.AppendLine("""
            local threads = 0
            function setup(thread)
              thread:set("tid", threads)
              threads = threads + 1
            end
            local counter = 0
            """);
        if (IdempotencyKeys)
        {
            lua.Append("local prefix = ").AppendLine(Quote("i12-" + Guid.NewGuid().ToString("N")[..12]));
            lua.AppendLine("""
                function request()
                  counter = counter + 1
                  local h = {}
                  for name, value in pairs(headers) do h[name] = value end
                  h["Idempotency-Key"] = prefix .. "-" .. tid .. "-" .. counter
                  return wrk.format("POST", paths[((counter + tid * 7) % #paths) + 1], h, body)
                end
                """);
        }
        else
        {
            // Without a key every request of a path is the same bytes: formatted once, in init.
            lua.AppendLine("""
                local requests = {}
                function init(args)
                  for i, path in ipairs(paths) do requests[i] = wrk.format("POST", path, headers, body) end
                end
                function request()
                  counter = counter + 1
                  return requests[((counter + tid * 7) % #requests) + 1]
                end
                """);
        }
        // wrk runs with its default GET / when a script does not load (it says so on stderr only), and counts 3xx
        // answers as successes: this line in its output proves the script ran.
        lua.Append("function done(summary, latency, requests)\n  io.write(").Append(Quote(DoneMarker + "\n")).AppendLine(")\nend");
        return lua.ToString();
    }

    /// <summary>What the script's done() prints.</summary>
    public const string DoneMarker = "i12 script ran";

    /// <summary>A Lua long string: nothing inside is escaped, and the level is chosen so that the text cannot close it.</summary>
    private static string Quote(string text)
    {
        var level = "";
        while (text.Contains("]" + level + "]", StringComparison.Ordinal)) level += "=";
        return $"[{level}[{text}]{level}]";
    }
}
