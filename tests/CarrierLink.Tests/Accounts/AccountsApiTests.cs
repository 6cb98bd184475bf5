using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Accounts;

/// <summary>The contract's carriers and carrier-accounts endpoints: shapes, errors, isolation, paging.</summary>
public abstract class AccountsApiTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task Carriers_lists_every_carrier_code_with_its_connect_method()
    {
        using var api = (await Stack.CreateMerchantAsync()).Api();
        var carriers = await api.GetFromJsonAsync<JsonElement>("/api/v1/carriers");
        var byCode = carriers.EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!);
        byCode.Keys.ShouldBe(["usps", "ups", "fedex", "stamps", "ups_one_balance"], ignoreOrder: true);
        byCode["usps"].GetProperty("connect_method").GetString().ShouldBe("oauth");
        byCode["stamps"].GetProperty("connect_method").GetString().ShouldBe("password");
        byCode["ups_one_balance"].GetProperty("connect_method").GetString().ShouldBe("support_only");
        byCode["usps"].GetProperty("operations").EnumerateArray().Select(o => o.GetString()).ShouldContain("labels");
    }

    [Fact]
    public async Task Requests_without_a_valid_key_get_a_401_problem()
    {
        using var anonymous = new HttpClient { BaseAddress = Stack.WebUrl };
        var none = await anonymous.GetAsync("/api/v1/carrier-accounts");
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "cl_not-a-real-key");
        var wrong = await anonymous.GetAsync("/api/v1/carrier-accounts");

        foreach (var response in new[] { none, wrong })
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
    }

    [Fact]
    public async Task Another_merchants_account_answers_404_exactly_like_a_missing_one()
    {
        var owner = await Stack.CreateMerchantAsync();
        var other = await Stack.CreateMerchantAsync();
        using var ownerApi = owner.Api();
        using var otherApi = other.Api();
        var created = await ownerApi.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "usps", nickname = "Mine" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetString();

        var attempts = new Func<string, Task<HttpResponseMessage>>[]
        {
            target => otherApi.GetAsync($"/api/v1/carrier-accounts/{target}"),
            target => otherApi.PatchAsJsonAsync($"/api/v1/carrier-accounts/{target}", new { nickname = "Stolen" }),
            target => otherApi.DeleteAsync($"/api/v1/carrier-accounts/{target}"),
            target => otherApi.PostAsync($"/api/v1/carrier-accounts/{target}/reconnect", null),
            target => otherApi.GetAsync($"/api/v1/carrier-accounts/{target}/events"),
        };
        foreach (var attempt in attempts)
        {
            var foreign = await attempt(id!);
            var missing = await attempt(Guid.NewGuid().ToString());
            foreign.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            WithoutTraceId(await foreign.Content.ReadAsStringAsync()).ShouldBe(WithoutTraceId(await missing.Content.ReadAsStringAsync()));
        }
        (await otherApi.GetFromJsonAsync<JsonElement>("/api/v1/carrier-accounts")).GetProperty("data").GetArrayLength().ShouldBe(0);
        (await ownerApi.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{id}")).GetProperty("nickname").GetString().ShouldBe("Mine");
    }

    [Theory]
    [InlineData("""{"carrier":"dhl","nickname":"x"}""", "carrier")]
    [InlineData("""{"carrier":"usps"}""", "nickname")]
    [InlineData("""{"carrier":"usps","nickname":"   "}""", "nickname")]
    [InlineData("""{"carrier":"ups","nickname":"No number"}""", "shipper_number")]
    [InlineData("""{"carrier":"fedex","nickname":"No number"}""", "account_number")]
    [InlineData("""{"carrier":"usps","nickname":""" + "\"" + "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789X" + "\"" + """}""", "nickname")]
    [InlineData("""{"carrier":"usps",""", "body")]
    [InlineData("""[1,2,3]""", "body")]
    public async Task Creating_an_account_with_bad_input_names_the_field(string json, string field)
    {
        using var api = (await Stack.CreateMerchantAsync()).Api();
        var response = await api.PostAsync("/api/v1/carrier-accounts", new StringContent(json, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("type").GetString().ShouldBe("validation");
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
        (await api.GetFromJsonAsync<JsonElement>("/api/v1/carrier-accounts")).GetProperty("data").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Patch_changes_nickname_and_settings_and_rejects_non_object_settings()
    {
        using var api = (await Stack.CreateMerchantAsync()).Api();
        var id = await CreateAsync(api, "Before");

        var ok = await api.PatchAsJsonAsync($"/api/v1/carrier-accounts/{id}", new { nickname = "After", settings = new { label_format = "4x6" } });
        var bad = await api.PatchAsync($"/api/v1/carrier-accounts/{id}", new StringContent("""{"settings":[1]}""", Encoding.UTF8, "application/json"));
        var empty = await api.PatchAsync($"/api/v1/carrier-accounts/{id}", new StringContent("{}", Encoding.UTF8, "application/json"));

        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("settings", out _).ShouldBeTrue();
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{id}");
        account.GetProperty("nickname").GetString().ShouldBe("After");
        account.GetProperty("settings").GetProperty("label_format").GetString().ShouldBe("4x6");
        var types = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{id}/events")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        types[0].ShouldBe("settings_changed");
        types.ShouldContain("renamed");
    }

    [Fact]
    public async Task The_account_shape_has_every_contract_field_and_no_secret()
    {
        using var api = (await Stack.CreateMerchantAsync()).Api();
        var id = await CreateAsync(api, "Shape");
        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{id}");
        string[] contract = ["id", "carrier", "nickname", "state", "state_reason", "state_changed_at", "snoozed_until", "carrier_account_ref", "settings", "last_success_at", "last_failure", "created_at", "updated_at"];
        // Added since the contract was written (names stay stable, fields are only added): the health engine's view.
        string[] added = ["state_reason_code", "health", "account_details_required"];
        account.EnumerateObject().Select(p => p.Name).ShouldBe([.. contract, .. added], ignoreOrder: true);
        account.GetProperty("health").EnumerateObject().Select(p => p.Name).ShouldBe(
            ["last_checked_at", "next_check_at", "next_check", "trouble_since", "transient_failures", "held_by_incident", "grant_expires_at"], ignoreOrder: true);
    }

    [Fact]
    public async Task Lists_page_with_limit_and_cursor_without_repeats()
    {
        using var api = (await Stack.CreateMerchantAsync()).Api();
        var created = new List<string>();
        for (var i = 0; i < 5; i++) created.Add(await CreateAsync(api, $"Account {i}"));

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}");
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next_cursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_cursor").GetString();
            pages++;
        } while (cursor is not null && pages < 10);

        pages.ShouldBe(3);
        seen.ShouldBe(created);
        (await api.GetAsync("/api/v1/carrier-accounts?limit=0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.GetAsync("/api/v1/carrier-accounts?limit=500")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.GetAsync("/api/v1/carrier-accounts?cursor=%%%")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.GetAsync("/api/v1/carrier-accounts?limit=abc")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Reconnect_of_a_removed_account_is_a_conflict()
    {
        using var api = (await Stack.CreateMerchantAsync()).Api();
        var id = await CreateAsync(api, "Removed");
        (await api.DeleteAsync($"/api/v1/carrier-accounts/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var reconnect = await api.PostAsync($"/api/v1/carrier-accounts/{id}/reconnect", null);

        reconnect.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await reconnect.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString().ShouldBe("account-disconnected");
    }

    private static string WithoutTraceId(string problem) =>
        System.Text.RegularExpressions.Regex.Replace(problem, "\"trace_id\":\"[^\"]*\"", "");

    private static async Task<string> CreateAsync(HttpClient api, string nickname)
    {
        var response = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "usps", nickname });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetString()!;
    }
}

public sealed class AccountsApiOnSqliteTests(SqliteStack fixture) : AccountsApiTests(fixture), IClassFixture<SqliteStack>;

public sealed class AccountsApiOnPostgresTests(PostgresStack fixture) : AccountsApiTests(fixture), IClassFixture<PostgresStack>;
