using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Connect;

/// <summary>Flow A's connect and reconnect redirect dance, over real HTTP, on both stores.</summary>
public abstract class ConnectUspsAccountTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task Adding_a_USPS_account_through_sign_in_and_consent_connects_it()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        var settings = await browser.GetAsync("/settings");
        var carrierSettings = await browser.FollowLinkAsync(settings, "Carrier Settings");
        var usps = await browser.FollowLinkAsync(carrierSettings, "USPS");
        usps.Heading.ShouldBe("USPS Settings");
        var add = await browser.FollowLinkAsync(usps, "Add account");
        var signIn = await browser.SubmitAsync(add, "form", new() { ["nickname"] = "Main warehouse" }, "Continue to USPS");
        signIn.Url.Authority.ShouldBe(Stack.SandboxUrl.Authority, "Add account must send the merchant to USPS.com");

        var connected = await UspsSite.AuthorizeAndReturnAsync(browser, signIn, customer);
        connected.Heading.ShouldBe("Your USPS account is connected");
        var back = await browser.FollowLinkAsync(connected, "Done");
        back.Heading.ShouldBe("USPS Settings");
        var row = back.Document.QuerySelectorAll("tr").Single(r => r.TextContent.Contains("Main warehouse"));
        row.TextContent.ShouldContain("Connected");

        using var api = merchant.Api();
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/carrier-accounts");
        var account = list.GetProperty("data").EnumerateArray().Single();
        account.GetProperty("state").GetString().ShouldBe("connected");
        account.GetProperty("carrier").GetString().ShouldBe("usps");
        account.GetProperty("carrier_account_ref").GetString()!.ShouldStartWith("****" + customer.Crid[^4..]);
        account.GetProperty("carrier_account_ref").GetString()!.ShouldNotContain(customer.Crid);
        var events = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{account.GetProperty("id").GetString()}/events");
        events.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ShouldContain("connected");
    }

    [Fact]
    public async Task The_carrier_redirect_carries_a_fresh_state_and_no_PKCE_challenge_as_USPS_token_schema_takes_no_verifier()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var first = await CreateViaApiAsync(api, "One");
        var second = await CreateViaApiAsync(api, "Two");
        var q1 = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(first.AuthorizationUrl.Query);
        var q2 = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(second.AuthorizationUrl.Query);
        q1["wf"].ToString().ShouldBe("apis_merchant_user");
        q1["client_id"].ToString().ShouldBe(TestStack.ClientId);
        q1["redirect_uri"].ToString().ShouldBe(new Uri(Stack.WebUrl, "connect/usps/callback").ToString());
        q1.ContainsKey("code_challenge").ShouldBeFalse();
        Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(q1["state"].ToString()).Length.ShouldBe(32);
        q1["state"].ToString().ShouldNotBe(q2["state"].ToString());
        var stored = await Stack.WithDbAsync(db => db.OAuthStates.AsNoTracking().ToListAsync());
        stored.ShouldNotContain(s => s.StateHash == q1["state"].ToString(), "the state value itself is never stored");
    }

    [Fact]
    public async Task Unconfigured_every_OAuth_carrier_sends_PKCE_exactly_when_its_catalogue_entry_says_the_carrier_takes_it()
    {
        await using (var scope = Stack.Services.CreateAsyncScope())
        {
            var clients = scope.ServiceProvider.GetServices<IOAuthCarrierClient>().ToList();
            clients.ShouldNotBeEmpty();
            foreach (var client in clients) client.UsesPkce.ShouldBe(CarrierCatalog.Find(client.Carrier)!.AcceptsPkce, client.Carrier);
        }
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();

        var created = await CreateViaApiAsync(api, "Catalogue");

        var accepts = CarrierCatalog.Find(CarrierCodes.Usps)!.AcceptsPkce;
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(created.AuthorizationUrl.Query);
        query.ContainsKey("code_challenge").ShouldBe(accepts);
        var state = await Stack.WithDbAsync(db => db.OAuthStates.AsNoTracking().SingleAsync(s => s.AccountId == created.Id));
        (state.CodeVerifierCipher is not null).ShouldBe(accepts);
    }

    [Fact]
    public async Task Declining_consent_changes_nothing_and_says_so_in_the_timeline()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        using var api = merchant.Api();
        var created = await CreateViaApiAsync(api, "Declined");
        using var browser = await merchant.SignedInBrowserAsync();

        var signIn = await browser.GetAsync(created.AuthorizationUrl);
        var consent = await UspsSite.SignInAsync(browser, signIn, customer);
        var page = await browser.SubmitAsync(consent, "form", new(), "Decline");

        page.Url.AbsolutePath.ShouldBe("/connect/usps/callback");
        page.Status.ShouldBe(HttpStatusCode.BadRequest);
        page.Heading.ShouldBe("You did not authorize CarrierLink");
        page.Link("Back to USPS Settings").ShouldNotBeNull();
        (await api.StateOfAsync(created.Id)).ShouldBe("pending");
        (await api.EventTypesAsync(created.Id)).ShouldContain("connect_declined");
        (await Stack.CredentialAsync(created.Id)).ShouldBeNull();
    }

    [Fact]
    public async Task Back_or_reload_after_connecting_shows_the_connected_account_and_changes_nothing()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        using var api = merchant.Api();
        var created = await CreateViaApiAsync(api, "Replay");
        using var browser = await merchant.SignedInBrowserAsync();

        var done = await UspsSite.AuthorizeAsync(browser, await browser.GetAsync(created.AuthorizationUrl), customer);
        var callbackUrl = new Uri(done.Url, done.Link("Go to CarrierLink")!.GetAttribute("href"));
        (await browser.GetAsync(callbackUrl)).Heading.ShouldBe("Your USPS account is connected");
        var before = await Stack.CredentialAsync(created.Id);

        var reload = await browser.GetAsync(callbackUrl);

        reload.Status.ShouldBe(HttpStatusCode.OK);
        reload.Heading.ShouldBe("Your USPS account is connected");
        reload.Url.AbsolutePath.ShouldBe($"/settings/carriers/usps/accounts/{created.Id}/connected");
        (await api.StateOfAsync(created.Id)).ShouldBe("connected");
        (await Stack.CredentialAsync(created.Id))!.AccessTokenCipher.ShouldBe(before!.AccessTokenCipher);
        (await api.EventTypesAsync(created.Id)).ShouldNotContain("connect_refused");
    }

    [Fact]
    public async Task A_callback_replayed_with_a_used_state_while_the_account_is_not_connected_is_refused_without_a_state_change()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        using var api = merchant.Api();
        var created = await CreateViaApiAsync(api, "Replay Broken");
        using var browser = await merchant.SignedInBrowserAsync();
        var done = await UspsSite.AuthorizeAsync(browser, await browser.GetAsync(created.AuthorizationUrl), customer);
        var callbackUrl = new Uri(done.Url, done.Link("Go to CarrierLink")!.GetAttribute("href"));
        (await browser.GetAsync(callbackUrl)).Heading.ShouldBe("Your USPS account is connected");
        await Stack.RevokeGrantInstantlyAsync(customer);
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{created.Id}/rates", ShippingBodies.Rates)).IsSuccessStatusCode.ShouldBeFalse();
        (await api.StateOfAsync(created.Id)).ShouldBe("needs_reconnect");
        var before = await Stack.CredentialAsync(created.Id);

        var replay = await browser.GetAsync(callbackUrl);

        replay.Status.ShouldBe(HttpStatusCode.BadRequest);
        replay.Heading.ShouldBe("This sign-in link was already used");
        (await api.StateOfAsync(created.Id)).ShouldBe("needs_reconnect");
        (await Stack.CredentialAsync(created.Id))!.AccessTokenCipher.ShouldBe(before!.AccessTokenCipher);
        (await api.EventTypesAsync(created.Id)).ShouldContain("connect_refused");
    }

    [Fact]
    public async Task An_unknown_or_missing_state_gets_a_friendly_page()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        var unknown = await browser.GetAsync("/connect/usps/callback?code=abc&state=not-a-state-we-issued");
        var missing = await browser.GetAsync("/connect/usps/callback?code=abc");

        unknown.Heading.ShouldBe("This sign-in cannot be finished");
        missing.Heading.ShouldBe("This sign-in cannot be finished");
        unknown.Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_state_issued_to_another_merchant_is_not_recognised()
    {
        var owner = await Stack.CreateMerchantAsync();
        var intruder = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        using var ownerApi = owner.Api();
        var created = await CreateViaApiAsync(ownerApi, "Not yours");
        using var intruderBrowser = await intruder.SignedInBrowserAsync();

        var done = await UspsSite.AuthorizeAsync(intruderBrowser, await intruderBrowser.GetAsync(created.AuthorizationUrl), customer);
        var page = await intruderBrowser.FollowLinkAsync(done, "Go to CarrierLink");

        page.Heading.ShouldBe("This sign-in cannot be finished");
        (await ownerApi.StateOfAsync(created.Id)).ShouldBe("pending");
    }

    [Fact]
    public async Task A_carrier_outage_during_the_code_exchange_changes_nothing()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        using var api = merchant.Api();
        var created = await CreateViaApiAsync(api, "Outage");
        using var browser = await merchant.SignedInBrowserAsync();
        var done = await UspsSite.AuthorizeAsync(browser, await browser.GetAsync(created.AuthorizationUrl), customer);

        var fault = await Stack.Control.PostAsJsonAsync("/_control/faults", new { carrier = "usps", endpoint = "POST /oauth2/v3/token", status = 503, rate = 1.0 });
        fault.StatusCode.ShouldBe(HttpStatusCode.Created);
        try
        {
            var page = await browser.FollowLinkAsync(done, "Go to CarrierLink");
            page.Heading.ShouldBe("USPS is having trouble");
        }
        finally
        {
            (await Stack.Control.DeleteAsync("/_control/faults")).EnsureSuccessStatusCode();
        }
        (await api.StateOfAsync(created.Id)).ShouldBe("pending");
        (await Stack.CredentialAsync(created.Id)).ShouldBeNull();
        (await api.EventTypesAsync(created.Id)).ShouldContain("connect_failed");
    }

    [Fact]
    public async Task Reconnecting_through_the_API_link_keeps_the_account_and_renews_its_tokens()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        using var api = merchant.Api();
        var accountId = await merchant.ConnectUspsAsync(customer, "Keep me");
        (await api.PatchAsJsonAsync($"/api/v1/carrier-accounts/{accountId}", new { settings = new { default_mail_class = "PRIORITY_MAIL" } })).EnsureSuccessStatusCode();
        var before = await Stack.CredentialAsync(accountId);

        var reconnect = await api.PostAsync($"/api/v1/carrier-accounts/{accountId}/reconnect", null);
        reconnect.StatusCode.ShouldBe(HttpStatusCode.OK);
        var url = (await reconnect.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authorization_url").GetString()!;
        using var browser = await merchant.SignedInBrowserAsync();
        var page = await UspsSite.AuthorizeAndReturnAsync(browser, await browser.GetAsync(url), customer);

        page.Heading.ShouldBe("Your USPS account is reconnected");
        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}");
        account.GetProperty("nickname").GetString().ShouldBe("Keep me");
        account.GetProperty("settings").GetProperty("default_mail_class").GetString().ShouldBe("PRIORITY_MAIL");
        (await Stack.CredentialAsync(accountId))!.RefreshTokenCipher.ShouldNotBe(before!.RefreshTokenCipher);
    }

    [Fact]
    public async Task Login_on_the_Edit_screen_runs_the_same_sign_in()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer, "Settings path");
        using var browser = await merchant.SignedInBrowserAsync();

        var usps = await browser.FollowLinkAsync(await browser.FollowLinkAsync(await browser.GetAsync("/settings"), "Carrier Settings"), "USPS");
        var accountPage = await browser.FollowLinkAsync(usps, "Settings path");
        var edit = await browser.FollowLinkAsync(accountPage, "Edit");
        edit.Document.QuerySelector("#connection-heading")!.TextContent.ShouldBe("Connection");
        var signIn = await browser.SubmitAsync(edit, "form", new(), "Login");
        var page = await UspsSite.AuthorizeAndReturnAsync(browser, signIn, customer);

        page.Heading.ShouldBe("Your USPS account is reconnected");
        (await browser.FollowLinkAsync(page, "Done")).Heading.ShouldBe("USPS Settings");
        var timeline = await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}");
        timeline.Text.ShouldContain("reauthorized");
    }

    [Fact]
    public async Task Deleting_an_account_revokes_the_grant_at_USPS_and_wipes_the_credentials()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        using var api = merchant.Api();
        var accountId = await merchant.ConnectUspsAsync(customer, "Going away");
        var refreshToken = Stack.Decrypt((await Stack.CredentialAsync(accountId))!.RefreshTokenCipher!);

        (await api.DeleteAsync($"/api/v1/carrier-accounts/{accountId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await Stack.CredentialAsync(accountId)).ShouldBeNull();
        (await api.StateOfAsync(accountId)).ShouldBe("disconnected");
        (await api.EventTypesAsync(accountId)).ShouldContain("revoked");
        var refresh = await Stack.Control.PostAsync("/oauth2/v3/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken,
            ["client_id"] = TestStack.ClientId, ["client_secret"] = TestStack.ClientSecret,
        }));
        refresh.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "USPS must no longer honour the revoked refresh token");
        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/carrier-accounts");
        list.GetProperty("data").EnumerateArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task No_token_is_stored_in_plaintext()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer, "Secret keeper");
        var credential = (await Stack.CredentialAsync(accountId))!;
        var accessToken = Stack.Decrypt(credential.AccessTokenCipher!);
        var refreshToken = Stack.Decrypt(credential.RefreshTokenCipher!);
        accessToken.Length.ShouldBeGreaterThan(20);

        var everything = await Stack.WithDbAsync(async db => string.Join("\n",
            (await db.CarrierCredentials.AsNoTracking().ToListAsync()).SelectMany(c => new[] { c.AccessTokenCipher, c.RefreshTokenCipher })
            .Concat((await db.OAuthStates.AsNoTracking().ToListAsync()).Select(s => s.CodeVerifierCipher))));
        everything.ShouldNotContain(accessToken);
        everything.ShouldNotContain(refreshToken);
        if (Stack.Database.SqlitePath is { } path)
        {
            foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
            {
                var bytes = System.Text.Encoding.Latin1.GetString(await ReadSharedAsync(file));
                bytes.ShouldNotContain(accessToken[^24..]);
                bytes.ShouldNotContain(refreshToken);
            }
        }
        using var api = merchant.Api();
        var json = await api.GetStringAsync($"/api/v1/carrier-accounts/{accountId}");
        json.ShouldNotContain(refreshToken);
        json.ShouldNotContain(accessToken[^24..]);
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }

    private static async Task<(Guid Id, Uri AuthorizationUrl)> CreateViaApiAsync(HttpClient api, string nickname)
    {
        var response = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "usps", nickname });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("account").GetProperty("state").GetString().ShouldBe("pending");
        return (Guid.Parse(body.GetProperty("account").GetProperty("id").GetString()!), new Uri(body.GetProperty("authorization_url").GetString()!));
    }
}

public sealed class ConnectUspsAccountOnSqliteTests(SqliteStack fixture) : ConnectUspsAccountTests(fixture), IClassFixture<SqliteStack>;

public sealed class ConnectUspsAccountOnPostgresTests(PostgresStack fixture) : ConnectUspsAccountTests(fixture), IClassFixture<PostgresStack>;
