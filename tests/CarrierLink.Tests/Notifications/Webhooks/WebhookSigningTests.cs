using CarrierLink.Web.Notifications.Webhooks;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Webhooks;

/// <summary>
/// The signature scheme against the example the Standard Webhooks reference libraries all test with
/// (libraries/*/ "verifyWebhookSignWorks"): CarrierLink's signer and the tests' own verifier both agree with it.
/// </summary>
public sealed class WebhookSigningTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = "{\"test\": 2432232314}";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void CarrierLinks_signature_is_the_one_the_spec_libraries_expect()
    {
        WebhookSigning.Signature(Secret, Id, Timestamp, Body).ShouldBe(Expected);
        WebhookSigning.SignatureHeader([Secret, Secret], Id, Timestamp, Body).ShouldBe(Expected + " " + Expected, "space-separated, one per secret");
    }

    [Fact]
    public void The_tests_verifier_accepts_the_spec_example_and_refuses_tampering_and_old_timestamps()
    {
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);
        StandardWebhooksVerifier.Failure(Secret, Id, "1614265330", Expected, Body, sentAt.AddSeconds(30)).ShouldBeNull();
        StandardWebhooksVerifier.Failure(Secret, Id, "1614265330", "v1,bogus v1a,xyz " + Expected, Body, sentAt).ShouldBeNull("any one signature may match");
        StandardWebhooksVerifier.Failure(Secret, Id, "1614265330", Expected, Body + " ", sentAt).ShouldNotBeNull();
        StandardWebhooksVerifier.Failure(Secret, "msg_other", "1614265330", Expected, Body, sentAt).ShouldNotBeNull();
        StandardWebhooksVerifier.Failure(Secret, Id, "1614265330", Expected, Body, sentAt.AddMinutes(6)).ShouldNotBeNull("a replay after the tolerance");
        StandardWebhooksVerifier.Failure(Secret, Id, "1614265330", "v2," + Expected[3..], Body, sentAt).ShouldNotBeNull("only v1 is HMAC-SHA256");
    }

    [Fact]
    public void A_new_secret_is_whsec_and_32_random_bytes_and_a_webhook_id_has_no_dots()
    {
        var secret = WebhookSigning.NewSecret();
        secret.ShouldStartWith("whsec_");
        Convert.FromBase64String(secret[6..]).Length.ShouldBe(32);
        WebhookSigning.NewSecret().ShouldNotBe(secret);
        WebhookSigning.WebhookId(Guid.CreateVersion7()).ShouldMatch("^msg_[0-9a-f]{32}$");
    }

    [Fact]
    public void The_retry_schedule_is_the_specs_example_with_jitter_and_honours_a_longer_Retry_After()
    {
        WebhookRetrySchedule.MaxAttempts.ShouldBe(10);
        WebhookRetrySchedule.Waits.Aggregate(TimeSpan.Zero, (a, b) => a + b).ShouldBe(new TimeSpan(3, 3, 35, 5), "about three days, as the spec's table");
        var random = new Random(14);
        var waits = Enumerable.Range(0, 200).Select(_ => WebhookRetrySchedule.NextWait(1, null, random)!.Value).ToList();
        waits.ShouldAllBe(w => w >= TimeSpan.FromSeconds(4) && w <= TimeSpan.FromSeconds(6));
        waits.Distinct().Count().ShouldBeGreaterThan(100, "jittered");
        WebhookRetrySchedule.NextWait(1, TimeSpan.FromMinutes(2), random).ShouldBe(TimeSpan.FromMinutes(2));
        WebhookRetrySchedule.NextWait(9, TimeSpan.FromDays(9), random).ShouldBe(TimeSpan.FromHours(24), "a Retry-After is honoured up to a day");
        WebhookRetrySchedule.NextWait(10, null, random).ShouldBeNull("the tenth failed attempt is the last");
    }
}
