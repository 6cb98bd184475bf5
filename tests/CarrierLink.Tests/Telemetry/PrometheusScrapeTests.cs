using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Health;
using CarrierLink.Web.Notifications;
using Shouldly;

namespace CarrierLink.Tests.Telemetry;

/// <summary>
/// Issue 16: a Prometheus scrape of /metrics, without an API key, shows CarrierLink's named metrics after the flows that
/// make them: operations by carrier/operation/outcome, token refreshes, state changes, the health engine's and the
/// notifier's gauges, and the framework's HTTP server and client (carrier call) durations. Counters are read as "at
/// least": every stack in the test process reports on the same meter name.
/// </summary>
public abstract partial class PrometheusScrapeTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_scrape_shows_the_named_metrics_after_an_operation()
    {
        var run = await CarrierFlows.UspsLifeAsync(Stack);
        await Stack.Services.GetRequiredService<HealthEngine>().RunUntilIdleAsync(CancellationToken.None);
        await NotificationWorker.RunUntilIdleAsync(Stack.Services, CancellationToken.None);

        using var anonymous = new HttpClient { BaseAddress = Stack.WebUrl };
        using var response = await anonymous.GetAsync("/metrics");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, "a scrape target needs no API key");
        var scrape = await response.Content.ReadAsStringAsync();
        var samples = Parse(scrape);

        Value(samples, "carrierlink_operations_total", ("carrier", "usps"), ("operation", "rates"), ("outcome", "succeeded")).ShouldBeGreaterThanOrEqualTo(2);
        Value(samples, "carrierlink_operations_total", ("carrier", "usps"), ("operation", "label"), ("outcome", "succeeded")).ShouldBeGreaterThanOrEqualTo(1);
        Value(samples, "carrierlink_operations_total", ("carrier", "usps"), ("operation", "rates"), ("outcome", "reconnect_required")).ShouldBeGreaterThanOrEqualTo(1);
        Value(samples, "carrierlink_operation_duration_seconds_count", ("carrier", "usps"), ("operation", "label"), ("outcome", "succeeded")).ShouldBeGreaterThanOrEqualTo(1);
        Value(samples, "carrierlink_token_refreshes_total", ("carrier", "usps"), ("kind", "for_use"), ("outcome", "ok")).ShouldBeGreaterThanOrEqualTo(1);
        Value(samples, "carrierlink_token_refreshes_total", ("carrier", "usps"), ("kind", "for_use"), ("outcome", "rejected")).ShouldBeGreaterThanOrEqualTo(1);
        Value(samples, "carrierlink_state_changes_total", ("carrier", "usps"), ("from", "pending"), ("to", "connected")).ShouldBeGreaterThanOrEqualTo(1);
        Value(samples, "carrierlink_state_changes_total", ("carrier", "usps"), ("from", "connected"), ("to", "needs_reconnect")).ShouldBeGreaterThanOrEqualTo(1);
        Value(samples, "carrierlink_accounts", ("carrier", "usps"), ("state", "needs_reconnect")).ShouldBeGreaterThanOrEqualTo(1);
        Value(samples, "carrierlink_health_due_backlog").ShouldBeGreaterThanOrEqualTo(0);
        Value(samples, "carrierlink_health_checks_total").ShouldBeGreaterThanOrEqualTo(1);
        Value(samples, "carrierlink_outbox_waiting").ShouldBeGreaterThanOrEqualTo(0);
        Value(samples, "carrierlink_outbox_oldest_waiting_age_seconds").ShouldBeGreaterThanOrEqualTo(0);
        Value(samples, "http_server_request_duration_seconds_count", ("http_route", "/api/v1/carrier-accounts/{id}/rates")).ShouldBeGreaterThanOrEqualTo(3);
        Value(samples, "http_client_request_duration_seconds_count", ("server_address", "127.0.0.1")).ShouldBeGreaterThanOrEqualTo(1);
        // Tags are bounded sets: no account, merchant or customer ever becomes a label.
        foreach (var id in new[] { run.AccountId.ToString(), run.Merchant.Id.ToString(), run.Customer.Username, run.Merchant.ApiKey })
            scrape.ShouldNotContain(id);
    }

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    private static double Value(List<Sample> samples, string name, params (string Key, string Value)[] labels)
    {
        var matching = samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
        matching.ShouldNotBeEmpty($"{name}{{{string.Join(",", labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} is not in the scrape; it has {string.Join(", ", samples.Select(s => s.Name).Where(n => n.StartsWith(name.Split('_')[0], StringComparison.Ordinal)).Distinct())}");
        return matching.Sum(s => s.Value);
    }

    /// <summary>The text exposition format: name{label="value",...} value [timestamp]; comments skipped.</summary>
    private static List<Sample> Parse(string scrape) =>
        scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => SampleLine().Match(l)).Where(m => m.Success)
            .Select(m => new Sample(m.Groups["name"].Value,
                Label().Matches(m.Groups["labels"].Value).ToDictionary(x => x.Groups[1].Value, x => x.Groups[2].Value),
                double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))
            .ToList();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();
}

public sealed class PrometheusScrapeOnSqliteTests(SqliteStack fixture) : PrometheusScrapeTests(fixture), IClassFixture<SqliteStack>;

public sealed class PrometheusScrapeOnPostgresTests(PostgresStack fixture) : PrometheusScrapeTests(fixture), IClassFixture<PostgresStack>;
