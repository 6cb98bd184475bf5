using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Security;

/// <summary>Issue 13, finding 9: API keys can be listed, created, revoked and rotated (the RevokedAt column was never set).</summary>
public abstract class ApiKeyManagementTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_merchant_lists_creates_and_revokes_keys_and_a_revoked_key_stops_at_once()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();

        var created = await api.PostAsJsonAsync("/api/v1/api-keys", new { name = "Warehouse PC" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var newKey = body.GetProperty("api_key").GetString()!;
        var newId = body.GetProperty("key").GetProperty("id").GetString();
        using var warehouse = KeyClient(newKey);
        (await warehouse.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/api-keys");
        var rows = list.GetProperty("data").EnumerateArray().ToList();
        rows.Count.ShouldBe(2);
        list.GetRawText().ShouldNotContain(newKey, Case.Sensitive, "a key's value shows only when it is made");
        rows.Single(r => r.GetProperty("id").GetString() == newId).GetProperty("last_used_at").ValueKind.ShouldBe(JsonValueKind.String);

        (await api.DeleteAsync($"/api/v1/api-keys/{newId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await warehouse.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "revoked on this node: stopped at once");
        (await api.DeleteAsync($"/api/v1/api-keys/{newId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "revoked already");
        var after = await api.GetFromJsonAsync<JsonElement>("/api/v1/api-keys");
        after.GetProperty("data").EnumerateArray().Single(r => r.GetProperty("id").GetString() == newId).GetProperty("active").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task A_key_revoked_on_one_node_stops_on_another_within_the_cache_time()
    {
        var merchant = await Stack.CreateMerchantAsync();
        await using var other = await Stack.StartAnotherNodeAsync();
        using var onOther = other.Api(merchant);
        (await onOther.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.OK, "the other node caches the key");
        using var api = merchant.Api();
        var keys = await api.GetFromJsonAsync<JsonElement>("/api/v1/api-keys");
        var id = keys.GetProperty("data").EnumerateArray().Single().GetProperty("id").GetString();

        (await api.DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        Stack.Clock.Advance(TimeSpan.FromSeconds(6));

        (await onOther.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Rotating_a_key_gives_a_new_one_and_the_old_one_works_until_the_grace_period_ends()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var id = (await api.GetFromJsonAsync<JsonElement>("/api/v1/api-keys")).GetProperty("data").EnumerateArray().Single().GetProperty("id").GetString();

        (await api.PostAsJsonAsync($"/api/v1/api-keys/{id}/rotate", new { grace_hours = 999 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var rotated = await api.PostAsJsonAsync($"/api/v1/api-keys/{id}/rotate", new { grace_hours = 2 });
        rotated.StatusCode.ShouldBe(HttpStatusCode.Created);
        using var fresh = KeyClient((await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("api_key").GetString()!);

        Stack.Clock.Advance(TimeSpan.FromHours(1));
        (await api.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.OK, "the old key within its grace period");
        Stack.Clock.Advance(TimeSpan.FromHours(1.1));
        (await api.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the old key after it");
        (await fresh.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_merchants_key_cannot_be_revoked_and_a_name_is_required()
    {
        var owner = await Stack.CreateMerchantAsync();
        var other = await Stack.CreateMerchantAsync();
        using var ownerApi = owner.Api();
        using var otherApi = other.Api();
        var id = (await ownerApi.GetFromJsonAsync<JsonElement>("/api/v1/api-keys")).GetProperty("data").EnumerateArray().Single().GetProperty("id").GetString();

        (await otherApi.DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherApi.PostAsJsonAsync($"/api/v1/api-keys/{id}/rotate", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var unnamed = await otherApi.PostAsJsonAsync("/api/v1/api-keys", new { name = " " });
        unnamed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unnamed.Content.ReadAsStringAsync()).ShouldContain("name");
        (await ownerApi.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_api_keys_page_creates_a_key_shown_once_and_revokes_it()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        var created = await browser.SubmitAsync(await browser.GetAsync("/settings/api-keys"), "form[action*='Create']", new() { ["name"] = "Label printer" }, "Create key");
        var key = created.Document.QuerySelector(".new-api-key")!.TextContent.Trim();
        using (var printer = KeyClient(key)) (await printer.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var list = await browser.GetAsync("/settings/api-keys");
        list.Text.ShouldContain("Label printer");
        list.Text.ShouldNotContain(key);

        var row = list.Document.QuerySelectorAll("tr[data-key]").Single(r => r.TextContent.Contains("Label printer"));
        var revoked = await browser.SubmitAsync(list, "form[action*='Revoke']", new() { ["key"] = row.GetAttribute("data-key")! }, "Revoke");

        revoked.Text.ShouldContain("The key is revoked");
        using (var printer = KeyClient(key)) (await printer.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private HttpClient KeyClient(string key)
    {
        var client = new HttpClient { BaseAddress = Stack.WebUrl };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}

public sealed class ApiKeyManagementOnSqliteTests(SqliteStack fixture) : ApiKeyManagementTests(fixture), IClassFixture<SqliteStack>;

public sealed class ApiKeyManagementOnPostgresTests(PostgresStack fixture) : ApiKeyManagementTests(fixture), IClassFixture<PostgresStack>;
