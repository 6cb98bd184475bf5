using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox.Stamps;

public sealed class SeraShippingTests
{
    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<(SandboxHost Sandbox, StampsClient Stamps, string Authenticator)> StartAsync(FakeTimeProvider? time = null)
    {
        var sandbox = await SandboxHost.StartAsync(time);
        var stamps = new StampsClient(sandbox);
        return (sandbox, stamps, await stamps.AuthenticatorAsync());
    }

    private static async Task<IReadOnlyList<(string Field, string Message)>> DetailsAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await JsonAsync(response)).GetProperty("error");
        error.GetProperty("code").GetString().ShouldBe("validation_error");
        error.GetProperty("message").GetString().ShouldNotBeNullOrEmpty();
        return [.. error.GetProperty("details").EnumerateArray().Select(d => (d.GetProperty("field").GetString()!, d.GetProperty("message").GetString()!))];
    }

    [Fact]
    public async Task Rates_list_every_service_of_the_carrier_or_just_the_one_asked_for()
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;

        var usps = await JsonAsync(await stamps.RatesAsync(authenticator));
        var ups = await JsonAsync(await stamps.RatesAsync(authenticator,
            new { carrier = "ups", from_postal_code = "02134", to_postal_code = "90210-1234", weight_oz = 40, service_type = "ups_ground" }));

        var rates = usps.GetProperty("rates").EnumerateArray().ToList();
        rates.Select(r => r.GetProperty("service_type").GetString()).ShouldBe(["usps_ground_advantage", "usps_priority_mail", "usps_priority_mail_express"]);
        rates.ShouldAllBe(r => r.GetProperty("carrier").GetString() == "usps" && r.GetProperty("currency").GetString() == "USD"
            && r.GetProperty("amount").GetDecimal() > 0 && r.GetProperty("delivery_days").GetInt32() > 0);
        rates[1].GetProperty("service_name").GetString().ShouldBe("USPS Priority Mail");
        var ground = ups.GetProperty("rates").EnumerateArray().Single();
        ground.GetProperty("carrier").GetString().ShouldBe("ups");
        ground.GetProperty("service_name").GetString().ShouldBe("UPS Ground");
    }

    [Fact]
    public async Task Rates_validation_names_every_bad_field()
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;

        var details = await DetailsAsync(await stamps.RatesAsync(authenticator, new { carrier = "dhl", from_postal_code = "2134", weight_oz = 0 }));
        var tooHeavy = await DetailsAsync(await stamps.RatesAsync(authenticator,
            new { carrier = "usps", from_postal_code = "02134", to_postal_code = "90210", weight_oz = 1121, service_type = "ups_ground" }));

        details.Select(d => d.Field).ShouldBe(["carrier", "from_postal_code", "to_postal_code", "weight_oz"]);
        tooHeavy.Select(d => d.Field).ShouldBe(["service_type", "weight_oz"]);
        tooHeavy[1].Message.ShouldContain("1120");
    }

    [Fact]
    public async Task A_body_that_is_not_a_JSON_object_is_a_validation_error_about_the_body()
    {
        var (sandbox, _, authenticator) = await StartAsync();
        await using var running = sandbox;
        var request = new HttpRequestMessage(HttpMethod.Post, "/sera/v1/rates") { Content = new StringContent("[1,2", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", authenticator);

        (await DetailsAsync(await sandbox.Http.SendAsync(request))).Single().Field.ShouldBe("body");
    }

    [Fact]
    public async Task A_label_is_201_with_its_tracking_number_and_PDF_and_is_paid_from_One_Balance()
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;

        var response = await stamps.BuyLabelAsync(authenticator, StampsClient.LabelRequest(reference: "order-1001"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var label = await JsonAsync(response);
        Guid.TryParse(label.GetProperty("label_id").GetString(), out _).ShouldBeTrue();
        var tracking = label.GetProperty("tracking_number").GetString()!;
        tracking.Length.ShouldBe(22);
        tracking.ShouldStartWith("94055931415926");
        label.GetProperty("carrier").GetString().ShouldBe("usps");
        label.GetProperty("service_type").GetString().ShouldBe("usps_priority_mail");
        label.GetProperty("currency").GetString().ShouldBe("USD");
        label.GetProperty("reference").GetString().ShouldBe("order-1001");
        var amount = label.GetProperty("amount").GetDecimal();
        var pdf = Encoding.ASCII.GetString(Convert.FromBase64String(label.GetProperty("label_pdf_base64").GetString()!));
        pdf.ShouldStartWith("%PDF-1.4");
        pdf.ShouldContain(tracking);

        using var browser = sandbox.NewBrowser();
        var account = await StampsSite.LogInToAccountAsync(browser);
        account.Document.QuerySelector(".balance")!.TextContent.ShouldBe((1000m - amount).ToString("C", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
    }

    [Fact]
    public async Task A_UPS_label_has_a_1Z_tracking_number()
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;

        var label = await JsonAsync(await stamps.BuyLabelAsync(authenticator, StampsClient.LabelRequest("ups", "ups_next_day_air")));

        var tracking = label.GetProperty("tracking_number").GetString()!;
        tracking.Length.ShouldBe(18);
        tracking.ShouldStartWith("1ZST592601");
    }

    [Fact]
    public async Task Label_validation_names_the_address_fields_that_are_wrong()
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;

        var details = await DetailsAsync(await stamps.BuyLabelAsync(authenticator, new
        {
            carrier = "usps",
            from_address = new { name = "Acme", street1 = "1 Factory Rd", city = "Boston", state = "Massachusetts", postal_code = "02134", country_code = "CA" },
            to_address = new { street1 = "12 Main St", city = "Beverly Hills", state = "CA", postal_code = "ABCDE" },
            weight_oz = 20,
        }));

        details.Select(d => d.Field).ShouldBe(["service_type", "from_address.state", "from_address.country_code", "to_address.name", "to_address.postal_code"]);
    }

    [Theory]
    [InlineData(null, "The Idempotency-Key header is required: a UUID that stays the same on every retry of this purchase.")]
    [InlineData("retry-1", "The Idempotency-Key header must be a UUID.")]
    public async Task Buying_a_label_needs_a_UUID_Idempotency_Key(string? key, string message)
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;

        var response = await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/labels", authenticator, StampsClient.LabelRequest(), key);

        (await DetailsAsync(response)).ShouldBe([("Idempotency-Key", message)]);
    }

    [Fact]
    public async Task Replaying_an_Idempotency_Key_with_the_same_body_returns_the_same_label_and_buys_nothing_more()
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;
        var key = Guid.NewGuid().ToString();

        var first = await stamps.BuyLabelAsync(authenticator, idempotencyKey: key);
        var replay = await stamps.BuyLabelAsync(await stamps.AuthenticatorAsync(), idempotencyKey: key);

        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");
        (await replay.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        var atStamps = (await sandbox.Http.GetFromJsonAsync<JsonElement>("/_control/customers/stamps/merchant.stamps/labels")).GetProperty("data");
        atStamps.GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Reusing_an_Idempotency_Key_with_a_different_body_is_409()
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;
        var key = Guid.NewGuid().ToString();
        await stamps.BuyLabelAsync(authenticator, idempotencyKey: key);

        var conflict = await stamps.BuyLabelAsync(authenticator, StampsClient.LabelRequest(weightOz: 21), idempotencyKey: key);

        conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await StampsClient.ErrorCodeAsync(conflict)).ShouldBe("idempotency_key_reused");
    }

    [Fact]
    public async Task An_Idempotency_Key_is_remembered_for_24_hours()
    {
        var time = SandboxClock.StartingMonday();
        var (sandbox, stamps, _) = await StartAsync(time);
        await using var running = sandbox;
        var key = Guid.NewGuid().ToString();
        var first = await JsonAsync(await stamps.BuyLabelAsync(await stamps.AuthenticatorAsync(), idempotencyKey: key));

        time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var stillSame = await JsonAsync(await stamps.BuyLabelAsync(await stamps.AuthenticatorAsync(), idempotencyKey: key));
        time.Advance(TimeSpan.FromSeconds(1));
        var fresh = await JsonAsync(await stamps.BuyLabelAsync(await stamps.AuthenticatorAsync(), idempotencyKey: key));

        stillSame.GetProperty("label_id").GetString().ShouldBe(first.GetProperty("label_id").GetString());
        fresh.GetProperty("label_id").GetString().ShouldNotBe(first.GetProperty("label_id").GetString());
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_buy_exactly_one_label()
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => stamps.BuyLabelAsync(authenticator, idempotencyKey: key)));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        var ids = await Task.WhenAll(responses.Select(async r => (await JsonAsync(r)).GetProperty("label_id").GetString()));
        ids.Distinct().Count().ShouldBe(1);
        (await sandbox.Http.GetFromJsonAsync<JsonElement>("/_control/customers/stamps/merchant.stamps/labels")).GetProperty("data").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_label_whose_response_was_lost_can_be_found_by_its_reference()
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;
        var bought = await JsonAsync(await stamps.BuyLabelAsync(authenticator, StampsClient.LabelRequest(reference: "order-77")));
        await stamps.BuyLabelAsync(authenticator, StampsClient.LabelRequest(reference: "order-78"));

        var found = await JsonAsync(await stamps.SeraAsync(HttpMethod.Get, "/sera/v1/labels?reference=order-77", authenticator));
        var missing = await stamps.SeraAsync(HttpMethod.Get, "/sera/v1/labels", authenticator);

        var label = found.GetProperty("labels").EnumerateArray().Single();
        label.GetProperty("label_id").GetString().ShouldBe(bought.GetProperty("label_id").GetString());
        label.GetProperty("label_pdf_base64").GetString().ShouldBe(bought.GetProperty("label_pdf_base64").GetString());
        (await DetailsAsync(missing)).Single().Field.ShouldBe("reference");
    }

    [Fact]
    public async Task Voiding_a_label_refunds_it_once_and_a_second_void_is_409()
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;
        var label = await JsonAsync(await stamps.BuyLabelAsync(authenticator));
        var id = label.GetProperty("label_id").GetString();

        var voided = await stamps.SeraAsync(HttpMethod.Put, $"/sera/v1/labels/{id}/void", authenticator);
        var again = await stamps.SeraAsync(HttpMethod.Put, $"/sera/v1/labels/{id}/void", authenticator);
        var unknown = await stamps.SeraAsync(HttpMethod.Put, "/sera/v1/labels/no-such-label/void", authenticator);

        voided.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await JsonAsync(voided);
        body.GetProperty("label_id").GetString().ShouldBe(id);
        body.GetProperty("status").GetString().ShouldBe("voided");
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await StampsClient.ErrorCodeAsync(again)).ShouldBe("label_already_voided");
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await StampsClient.ErrorCodeAsync(unknown)).ShouldBe("not_found");
        using var browser = sandbox.NewBrowser();
        (await StampsSite.LogInToAccountAsync(browser)).Document.QuerySelector(".balance")!.TextContent.ShouldBe("$1,000.00");
    }

    [Fact]
    public async Task A_label_can_also_be_voided_and_manifested_by_its_tracking_number()
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;
        var first = await JsonAsync(await stamps.BuyLabelAsync(authenticator));
        var second = await JsonAsync(await stamps.BuyLabelAsync(authenticator));

        var voided = await stamps.SeraAsync(HttpMethod.Put, $"/sera/v1/labels/{first.GetProperty("tracking_number").GetString()}/void", authenticator);
        var manifest = await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/manifests", authenticator, new { label_ids = new[] { second.GetProperty("tracking_number").GetString() } });

        (await JsonAsync(voided)).GetProperty("label_id").GetString().ShouldBe(first.GetProperty("label_id").GetString());
        (await JsonAsync(manifest)).GetProperty("label_ids")[0].GetString().ShouldBe(second.GetProperty("label_id").GetString());
    }

    [Fact]
    public async Task A_labels_ship_date_may_be_set_ahead_and_the_manifest_of_that_day_takes_it()
    {
        var time = SandboxClock.StartingMonday();
        var (sandbox, stamps, authenticator) = await StartAsync(time);
        await using var running = sandbox;
        var body = new { carrier = "usps", service_type = "usps_ground_advantage", from_address = StampsClient.Address("Acme", "02134"), to_address = StampsClient.Address(), weight_oz = 8, ship_date = "2026-03-04" };

        var label = await JsonAsync(await stamps.BuyLabelAsync(authenticator, body));
        var past = await DetailsAsync(await stamps.BuyLabelAsync(authenticator, new { body.carrier, body.service_type, body.from_address, body.to_address, body.weight_oz, ship_date = "2026-03-01" }));
        var today = await DetailsAsync(await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/manifests", authenticator, new { }));
        var thatDay = await JsonAsync(await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/manifests", authenticator, new { ship_date = "2026-03-04" }));

        label.GetProperty("ship_date").GetString().ShouldBe("2026-03-04");
        past.Single().Field.ShouldBe("ship_date");
        today.Single().Field.ShouldBe("ship_date");
        thatDay.GetProperty("label_ids")[0].GetString().ShouldBe(label.GetProperty("label_id").GetString());
    }

    [Fact]
    public async Task Another_accounts_label_cannot_be_voided()
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;
        await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers", new { carrier = "stamps", username = "other.stamps", password = "Other-pass-1" });
        var id = (await JsonAsync(await stamps.BuyLabelAsync(authenticator))).GetProperty("label_id").GetString();

        var response = await stamps.SeraAsync(HttpMethod.Put, $"/sera/v1/labels/{id}/void", await stamps.AuthenticatorAsync("other.stamps", "Other-pass-1"));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_manifest_takes_the_days_open_USPS_labels_and_manifested_labels_can_no_longer_be_voided()
    {
        var time = SandboxClock.StartingMonday();
        var (sandbox, stamps, authenticator) = await StartAsync(time);
        await using var running = sandbox;
        var first = (await JsonAsync(await stamps.BuyLabelAsync(authenticator))).GetProperty("label_id").GetString();
        var second = (await JsonAsync(await stamps.BuyLabelAsync(authenticator, StampsClient.LabelRequest(serviceType: "usps_ground_advantage")))).GetProperty("label_id").GetString();
        var voided = (await JsonAsync(await stamps.BuyLabelAsync(authenticator))).GetProperty("label_id").GetString();
        await stamps.SeraAsync(HttpMethod.Put, $"/sera/v1/labels/{voided}/void", authenticator);
        await stamps.BuyLabelAsync(authenticator, StampsClient.LabelRequest("ups", "ups_ground"));

        var response = await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/manifests", authenticator, new { });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var manifest = await JsonAsync(response);
        Guid.TryParse(manifest.GetProperty("manifest_id").GetString(), out _).ShouldBeTrue();
        manifest.GetProperty("label_ids").EnumerateArray().Select(l => l.GetString()).ShouldBe([first, second]);
        manifest.GetProperty("ship_date").GetString().ShouldBe("2026-03-02");
        Encoding.ASCII.GetString(Convert.FromBase64String(manifest.GetProperty("form_pdf_base64").GetString()!)).ShouldStartWith("%PDF-1.4");

        var lateVoid = await stamps.SeraAsync(HttpMethod.Put, $"/sera/v1/labels/{first}/void", authenticator);
        lateVoid.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await StampsClient.ErrorCodeAsync(lateVoid)).ShouldBe("label_manifested");
        var nothingLeft = await DetailsAsync(await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/manifests", authenticator, new { }));
        nothingLeft.Single().Field.ShouldBe("ship_date");
    }

    [Fact]
    public async Task A_manifest_of_chosen_labels_refuses_ones_that_cannot_go_on_it_naming_each()
    {
        var (sandbox, stamps, authenticator) = await StartAsync();
        await using var running = sandbox;
        var usps = (await JsonAsync(await stamps.BuyLabelAsync(authenticator))).GetProperty("label_id").GetString();
        var ups = (await JsonAsync(await stamps.BuyLabelAsync(authenticator, StampsClient.LabelRequest("ups", "ups_ground")))).GetProperty("label_id").GetString();

        var refused = await DetailsAsync(await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/manifests", authenticator, new { label_ids = new[] { usps, ups, "nope" } }));
        var created = await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/manifests", authenticator, new { label_ids = new[] { usps } });
        var notAList = await DetailsAsync(await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/manifests", authenticator, new { label_ids = "all" }));
        var emptyMeansTheDay = await DetailsAsync(await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/manifests", authenticator, new { label_ids = Array.Empty<string>() }));

        refused.Select(d => d.Field).ShouldBe(["label_ids[1]", "label_ids[2]"]);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await JsonAsync(created)).GetProperty("label_ids").EnumerateArray().Select(l => l.GetString()).ShouldBe([usps]);
        notAList.Single().Field.ShouldBe("label_ids");
        emptyMeansTheDay.Single().Field.ShouldBe("ship_date");
    }

    [Fact]
    public async Task A_pickup_is_scheduled_and_canceled_once()
    {
        var time = SandboxClock.StartingMonday();
        var (sandbox, stamps, authenticator) = await StartAsync(time);
        await using var running = sandbox;

        var response = await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/pickups", authenticator, new
        {
            carrier = "usps",
            pickup_date = "2026-03-03",
            address = StampsClient.Address("Acme Widgets", "02134"),
            packages = new[] { new { type = "package", count = 3 } },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var pickup = await JsonAsync(response);
        var id = pickup.GetProperty("pickup_id").GetString();
        pickup.GetProperty("confirmation_number").GetString()!.ShouldStartWith("WTC");
        pickup.GetProperty("pickup_date").GetString().ShouldBe("2026-03-03");
        (await stamps.SeraAsync(HttpMethod.Delete, $"/sera/v1/pickups/{id}", authenticator)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var again = await stamps.SeraAsync(HttpMethod.Delete, $"/sera/v1/pickups/{id}", authenticator);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await StampsClient.ErrorCodeAsync(again)).ShouldBe("pickup_already_canceled");
        (await stamps.SeraAsync(HttpMethod.Delete, "/sera/v1/pickups/unknown", authenticator)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pickup_validation_refuses_past_dates_Sundays_and_bad_packages()
    {
        var time = SandboxClock.StartingMonday();
        var (sandbox, stamps, authenticator) = await StartAsync(time);
        await using var running = sandbox;
        object Pickup(string date, object packages) => new { carrier = "ups", pickup_date = date, address = StampsClient.Address(), packages };

        var past = await DetailsAsync(await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/pickups", authenticator, Pickup("2026-03-01", new[] { new { type = "box", count = 1 } })));
        var sunday = await DetailsAsync(await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/pickups", authenticator, Pickup("2026-03-08", new[] { new { type = "box", count = 1 } })));
        var packages = await DetailsAsync(await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/pickups", authenticator, Pickup("2026-03-04", new[] { new { type = "", count = 0 } })));
        var nothing = await DetailsAsync(await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/pickups", authenticator, new { }));

        past.ShouldBe([("pickup_date", "pickup_date cannot be in the past.")]);
        sunday.ShouldBe([("pickup_date", "There are no pickups on Sundays.")]);
        packages.Select(d => d.Field).ShouldBe(["packages[0].type", "packages[0].count"]);
        nothing.Select(d => d.Field).ShouldBe(["carrier", "pickup_date", "address", "packages"]);
    }

    [Fact]
    public async Task A_pickup_posted_again_with_its_Idempotency_Key_is_the_same_pickup()
    {
        var time = SandboxClock.StartingMonday();
        var (sandbox, stamps, authenticator) = await StartAsync(time);
        await using var running = sandbox;
        var key = Guid.NewGuid().ToString();
        var body = new { carrier = "ups", pickup_date = "2026-03-04", address = StampsClient.Address(), packages = new[] { new { type = "box", count = 2 } } };

        var first = await JsonAsync(await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/pickups", authenticator, body, key));
        var replay = await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/pickups", authenticator, body, key);

        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await JsonAsync(replay)).GetProperty("pickup_id").GetString().ShouldBe(first.GetProperty("pickup_id").GetString());
        first.GetProperty("confirmation_number").GetString()!.ShouldStartWith("29");
    }
}
