using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Shipping;

/// <summary>
/// Each account buys its own carrier's services, named as in the carrier catalogue: a UPS One Balance account is
/// never sold a USPS class as UPS 2nd Day Air, and has no End of Day form (a USPS SCAN form).
/// </summary>
public sealed class CarrierServicesTests(SqliteStack fixture) : IClassFixture<SqliteStack>
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_UPS_One_Balance_account_refuses_a_USPS_mail_class_naming_the_field_and_its_UPS_services()
    {
        var (api, accountId) = await ConnectedAsync("ups_one_balance");

        var response = await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label("PRIORITY_MAIL"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("mail_class")[0].GetString()!;
        foreach (var service in new[] { "ups_ground", "ups_3_day_select", "ups_2nd_day_air", "ups_next_day_air", "UPS 2nd Day Air" }) error.ShouldContain(service);
        (await Stack.WithDbAsync(db => Task.FromResult(db.Labels.Count(l => l.AccountId == accountId)))).ShouldBe(0, "nothing may be bought under another carrier's service");
    }

    [Fact]
    public async Task A_One_Balance_void_whose_answer_was_lost_ends_voided_when_SERA_says_already_voided()
    {
        var (api, accountId) = await ConnectedAsync("stamps");
        var bought = await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label("PRIORITY_MAIL"));
        bought.StatusCode.ShouldBe(HttpStatusCode.Created, await bought.Content.ReadAsStringAsync());
        var tracking = (await bought.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tracking_number").GetString();
        (await Stack.Control.PostAsJsonAsync("/_control/faults", new { carrier = "stamps", endpoint = "PUT /sera/v1/labels", drop = true, after = true, rate = 1.0 })).EnsureSuccessStatusCode();
        try { (await api.PostAsync(Url(accountId, $"labels/{tracking}/void"), null)).IsSuccessStatusCode.ShouldBeFalse(); }
        finally { (await Stack.Control.DeleteAsync("/_control/faults")).EnsureSuccessStatusCode(); }

        var retry = await api.PostAsync(Url(accountId, $"labels/{tracking}/void"), null);

        retry.StatusCode.ShouldBe(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("voided");
    }

    [Fact]
    public async Task A_One_Balance_End_of_Day_form_whose_answer_was_lost_is_the_same_form_when_retried()
    {
        var (api, accountId) = await ConnectedAsync("stamps");
        (await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label("PRIORITY_MAIL"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Stack.Control.PostAsJsonAsync("/_control/faults", new { carrier = "stamps", endpoint = "POST /sera/v1/manifests", drop = true, after = true, rate = 1.0 })).EnsureSuccessStatusCode();
        try { (await api.PostAsJsonAsync(Url(accountId, "end-of-day"), new { })).IsSuccessStatusCode.ShouldBeFalse(); }
        finally { (await Stack.Control.DeleteAsync("/_control/faults")).EnsureSuccessStatusCode(); }

        var retry = await api.PostAsJsonAsync(Url(accountId, "end-of-day"), new { });

        retry.StatusCode.ShouldBe(HttpStatusCode.OK, await retry.Content.ReadAsStringAsync());
        (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tracking_numbers").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_UPS_One_Balance_label_is_bought_with_its_UPS_service_and_kept_under_that_service()
    {
        var (api, accountId) = await ConnectedAsync("ups_one_balance");

        var response = await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label("ups_ground"));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var tracking = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tracking_number").GetString()!;
        tracking.ShouldStartWith("1Z");
        (await Stack.WithDbAsync(db => Task.FromResult(db.Labels.Single(l => l.AccountId == accountId).MailClass))).ShouldBe("ups_ground");
    }

    [Fact]
    public async Task A_UPS_One_Balance_rate_for_a_USPS_mail_class_is_refused_too()
    {
        var (api, accountId) = await ConnectedAsync("ups_one_balance");

        var response = await api.PostAsJsonAsync(Url(accountId, "rates"), new { from_zip = "10001", to_zip = "94105", weight_oz = 24, mail_class = "PRIORITY_MAIL" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("mail_class", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task A_UPS_One_Balance_account_has_no_End_of_Day_form_and_says_so()
    {
        var (api, accountId) = await ConnectedAsync("ups_one_balance");
        (await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label("ups_ground"))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await api.PostAsJsonAsync(Url(accountId, "end-of-day"), new { });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("UPS One Balance has no End of Day form");
        var carriers = await api.GetFromJsonAsync<JsonElement>("/api/v1/carriers");
        var ups = carriers.EnumerateArray().First(c => c.GetProperty("code").GetString() == "ups_one_balance");
        ups.GetProperty("operations").EnumerateArray().Select(o => o.GetString()).ShouldNotContain("end_of_day");
    }

    [Theory]
    [InlineData("stamps", "PRIORITY_MAIL", HttpStatusCode.Created)]
    [InlineData("stamps", "usps_priority_mail", HttpStatusCode.Created)]
    [InlineData("stamps", "ups_ground", HttpStatusCode.BadRequest)]
    public async Task One_Balance_keeps_USPS_mail_classes_and_refuses_UPS_services(string carrier, string mailClass, HttpStatusCode expected)
    {
        var (api, accountId) = await ConnectedAsync(carrier);

        var response = await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label(mailClass));

        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_USPS_account_refuses_a_UPS_service()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var accountId = await merchant.ConnectUspsAsync(await Stack.CreateUspsCustomerAsync());
        using var api = merchant.Api();

        var response = await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label("ups_next_day_air"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("mail_class")[0].GetString()!.ShouldContain("PRIORITY_MAIL (Priority Mail)");
    }

    private async Task<(HttpClient Api, Guid AccountId)> ConnectedAsync(string carrier)
    {
        var merchant = await Stack.CreateMerchantAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync(), carrier);
        return (merchant.Api(), accountId);
    }

    private static string Url(Guid accountId, string path) => $"/api/v1/carrier-accounts/{accountId}/{path}";
}
