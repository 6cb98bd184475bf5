using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Shipping;

/// <summary>
/// The carrier holds its answer past CarrierLink's timeout. The timeout runs on the stack's clock, so the test moves
/// the clock on (<see cref="FastForward"/>) instead of waiting for it.
/// </summary>
public abstract class CarrierTimeoutTests(StackFixture fixture) : ShippingOperationsTestBase(fixture)
{
    // Longer than any test runs, in real time (the sandbox's latency is the network's): only CarrierLink's timeout ends the call.
    private const int HeldAnswerMilliseconds = 60_000;

    [Fact]
    public async Task A_timeout_answers_503_and_never_changes_the_state()
    {
        var (api, accountId, _) = await ConnectedAsync();
        var spec = new Dictionary<string, object> { ["carrier"] = "usps", ["endpoint"] = "/prices", ["delay_ms"] = HeldAnswerMilliseconds, ["rate"] = 1.0 };
        await WithFaultAsync(spec, async () =>
        {
            var response = await Stack.Clock.UntilDoneAsync(
                api.PostAsJsonAsync(Url(accountId, "rates"), new { from_zip = "10001", to_zip = "94105", weight_oz = 24, mail_class = "PRIORITY_MAIL" }));
            response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("did not answer in time");
        });
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task An_idempotent_label_purchase_survives_a_lost_answer_without_buying_twice()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        var key = Guid.NewGuid().ToString();
        var body = ShippingBodies.Label();

        // The sandbox buys the label, then holds the answer past CarrierLink's timeout.
        var spec = new Dictionary<string, object> { ["carrier"] = "usps", ["endpoint"] = "POST /labels/v3/label", ["delay_ms"] = HeldAnswerMilliseconds, ["after"] = true, ["rate"] = 1.0 };
        await WithFaultAsync(spec, async () =>
        {
            var first = await Stack.Clock.UntilDoneAsync(PostLabelAsync(api, accountId, body, key));
            first.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await first.Content.ReadAsStringAsync());
        });
        (await LabelsAtCarrierAsync(customer)).ShouldBe(1);

        var retry = await PostLabelAsync(api, accountId, body, key);
        var again = await PostLabelAsync(api, accountId, body, key);

        retry.StatusCode.ShouldBe(HttpStatusCode.Created, await retry.Content.ReadAsStringAsync());
        var label = await retry.Content.ReadFromJsonAsync<JsonElement>();
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tracking_number").GetString().ShouldBe(label.GetProperty("tracking_number").GetString());
        (await LabelsAtCarrierAsync(customer)).ShouldBe(1, "a retry with the same Idempotency-Key must never buy a second label");
    }
}

public sealed class CarrierTimeoutOnSqliteTests(SqliteStack fixture) : CarrierTimeoutTests(fixture), IClassFixture<SqliteStack>;

public sealed class CarrierTimeoutOnPostgresTests(PostgresStack fixture) : CarrierTimeoutTests(fixture), IClassFixture<PostgresStack>;
