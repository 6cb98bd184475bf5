using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Shipping;

/// <summary>The five operations through the API against the sandbox's USPS APIs v3, and how each breaks.</summary>
public abstract class ShippingOperationsTests(StackFixture fixture) : ShippingOperationsTestBase(fixture)
{
    public static TheoryData<string> Operations => new(["rates", "label", "void", "end_of_day", "pickup"]);

    [Fact]
    public async Task The_five_operations_work_end_to_end()
    {
        var (api, accountId, _) = await ConnectedAsync();

        var rates = await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates);
        rates.StatusCode.ShouldBe(HttpStatusCode.OK, await rates.Content.ReadAsStringAsync());
        var rateList = (await rates.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rates").EnumerateArray().ToList();
        rateList.Select(r => r.GetProperty("mail_class").GetString()).ShouldBe(["USPS_GROUND_ADVANTAGE", "PRIORITY_MAIL", "PRIORITY_MAIL_EXPRESS"]);
        rateList.ShouldAllBe(r => r.GetProperty("price").GetDecimal() > 0 && r.GetProperty("currency").GetString() == "USD");

        var label = await BuyAsync(api, accountId);
        var pdf = await api.GetAsync(label.GetProperty("label_pdf_url").GetString());
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        (await pdf.Content.ReadAsByteArrayAsync()).Take(5).ShouldBe("%PDF-"u8.ToArray());

        var voided = await api.PostAsync(Url(accountId, $"labels/{label.GetProperty("tracking_number").GetString()}/void"), null);
        voided.StatusCode.ShouldBe(HttpStatusCode.OK, await voided.Content.ReadAsStringAsync());
        (await voided.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("voided");

        var second = await BuyAsync(api, accountId);
        var endOfDay = await api.PostAsJsonAsync(Url(accountId, "end-of-day"), new { });
        endOfDay.StatusCode.ShouldBe(HttpStatusCode.OK, await endOfDay.Content.ReadAsStringAsync());
        var form = await endOfDay.Content.ReadFromJsonAsync<JsonElement>();
        form.GetProperty("tracking_numbers").EnumerateArray().Select(t => t.GetString()).ShouldBe([second.GetProperty("tracking_number").GetString()]);
        form.GetProperty("manifest_number").GetString().ShouldNotBeNullOrEmpty();
        (await api.GetAsync(form.GetProperty("form_pdf_url").GetString())).StatusCode.ShouldBe(HttpStatusCode.OK);

        var pickup = await api.PostAsJsonAsync(Url(accountId, "pickups"), ShippingBodies.Pickup(NextPickupDay()));
        pickup.StatusCode.ShouldBe(HttpStatusCode.Created, await pickup.Content.ReadAsStringAsync());
        var confirmation = (await pickup.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmation_number").GetString();
        (await api.DeleteAsync(Url(accountId, $"pickups/{confirmation}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}");
        account.GetProperty("state").GetString().ShouldBe("connected");
        account.GetProperty("last_success_at").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Each_operation_against_a_revoked_grant_answers_424_and_marks_the_account(string operation)
    {
        var (api, accountId, customer) = await ConnectedAsync();
        var label = operation is "void" or "end_of_day" ? await BuyAsync(api, accountId) : default;
        await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);

        var response = operation switch
        {
            "rates" => await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates),
            "label" => await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label()),
            "void" => await api.PostAsync(Url(accountId, $"labels/{label.GetProperty("tracking_number").GetString()}/void"), null),
            "end_of_day" => await api.PostAsJsonAsync(Url(accountId, "end-of-day"), new { }),
            _ => await api.PostAsJsonAsync(Url(accountId, "pickups"), ShippingBodies.Pickup(NextPickupDay())),
        };

        response.StatusCode.ShouldBe(HttpStatusCode.FailedDependency, await response.Content.ReadAsStringAsync());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("type").GetString().ShouldBe("reconnect-required");
        problem.GetProperty("account_id").GetString().ShouldBe(accountId.ToString());
        problem.GetProperty("state").GetString().ShouldBe("needs_reconnect");
        problem.GetProperty("reconnect_url").GetString()!.ShouldEndWith($"/settings/carriers/usps/accounts/{accountId}/reconnect");
        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}");
        account.GetProperty("state").GetString().ShouldBe("needs_reconnect");
        account.GetProperty("last_failure").GetProperty("kind").GetString().ShouldBe("auth");
        (await api.EventTypesAsync(accountId)).ShouldContain("needs_reconnect");
    }

    [Theory]
    [InlineData("""{"status":500}""")]
    [InlineData("""{"status":503}""")]
    [InlineData("""{"status":429}""")]
    [InlineData("""{"drop":true}""")]
    [InlineData("""{"malformed":true}""")]
    public async Task A_transient_fault_answers_503_and_never_changes_the_state(string fault)
    {
        var (api, accountId, _) = await ConnectedAsync();
        var spec = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(fault)!;
        spec["carrier"] = JsonSerializer.SerializeToElement("usps");
        spec["endpoint"] = JsonSerializer.SerializeToElement("/prices");
        spec["rate"] = JsonSerializer.SerializeToElement(1.0);
        await WithFaultAsync(spec, async () =>
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                // The retries wait out the carrier's Retry-After (a second, on the clock) before giving up.
                var response = await Stack.Clock.UntilDoneAsync(api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates));
                response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await response.Content.ReadAsStringAsync());
                response.Headers.RetryAfter.ShouldNotBeNull();
                (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString().ShouldBe("carrier-unavailable");
            }
        });

        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}");
        account.GetProperty("state").GetString().ShouldBe("connected");
        account.GetProperty("last_failure").GetProperty("kind").GetString().ShouldBe("transient");
        // One timeline entry when the trouble starts, however many requests met it; one when it ends.
        (await api.EventTypesAsync(accountId)).Count(t => t == "carrier_trouble_started").ShouldBe(1);
        (await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.EventTypesAsync(accountId)).ShouldContain("carrier_trouble_ended");
    }

    [Fact]
    public async Task A_transient_fault_that_clears_is_retried_away()
    {
        var (api, accountId, _) = await ConnectedAsync();
        var spec = new Dictionary<string, object> { ["carrier"] = "usps", ["endpoint"] = "/prices", ["status"] = 503, ["rate"] = 0.5 };
        await WithFaultAsync(spec, async () =>
        {
            // With two retries per call, ten calls at a 50% fault rate all get through in practice
            // only because of the retries; the sandbox's fault randomness is seeded.
            var successes = 0;
            for (var i = 0; i < 10; i++)
                if ((await api.PostAsJsonAsync(Url(accountId, "rates"), new { from_zip = "10001", to_zip = "94105", weight_oz = 24, mail_class = "PRIORITY_MAIL" })).IsSuccessStatusCode) successes++;
            successes.ShouldBeGreaterThanOrEqualTo(7);
        });
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task A_carrier_validation_error_is_a_400_with_the_carriers_words()
    {
        var (api, accountId, _) = await ConnectedAsync();

        // A mail class USPS does not have is refused by CarrierLink itself (the carrier catalogue, CarrierServicesTests);
        // a mailing date too far ahead is USPS's own rule, answered in USPS's words.
        var mailingDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var response = await api.PostAsJsonAsync(Url(accountId, "labels"), new
        {
            from_address = ShippingBodies.Address(),
            to_address = new { name = "Sam Receiver", street1 = "500 Howard St", city = "San Francisco", state = "CA", zip = "94105" },
            weight_oz = 24,
            mail_class = "PRIORITY_MAIL",
            length_in = 10, width_in = 6, height_in = 4,
            mailing_date = mailingDate,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("type").GetString().ShouldBe("validation");
        problem.GetProperty("errors").GetProperty("mailing_date")[0].GetString()!.ShouldContain("more than 45 days in the future");
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task Bad_operation_input_is_refused_before_the_carrier_is_called()
    {
        var (api, accountId, _) = await ConnectedAsync();
        await Stack.Control.DeleteAsync("/_control/counters");

        var response = await api.PostAsJsonAsync(Url(accountId, "rates"), new { from_zip = "1000", weight_oz = -1 });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("from_zip", out _).ShouldBeTrue();
        errors.TryGetProperty("to_zip", out _).ShouldBeTrue();
        errors.TryGetProperty("weight_oz", out _).ShouldBeTrue();
        var counters = await Stack.Control.GetFromJsonAsync<JsonElement>("/_control/counters");
        counters.GetProperty("usps").GetProperty("calls").EnumerateObject().Where(c => c.Name.Contains("prices", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_grant_revoked_at_USPS_keeps_working_until_the_access_token_runs_out_then_asks_for_a_reconnect()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        (await Stack.Control.PostAsync($"/_control/customers/usps/{customer.Username}/revoke", null)).EnsureSuccessStatusCode();

        var beforeExpiry = await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates);
        (await Stack.Control.PostAsync($"/_control/customers/usps/{customer.Username}/expire-tokens", null)).EnsureSuccessStatusCode();
        var afterExpiry = await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates);

        beforeExpiry.StatusCode.ShouldBe(HttpStatusCode.OK, "USPS revokes refresh tokens only; the access token runs to its exp");
        afterExpiry.StatusCode.ShouldBe(HttpStatusCode.FailedDependency, await afterExpiry.Content.ReadAsStringAsync());
        (await api.StateOfAsync(accountId)).ShouldBe("needs_reconnect");
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_silently()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        await Stack.Control.DeleteAsync("/_control/counters");
        (await Stack.Control.PostAsync($"/_control/customers/usps/{customer.Username}/expire-tokens", null)).EnsureSuccessStatusCode();

        var response = await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        // Routine renewals are not timeline events (they would drown the ones a merchant needs); the sandbox counts them.
        var counters = await Stack.Control.GetFromJsonAsync<JsonElement>("/_control/counters");
        counters.GetProperty("usps").GetProperty("refreshes").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task An_Idempotency_Key_reused_for_another_label_is_refused()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        var key = Guid.NewGuid().ToString();
        (await PostLabelAsync(api, accountId, ShippingBodies.Label(), key)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var other = await PostLabelAsync(api, accountId, ShippingBodies.Label(mailClass: "USPS_GROUND_ADVANTAGE"), key);

        // A well-formed request that cannot be done as asked, as payment APIs answer it: 422.
        other.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await other.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString().ShouldBe("idempotency-key-reused");
        (await LabelsAtCarrierAsync(customer)).ShouldBe(1);
    }

    [Fact]
    public async Task A_void_whose_answer_was_lost_ends_voided_when_retried_though_USPS_says_already_canceled()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        var tracking = (await BuyAsync(api, accountId)).GetProperty("tracking_number").GetString();
        await WithFaultAsync(new { carrier = "usps", endpoint = "DELETE /labels/v3/label/{trackingNumber}", drop = true, after = true, rate = 1.0 }, async () =>
            (await api.PostAsync(Url(accountId, $"labels/{tracking}/void"), null)).IsSuccessStatusCode.ShouldBeFalse());

        var retry = await api.PostAsync(Url(accountId, $"labels/{tracking}/void"), null);

        retry.StatusCode.ShouldBe(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("voided");
        var atUsps = await Stack.Control.GetFromJsonAsync<JsonElement>($"/_control/customers/usps/{customer.Username}/labels");
        atUsps.GetProperty("data")[0].GetProperty("status").GetString().ShouldBe("CANCELED", "CarrierLink and USPS agree");
    }

    [Fact]
    public async Task A_pickup_cancel_whose_answer_was_lost_ends_canceled_as_USPS_no_longer_has_it()
    {
        var (api, accountId, _) = await ConnectedAsync();
        var pickup = await api.PostAsJsonAsync(Url(accountId, "pickups"), ShippingBodies.Pickup(NextPickupDay()));
        pickup.StatusCode.ShouldBe(HttpStatusCode.Created, await pickup.Content.ReadAsStringAsync());
        var confirmation = (await pickup.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmation_number").GetString();
        // The cancel reaches USPS but its answer is lost; CarrierLink's own retry then finds no such pickup.
        await WithFaultAsync(new { carrier = "usps", endpoint = "DELETE /pickup/v3/carrier-pickup/{confirmationNumber}", drop = true, after = true, rate = 1.0 }, async () =>
        {
            var cancel = await api.DeleteAsync(Url(accountId, $"pickups/{confirmation}"));
            cancel.StatusCode.ShouldBe(HttpStatusCode.NoContent, await cancel.Content.ReadAsStringAsync());
        });
        // A second cancel finds it canceled in CarrierLink too.
        (await api.DeleteAsync(Url(accountId, $"pickups/{confirmation}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task An_Idempotency_Key_belongs_to_its_account_so_another_account_gets_its_own_label()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var (first, second) = (await Stack.CreateUspsCustomerAsync(), await Stack.CreateUspsCustomerAsync());
        var (firstId, secondId) = (await merchant.ConnectUspsAsync(first, "First"), await merchant.ConnectUspsAsync(second, "Second"));
        using var api = merchant.Api();
        var key = Guid.NewGuid().ToString();

        var one = await PostLabelAsync(api, firstId, ShippingBodies.Label(), key);
        var two = await PostLabelAsync(api, secondId, ShippingBodies.Label(), key);

        one.StatusCode.ShouldBe(HttpStatusCode.Created);
        two.StatusCode.ShouldBe(HttpStatusCode.Created, await two.Content.ReadAsStringAsync());
        (await two.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tracking_number").GetString()
            .ShouldNotBe((await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tracking_number").GetString());
        (await LabelsAtCarrierAsync(first)).ShouldBe(1);
        (await LabelsAtCarrierAsync(second)).ShouldBe(1);
    }

    [Fact]
    public async Task A_purchase_whose_answer_was_lost_retried_after_midnight_gets_the_label_already_bought()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        // Bought in the afternoon, so "just after midnight" is hours later, well inside the carrier key's lifetime:
        // started from a clock just past midnight, the next midnight was more than a day away (a run at 00:00 UTC failed).
        var start = Stack.Clock.GetUtcNow();
        if (start.TimeOfDay < TimeSpan.FromHours(12)) Stack.Clock.Advance(start.Date.AddHours(12) - start);
        var key = Guid.NewGuid().ToString();
        await WithFaultAsync(new { carrier = "usps", endpoint = "POST /labels/v3/label", drop = true, after = true, rate = 1.0 }, async () =>
            (await PostLabelAsync(api, accountId, ShippingBodies.Label(), key)).IsSuccessStatusCode.ShouldBeFalse());
        (await LabelsAtCarrierAsync(customer)).ShouldBe(1, "USPS bought it; only the answer was lost");

        // The same request (no mailing date: "today") retried just after midnight UTC.
        var now = Stack.Clock.GetUtcNow();
        Stack.Clock.Advance(now.Date.AddDays(1).AddMinutes(1) - now);
        var retry = await PostLabelAsync(api, accountId, ShippingBodies.Label(), key);

        retry.StatusCode.ShouldBe(HttpStatusCode.Created, await retry.Content.ReadAsStringAsync());
        (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tracking_number").GetString()
            .ShouldBe((await Stack.Control.GetFromJsonAsync<JsonElement>($"/_control/customers/usps/{customer.Username}/labels")).GetProperty("data")[0].GetProperty("tracking_number").GetString());
        (await LabelsAtCarrierAsync(customer)).ShouldBe(1);
    }

    private static async Task<JsonElement> BuyAsync(HttpClient api, Guid accountId)
    {
        var response = await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label());
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static DateOnly NextPickupDay()
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        return day.DayOfWeek == DayOfWeek.Sunday ? day.AddDays(1) : day;
    }
}

public sealed class ShippingOperationsOnSqliteTests(SqliteStack fixture) : ShippingOperationsTests(fixture), IClassFixture<SqliteStack>;

public sealed class ShippingOperationsOnPostgresTests(PostgresStack fixture) : ShippingOperationsTests(fixture), IClassFixture<PostgresStack>;
