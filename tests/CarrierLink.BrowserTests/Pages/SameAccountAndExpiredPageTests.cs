using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.BrowserTests.Support;
using CarrierLink.Tests.Support;
using Microsoft.Playwright;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace CarrierLink.BrowserTests.Pages;

/// <summary>
/// Issue 9, defect 9, in Chromium: the same USPS login connected twice is named (and the new one
/// removed in a click); reloading the sign-in's return shows the account, not an error; a form
/// whose anti-forgery token went stale says the page expired; One Balance Add asks before a second
/// connection to the same username.
/// </summary>
public sealed class SameAccountAndExpiredPageTests(SqliteStack stack, Chromium chromium) : BrowserTest(stack, chromium)
{
    [Fact]
    public async Task The_same_USPS_login_again_is_named_reload_shows_the_account_and_the_new_one_is_removed_in_a_click()
    {
        var (merchant, customer, _) = await Arrange.ConnectedUspsAsync(Stack, "Warehouse");
        using var api = merchant.Api();
        var created = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "usps", nickname = "Second Dock" });
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secondId = Guid.Parse(body.GetProperty("account").GetProperty("id").GetString()!);
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await page.GotoAsync(body.GetProperty("authorization_url").GetString()!);
        await t.SignInAndAuthorizeAtUspsAsync(customer);
        await t.Step("Go to CarrierLink: the Connected page names the account it duplicates", async () =>
        {
            await page.Link("Go to CarrierLink").ClickAsync();
            await Expect(page.Heading("Your USPS account is connected")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This is the same USPS account as Warehouse");
            await Expect(page.Link("Keep both")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("Back to the sign-in's return, then reload: still the connected account", async () =>
        {
            await page.GoBackAsync();
            await page.ReloadAsync();
            await Expect(page.Heading("Your USPS account is connected")).ToBeVisibleAsync();
            await Expect(page.GetByText("This sign-in link was already used")).ToHaveCountAsync(0);
        });
        await t.Step("Remove Second Dock", async () =>
        {
            await page.Button("Remove Second Dock").ClickAsync();
            await Expect(page.Heading("USPS Settings")).ToBeVisibleAsync();
        }, phone: true);

        (await Arrange.StateOfAsync(merchant, secondId)).ShouldBe("disconnected");
    }

    [Fact]
    public async Task A_stale_form_says_the_page_expired_and_One_Balance_Add_asks_before_adding_the_same_username()
    {
        var (merchant, customer, _) = await Arrange.ConnectedOneBalanceAsync(Stack, "stamps", "Front Desk");
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await t.Step("a form left open too long: This page expired", async () =>
        {
            await page.GotoAsync("/settings/one-balance/add");
            // What an expired or signed-out session leaves in the page: a token CarrierLink no longer accepts.
            await page.EvaluateAsync("() => document.querySelectorAll('input[name=__RequestVerificationToken]').forEach(i => i.value = 'expired')");
            await page.Field("Nickname").FillAsync("Stale");
            await page.Field("One Balance username").FillAsync("anyone");
            await page.Field("One Balance password").FillAsync("anything");
            var response = await page.RunAndWaitForResponseAsync(() => page.Button("Connect").ClickAsync(), r => r.Request.Method == "POST");
            response.Status.ShouldBe((int)HttpStatusCode.BadRequest);
            await Expect(page.Heading("This page expired")).ToBeVisibleAsync();
            await Expect(page.Link("Go back and try again")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("Add the same One Balance username again", async () =>
        {
            await page.GotoAsync("/settings/one-balance/add");
            await page.Field("Nickname").FillAsync("Back Office");
            await page.Field("One Balance username").FillAsync(customer.Username);
            await page.Field("One Balance password").FillAsync(customer.Password);
            await page.Button("Connect").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This is the same One Balance account as Front Desk");
        }, phone: true);
        await t.Step("Keep only Front Desk", async () =>
        {
            await page.Link("Keep only Front Desk").ClickAsync();
            await Expect(page.Heading("One Balance and Carriers")).ToBeVisibleAsync();
        });

        using var api = merchant.Api();
        (await api.GetFromJsonAsync<JsonElement>("/api/v1/carrier-accounts")).GetProperty("data").GetArrayLength().ShouldBe(1);
    }
}
