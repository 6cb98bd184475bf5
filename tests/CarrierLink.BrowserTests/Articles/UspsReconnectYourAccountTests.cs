using CarrierLink.BrowserTests.Support;
using CarrierLink.Tests.Support;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace CarrierLink.BrowserTests.Articles;

/// <summary>The help article "USPS: Reconnect Your Account", one test per section, clicked through in Chromium.</summary>
public sealed class UspsReconnectYourAccountTests(SqliteStack stack, Chromium chromium) : BrowserTest(stack, chromium)
{
    // Long enough that a screenshot never races the meta refresh; the automatic-return test sets its own.
    private const int ClickReturnSeconds = 60;
    private const int AutomaticReturnSeconds = 5;

    [Fact]
    public async Task When_CarrierLink_prompts_Reconnect_signs_in_at_USPS_com_and_Done_shows_the_account_Connected()
    {
        await Arrange.ConsentAutoReturnAsync(Stack, ClickReturnSeconds);
        var (merchant, customer, accountId) = await Arrange.ConnectedUspsAsync(Stack);
        await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await GetRatesUntilThePromptAsync(t);
        await t.Step("click Reconnect", async () =>
        {
            await page.Prompt("USPS").Button("Reconnect").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + Stack.SandboxUrl));
        }, phone: true);
        await t.SignInAndAuthorizeAtUspsAsync(customer, returnsAfterSeconds: ClickReturnSeconds);
        await t.Step("click Go to CarrierLink", async () =>
        {
            await page.Link("Go to CarrierLink").ClickAsync();
            await Expect(page.Heading("Your USPS account is reconnected")).ToBeVisibleAsync();
        }, phone: true);
        await DoneShowsConnectedAsync(t, "Warehouse");

        (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task When_Go_to_CarrierLink_is_not_clicked_USPS_com_returns_by_itself_after_a_few_seconds()
    {
        await Arrange.ConsentAutoReturnAsync(Stack, AutomaticReturnSeconds);
        try
        {
            var (merchant, customer, accountId) = await Arrange.ConnectedUspsAsync(Stack);
            await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);
            await using var t = await StartAsync();
            var page = t.Page;

            await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
            await GetRatesUntilThePromptAsync(t);
            await t.Step("click Reconnect", () => page.Prompt("USPS").Button("Reconnect").ClickAsync());
            await t.SignInAndAuthorizeAtUspsAsync(customer, returnsAfterSeconds: AutomaticReturnSeconds);
            await t.Step("wait without clicking until CarrierLink is back", () =>
                Expect(page.Heading("Your USPS account is reconnected")).ToBeVisibleAsync(new() { Timeout = 30_000 }), phone: true);
            await DoneShowsConnectedAsync(t, "Warehouse");

            (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("connected");
        }
        finally
        {
            await Arrange.ConsentAutoReturnAsync(Stack, ClickReturnSeconds);
        }
    }

    [Fact]
    public async Task Remind_Me_Later_hides_the_prompt_keeps_the_badge_and_Settings_Edit_Login_reconnects_later()
    {
        await Arrange.ConsentAutoReturnAsync(Stack, ClickReturnSeconds);
        var (merchant, customer, accountId) = await Arrange.ConnectedUspsAsync(Stack);
        await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await t.Step("create a label on the Ship screen", async () =>
        {
            await page.MainNav().Link("Ship").ClickAsync();
            await page.Button("Create label").ClickAsync();
            await Expect(page.Prompt("USPS")).ToBeVisibleAsync();
            await Expect(page.Prompt("USPS").Button("Remind Me Later")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("click Remind Me Later", async () =>
        {
            await page.Prompt("USPS").Button("Remind Me Later").ClickAsync();
            await Expect(page.Heading("Ship")).ToBeVisibleAsync();
            await Expect(page.AnyPrompt()).ToHaveCountAsync(0);
        });
        await t.Step("the Home page still shows the account needs reconnecting", async () =>
        {
            await page.MainNav().Link("Home").ClickAsync();
            await Expect(page.Row("Warehouse")).ToContainTextAsync("Needs reconnecting");
            await Expect(page.AnyPrompt()).ToHaveCountAsync(0);
        }, phone: true);
        await t.Step("go to Settings", async () =>
        {
            await page.MainNav().Link("Settings").ClickAsync();
            await Expect(page.Heading("Settings")).ToBeVisibleAsync();
        });
        await t.Step("select Carrier Settings", async () =>
        {
            await page.GetByRole(AriaRole.Main).Link("Carrier Settings").ClickAsync();
            await Expect(page.Heading("Carrier Settings")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("select USPS", async () =>
        {
            await page.GetByRole(AriaRole.Main).Link("USPS").ClickAsync();
            await Expect(page.Heading("USPS Settings")).ToBeVisibleAsync();
            await Expect(page.Row("Warehouse")).ToContainTextAsync("Needs reconnecting");
        }, phone: true);
        await t.Step("select the account", async () =>
        {
            await page.Link("Warehouse").ClickAsync();
            await Expect(page.Heading("Warehouse")).ToBeVisibleAsync();
        });
        await t.Step("click Edit", async () =>
        {
            await page.Link("Edit").ClickAsync();
            await Expect(page.Heading("Edit Warehouse")).ToBeVisibleAsync();
            await Expect(page.Section("Connection").Button("Login")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("click Login in the Connection section", async () =>
        {
            await page.Section("Connection").Button("Login").ClickAsync();
            await Expect(page.Heading("Sign in to USPS.com")).ToBeVisibleAsync();
        });
        await t.SignInAndAuthorizeAtUspsAsync(customer);
        await t.Step("click Go to CarrierLink", async () =>
        {
            await page.Link("Go to CarrierLink").ClickAsync();
            await Expect(page.Heading("Your USPS account is reconnected")).ToBeVisibleAsync();
        });
        await DoneShowsConnectedAsync(t, "Warehouse");

        (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task Adding_a_new_USPS_account_uses_the_same_USPS_com_sign_in()
    {
        await Arrange.ConsentAutoReturnAsync(Stack, ClickReturnSeconds);
        var merchant = await Stack.CreateMerchantAsync("Harbor Goods");
        var customer = await Stack.CreateUspsCustomerAsync();
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await t.Step("go to Settings then Carrier Settings then USPS", async () =>
        {
            await page.MainNav().Link("Settings").ClickAsync();
            await page.GetByRole(AriaRole.Main).Link("Carrier Settings").ClickAsync();
            await page.GetByRole(AriaRole.Main).Link("USPS").ClickAsync();
            await Expect(page.Heading("USPS Settings")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("click Add account", async () =>
        {
            await page.Link("Add account").ClickAsync();
            await Expect(page.Heading("Add a USPS account")).ToBeVisibleAsync();
        });
        await t.Step("name the account", () => page.Field("Nickname").FillAsync("Back Office"), phone: true);
        await t.Step("click Continue to USPS", async () =>
        {
            await page.Button("Continue to USPS").ClickAsync();
            await Expect(page.Heading("Sign in to USPS.com")).ToBeVisibleAsync();
        });
        await t.SignInAndAuthorizeAtUspsAsync(customer);
        await t.Step("click Go to CarrierLink", async () =>
        {
            await page.Link("Go to CarrierLink").ClickAsync();
            await Expect(page.Heading("Your USPS account is connected")).ToBeVisibleAsync();
        }, phone: true);
        await DoneShowsConnectedAsync(t, "Back Office");
    }

    /// <summary>The article's trigger: an operation (here: viewing rates on the Ship screen) meets a revoked grant.</summary>
    private static async Task GetRatesUntilThePromptAsync(BrowserRun t)
    {
        var page = t.Page;
        await t.Step("view USPS rates on the Ship screen", async () =>
        {
            await page.MainNav().Link("Ship").ClickAsync();
            await page.Button("Get rates").ClickAsync();
            await Expect(page.Locator("main [role=alert]")).ToContainTextAsync("no longer accepts");
        });
        await t.Step("CarrierLink prompts to reconnect", async () =>
        {
            var prompt = page.Prompt("USPS");
            await Expect(prompt).ToBeVisibleAsync();
            await Expect(prompt).ToContainTextAsync("Warehouse");
            await Expect(prompt.Button("Reconnect")).ToBeFocusedAsync();
            await Expect(prompt.Button("Remind Me Later")).ToBeVisibleAsync();
        }, phone: true);
    }

    private static async Task DoneShowsConnectedAsync(BrowserRun t, string nickname)
    {
        var page = t.Page;
        await t.Step("click Done", async () =>
        {
            await page.Link("Done").ClickAsync();
            await Expect(page.Heading("USPS Settings")).ToBeVisibleAsync();
            await Expect(page.Row(nickname).Locator(".badge")).ToHaveTextAsync("Connected");
            await Expect(page.AnyPrompt()).ToHaveCountAsync(0);
        }, phone: true);
    }
}
