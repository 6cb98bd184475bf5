using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Webhooks;

/// <summary>
/// Webhooks:RetryScheduleScale, for tests and benchmarks (bench's i14-delivery): the spec's waits shrink by the factor, so a
/// receiver failing half the time can be measured in minutes instead of the schedule's three days.
/// </summary>
public abstract class WebhookRetryScaleTests(StackFixture fixture) : WebhookTestBase(fixture)
{
    public const string ScaleSetting = "--Webhooks:RetryScheduleScale=0.001";
    private const double Scale = 0.001;

    [Fact]
    public async Task A_retry_schedule_scale_shrinks_the_specs_waits_by_its_factor()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(new WebhookReceiver.Answer(500), new WebhookReceiver.Answer(500), new WebhookReceiver.Answer(500));
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, _) = await CreateEndpointAsync(api, receiver.Url());
        var deliveryId = (await SendTestEventAsync(api, endpointId)).GetProperty("id").GetString()!;

        // Unscaled, the second attempt would wait 5 s and the third 5 min: far beyond these few seconds.
        await DeliverAsync();
        for (var i = 0; i < 5 && (await DeliveryAsync(api, endpointId, deliveryId)).GetProperty("status").GetString() != "succeeded"; i++)
        {
            Stack.Clock.Advance(TimeSpan.FromSeconds(2));
            await DeliverAsync();
        }

        receiver.Received.Count.ShouldBe(4);
        receiver.Received.Select(r => r.Id).Distinct().ShouldHaveSingleItem();
        var delivery = await DeliveryAsync(api, endpointId, deliveryId);
        delivery.GetProperty("status").GetString().ShouldBe("succeeded");
        var attempts = delivery.GetProperty("attempt_log").EnumerateArray().Select(a => At(a.GetProperty("at"))).Order().ToList();
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => b - a).ToList();
        // The spec's 5 s, 5 min and 30 min are 5 ms, 300 ms and 1.8 s here, each moved by up to a fifth. Note: the second
        // attempt comes in the same DeliverAsync only if its 5 ms have passed by the loop's next cycle, else after the
        // clock's next 2 s; either way sooner than the unscaled wait's 4 s at the least.
        gaps[0].ShouldBeInRange(TimeSpan.FromSeconds(5) * Scale * 0.8 - TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5) * 0.8);
        gaps[1].ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(5) * Scale * 0.8 - TimeSpan.FromMilliseconds(1));
        gaps[2].ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMinutes(30) * Scale * 0.8 - TimeSpan.FromMilliseconds(1));
    }
}

public sealed class RetryScaleSqliteStack() : StackFixture(StoreProvider.Sqlite, WebhookRetryScaleTests.ScaleSetting);

public sealed class RetryScalePostgresStack() : StackFixture(StoreProvider.Postgres, WebhookRetryScaleTests.ScaleSetting);

public sealed class WebhookRetryScaleOnSqliteTests(RetryScaleSqliteStack fixture)
    : WebhookRetryScaleTests(fixture), IClassFixture<RetryScaleSqliteStack>;

public sealed class WebhookRetryScaleOnPostgresTests(RetryScalePostgresStack fixture)
    : WebhookRetryScaleTests(fixture), IClassFixture<RetryScalePostgresStack>;
