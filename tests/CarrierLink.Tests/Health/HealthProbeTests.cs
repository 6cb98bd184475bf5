using System.Net;
using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using Microsoft.Extensions.Hosting;
using Shouldly;

namespace CarrierLink.Tests.Health;

/// <summary>
/// Issue 16: /health/live answers without asking anything, /health/ready answers for the database, the migrations, the
/// key ring and the node's background loops, in the {status, checks: {name: {status, description}}} shape; 503 when not ready.
/// </summary>
public abstract class HealthProbeTests(StoreProvider store)
{
    [Fact]
    public async Task Live_asks_nothing_ready_names_every_check_and_the_old_health_answer_stays()
    {
        await using var stack = await TestStack.StartAsync(store);
        using var http = new HttpClient { BaseAddress = stack.WebUrl };

        var (liveStatus, live) = await ProbeAsync(http, "/health/live");
        liveStatus.ShouldBe(HttpStatusCode.OK);
        live.GetProperty("status").GetString().ShouldBe("Healthy");
        live.GetProperty("checks").EnumerateObject().ShouldBeEmpty("liveness depends on nothing");

        var (readyStatus, ready) = await ProbeAsync(http, "/health/ready");
        readyStatus.ShouldBe(HttpStatusCode.OK, ready.ToString());
        ready.GetProperty("status").GetString().ShouldBe("Healthy");
        var checks = ready.GetProperty("checks");
        checks.EnumerateObject().Select(c => c.Name).ShouldBe(["database", "migrations", "key_ring", "health_engine_worker", "notification_worker"], ignoreOrder: true);
        foreach (var check in checks.EnumerateObject())
        {
            check.Value.GetProperty("status").GetString().ShouldBe("Healthy", check.Name);
            check.Value.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace(check.Name);
        }
        checks.GetProperty("database").GetProperty("description").GetString()!.ShouldContain(store == StoreProvider.Postgres ? "PostgreSQL" : "SQLite");
        // The test stacks run no background loops: nothing to wait for.
        checks.GetProperty("health_engine_worker").GetProperty("description").GetString().ShouldBe("Not run on this node.");

        using var old = await http.GetAsync("/health");
        old.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await old.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Ready_fails_until_the_migrations_are_applied()
    {
        await using var stack = await TestStack.StartAsync(store, "--Database:MigrateOnStart=false");
        using var http = new HttpClient { BaseAddress = stack.WebUrl };

        var (status, ready) = await ProbeAsync(http, "/health/ready");
        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        ready.GetProperty("status").GetString().ShouldBe("Unhealthy");
        var checks = ready.GetProperty("checks");
        // PostgreSQL answers with an empty database; SQLite has no file yet (a probe does not create one).
        checks.GetProperty("database").GetProperty("status").GetString().ShouldBe(store == StoreProvider.Postgres ? "Healthy" : "Unhealthy");
        checks.GetProperty("migrations").GetProperty("status").GetString().ShouldBe("Unhealthy");
        checks.GetProperty("migrations").GetProperty("description").GetString()!.ShouldContain("not applied");
        (await ProbeAsync(http, "/health/live")).Status.ShouldBe(HttpStatusCode.OK, "a node waiting for its migrations is alive");

        await DatabaseSetup.MigrateAsync(stack.Services);

        var (after, readyAfter) = await ProbeAsync(http, "/health/ready");
        after.ShouldBe(HttpStatusCode.OK, readyAfter.ToString());
        readyAfter.GetProperty("checks").GetProperty("migrations").GetProperty("description").GetString()!.ShouldStartWith("All ");
    }

    [Fact]
    public async Task Ready_waits_for_the_background_loops_this_node_runs_and_fails_when_one_stops()
    {
        await using var stack = await TestStack.StartAsync(store, "--Health:WorkersEnabled=true", "--Notifications:WorkersEnabled=true", "--Health:PollMilliseconds=200");
        using var http = new HttpClient { BaseAddress = stack.WebUrl };

        var ready = await EventuallyAsync(http, r => r.Status == HttpStatusCode.OK);
        var checks = ready.Body.GetProperty("checks");
        foreach (var worker in new[] { "health_engine_worker", "notification_worker" })
            checks.GetProperty(worker).GetProperty("description").GetString()!.ShouldStartWith("Last cycle", customMessage: worker);

        // The health engine's loop ends (as if it had crashed): the node no longer does all its work.
        var loop = stack.Services.GetServices<IHostedService>().OfType<HealthWorker>().Single();
        await loop.StopAsync(CancellationToken.None);

        var (status, body) = await ProbeAsync(http, "/health/ready");
        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        body.GetProperty("checks").GetProperty("health_engine_worker").GetProperty("status").GetString().ShouldBe("Unhealthy");
        body.GetProperty("checks").GetProperty("health_engine_worker").GetProperty("description").GetString().ShouldBe("Stopped.");
        body.GetProperty("checks").GetProperty("notification_worker").GetProperty("status").GetString().ShouldBe("Healthy");
        (await ProbeAsync(http, "/health/live")).Status.ShouldBe(HttpStatusCode.OK);
    }

    internal static async Task<(HttpStatusCode Status, JsonElement Body)> ProbeAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        response.Headers.CacheControl!.NoStore.ShouldBeTrue("a probe's answer is never cached");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>Asks /health/ready until the answer satisfies <paramref name="done"/> (bounded: 40 tries, 250 ms apart).</summary>
    internal static async Task<(HttpStatusCode Status, JsonElement Body)> EventuallyAsync(HttpClient http, Func<(HttpStatusCode Status, JsonElement Body), bool> done)
    {
        var answer = await ProbeAsync(http, "/health/ready");
        for (var attempt = 0; attempt < 40 && !done(answer); attempt++)
        {
            await Task.Delay(250);
            answer = await ProbeAsync(http, "/health/ready");
        }
        done(answer).ShouldBeTrue($"/health/ready never came to the expected answer: {answer.Status} {answer.Body}");
        return answer;
    }
}

public sealed class HealthProbeOnSqliteTests() : HealthProbeTests(StoreProvider.Sqlite);

public sealed class HealthProbeOnPostgresTests() : HealthProbeTests(StoreProvider.Postgres);
