using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Sandbox.Ups;
using Shouldly;

namespace CarrierLink.Tests.Sandbox;

/// <summary>The sandbox's UPS Rating, Shipping and Pickup: shipper numbers are the login's own, suspension, transaction headers.</summary>
public sealed class UpsApiTests
{
    /// <summary>A pickup day the sandbox takes: two days out (it runs on the system clock here), never a Sunday.</summary>
    private static DateOnly NextWeekday()
    {
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(2);
        return day.DayOfWeek == DayOfWeek.Sunday ? day.AddDays(1) : day;
    }

    [Fact]
    public async Task Shop_rates_every_service_and_Rate_one_echoing_the_customer_context()
    {
        await using var host = await SandboxHost.StartAsync();
        var ups = new UpsSandbox(host);
        var access = await ups.AccessTokenAsync();

        var shop = await (await ups.CallAsync(HttpMethod.Post, "/api/rating/v2409/Shop", access, UpsSandbox.RateRequest("7X9Y4Z", null))).Content.ReadFromJsonAsync<JsonElement>();
        var rated = shop.GetProperty("RateResponse").GetProperty("RatedShipment").EnumerateArray().ToList();
        rated.Select(r => r.GetProperty("Service").GetProperty("Code").GetString()).ShouldBe(["03", "12", "02", "01"]);
        rated.Select(r => decimal.Parse(r.GetProperty("TotalCharges").GetProperty("MonetaryValue").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBeInOrder(SortDirection.Ascending);

        var rate = await ups.CallAsync(HttpMethod.Post, "/api/rating/v2409/Rate", access, UpsSandbox.RateRequest("A1B2C3", "02"));
        var response = (await rate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("RateResponse");
        response.GetProperty("Response").GetProperty("TransactionReference").GetProperty("CustomerContext").GetString().ShouldBe("ctx-1");
        response.GetProperty("RatedShipment").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_shipper_number_of_another_login_is_refused_with_120100_on_every_operation()
    {
        await using var host = await SandboxHost.StartAsync();
        var ups = new UpsSandbox(host);
        var (_, foreign) = await ups.CreateCustomerAsync("other.ups");
        var access = await ups.AccessTokenAsync();

        foreach (var (path, body) in new (string, object)[]
        {
            ("/api/rating/v2409/Rate", UpsSandbox.RateRequest(foreign)),
            ("/api/shipments/v2409/ship", UpsSandbox.ShipRequest(foreign, foreign)),
            ("/api/shipments/v2409/ship", UpsSandbox.ShipRequest("A1B2C3", foreign)),
            ("/api/pickupcreation/v2409/pickup", UpsSandbox.PickupRequest(foreign, NextWeekday())),
        })
        {
            var refused = await ups.CallAsync(HttpMethod.Post, path, access, body);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, path);
            (await UpsSandbox.ErrorAsync(refused)).Code.ShouldBe("120100", path);
        }
        (await host.Http.GetFromJsonAsync<JsonElement>("/_control/customers/ups/merchant.ups/labels")).GetProperty("data").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Ship_returns_a_1Z_tracking_number_and_a_GIF_label_and_a_void_is_told_apart_from_a_second_void()
    {
        await using var host = await SandboxHost.StartAsync();
        var ups = new UpsSandbox(host);
        var access = await ups.AccessTokenAsync();

        var shipped = await ups.CallAsync(HttpMethod.Post, "/api/shipments/v2409/ship", access, UpsSandbox.ShipRequest("7X9Y4Z", "7X9Y4Z", "12"));
        shipped.StatusCode.ShouldBe(HttpStatusCode.OK, await shipped.Content.ReadAsStringAsync());
        var results = (await shipped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ShipmentResponse").GetProperty("ShipmentResults");
        var tracking = results.GetProperty("ShipmentIdentificationNumber").GetString()!;
        tracking.ShouldMatch("^1Z7X9Y4Z12[0-9]{7}[0-9]$");
        UpsShipperNumbers.CheckDigit(tracking[2..17]).ShouldBe(tracking[17]);
        var label = results.GetProperty("PackageResults")[0].GetProperty("ShippingLabel");
        label.GetProperty("ImageFormat").GetProperty("Code").GetString().ShouldBe("GIF");
        System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(label.GetProperty("GraphicImage").GetString()!)[..6]).ShouldBe("GIF89a");

        var stored = (await host.Http.GetFromJsonAsync<JsonElement>("/_control/customers/ups/merchant.ups/labels")).GetProperty("data")[0];
        stored.GetProperty("tracking_number").GetString().ShouldBe(tracking);
        stored.GetProperty("trans_id").GetString().ShouldBe("test-trans-0001");
        stored.GetProperty("transaction_src").GetString().ShouldBe("CarrierLink.Tests");
        stored.GetProperty("references")[0].GetString().ShouldBe("order-42");

        var voided = await ups.CallAsync(HttpMethod.Delete, $"/api/shipments/v2409/void/cancel/{tracking}", access);
        (await voided.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("VoidShipmentResponse").GetProperty("SummaryResult").GetProperty("Status")
            .GetProperty("Description").GetString().ShouldBe("Voided");
        (await UpsSandbox.ErrorAsync(await ups.CallAsync(HttpMethod.Delete, $"/api/shipments/v2409/void/cancel/{tracking}", access))).Code.ShouldBe("190117");
        (await UpsSandbox.ErrorAsync(await ups.CallAsync(HttpMethod.Delete, "/api/shipments/v2409/void/cancel/1Z0000000000000000", access))).Code.ShouldBe("190102");
    }

    [Fact]
    public async Task A_pickup_is_created_with_a_PRN_and_cancelled_by_it_once()
    {
        await using var host = await SandboxHost.StartAsync();
        var ups = new UpsSandbox(host);
        var access = await ups.AccessTokenAsync();

        var created = await ups.CallAsync(HttpMethod.Post, "/api/pickupcreation/v2409/pickup", access, UpsSandbox.PickupRequest("A1B2C3", NextWeekday()));
        created.StatusCode.ShouldBe(HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        var prn = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("PickupCreationResponse").GetProperty("PRN").GetString()!;
        prn.Length.ShouldBe(11);

        var cancel = () => ups.CallAsync(HttpMethod.Delete, "/api/shipments/v2409/pickup/02", access, configure: r => r.Headers.Add("Prn", prn));
        (await cancel()).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await UpsSandbox.ErrorAsync(await cancel())).Code.ShouldBe("9510114");
        var pickups = (await host.Http.GetFromJsonAsync<JsonElement>("/_control/customers/ups/merchant.ups/pickups")).GetProperty("data");
        pickups[0].GetProperty("status").GetString().ShouldBe("cancelled");
        pickups[0].GetProperty("pieces").GetInt32().ShouldBe(2);

        var past = await ups.CallAsync(HttpMethod.Post, "/api/pickupcreation/v2409/pickup", access, UpsSandbox.PickupRequest("A1B2C3", new DateOnly(2020, 1, 6)));
        (await UpsSandbox.ErrorAsync(past)).Code.ShouldBe("9500510");
    }

    [Fact]
    public async Task A_suspended_login_is_refused_as_Blocked_Merchant_until_it_is_unsuspended()
    {
        await using var host = await SandboxHost.StartAsync();
        var ups = new UpsSandbox(host);
        var access = await ups.AccessTokenAsync();

        (await host.ControlAsync(HttpMethod.Post, "/_control/customers/ups/merchant.ups/suspend")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await ups.CallAsync(HttpMethod.Post, "/api/rating/v2409/Rate", access, UpsSandbox.RateRequest("A1B2C3"));
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await UpsSandbox.ErrorAsync(refused)).Message.ShouldContain("Blocked Merchant");

        (await host.ControlAsync(HttpMethod.Post, "/_control/customers/ups/merchant.ups/unsuspend")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ups.CallAsync(HttpMethod.Post, "/api/rating/v2409/Rate", access, UpsSandbox.RateRequest("A1B2C3"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Expire_tokens_ends_the_access_token_but_the_refresh_token_still_works()
    {
        await using var host = await SandboxHost.StartAsync();
        var ups = new UpsSandbox(host);
        var tokens = await ups.ConnectAsync();

        (await host.ControlAsync(HttpMethod.Post, "/_control/customers/ups/merchant.ups/expire-tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var call = await ups.CallAsync(HttpMethod.Post, "/api/rating/v2409/Rate", tokens.GetProperty("access_token").GetString()!, UpsSandbox.RateRequest("A1B2C3"));
        (await UpsSandbox.ErrorAsync(call)).Code.ShouldBe("250002");
        (await ups.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_control_API_creates_UPS_logins_with_a_shipper_number_and_counts_and_faults_UPS_calls()
    {
        await using var host = await SandboxHost.StartAsync();
        var ups = new UpsSandbox(host);
        var (_, number) = await ups.CreateCustomerAsync("new.ups");
        UpsShipperNumbers.IsShipperNumber(number).ShouldBeTrue(number);
        var access = await ups.AccessTokenAsync("new.ups");
        (await ups.CallAsync(HttpMethod.Post, "/api/rating/v2409/Rate", access, UpsSandbox.RateRequest(number))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var counters = (await host.Http.GetFromJsonAsync<JsonElement>("/_control/counters")).GetProperty("ups");
        counters.GetProperty("tokens_issued").GetInt64().ShouldBe(1);
        counters.GetProperty("calls").GetProperty("POST /api/rating/{version}/{requestoption}").GetInt64().ShouldBe(1);
        counters.GetProperty("calls").GetProperty("POST /security/v1/oauth/token").GetInt64().ShouldBe(1);

        (await host.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "ups", endpoint = "/api/rating", status = 503 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var faulted = await ups.CallAsync(HttpMethod.Post, "/api/rating/v2409/Rate", access, UpsSandbox.RateRequest(number));
        faulted.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await UpsSandbox.ErrorAsync(faulted)).Code.ShouldBe("10503");
    }
}
