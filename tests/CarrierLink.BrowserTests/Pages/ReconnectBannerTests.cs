using System.Net.Http.Json;
using CarrierLink.BrowserTests.Support;
using CarrierLink.Tests.Support;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace CarrierLink.BrowserTests.Pages;

/// <summary>
/// Issue 9 as a merchant lives it: the reconnect prompt is a banner that leaves the page usable (the article's own way
/// back runs through it), a new break after Remind Me Later and a reconnect prompts again, and the Settings pages
/// confirm what cannot be undone (a One Balance password, removing an account).
/// </summary>
public sealed class ReconnectBannerTests(SqliteStack stack, Chromium chromium) : BrowserTest(stack, chromium)
{
    private const string Nickname = "My One Balance";

    /// <summary>Short, so a page made inert behind a modal fails the click in seconds instead of the default wait.</summary>
    private static readonly LocatorClickOptions Promptly = new() { Timeout = 5_000 };

    [Fact]
    public async Task The_green_Reconnect_on_One_Balance_and_Carriers_is_clickable_while_the_banner_asks_to_reconnect()
    {
        var (merchant, customer, accountId) = await Arrange.ConnectedOneBalanceAsync(Stack, "stamps", Nickname);
        await Arrange.PasswordChangedElsewhereAsync(Stack, merchant, customer, accountId, "Reset At Stamps 5");
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await t.Step("CarrierLink asks to reconnect One Balance", () => Expect(page.Prompt("One Balance")).ToBeVisibleAsync(), phone: true);
        await t.Step("go to One Balance and Carriers with the banner still shown", async () =>
        {
            await page.MainNav().Link("Settings").ClickAsync(Promptly);
            await page.GetByRole(AriaRole.Main).Link("Carrier Settings").ClickAsync(Promptly);
            await page.GetByRole(AriaRole.Main).Link("One Balance").ClickAsync(Promptly);
            await Expect(page.Heading("One Balance and Carriers")).ToBeVisibleAsync();
            await Expect(page.Prompt("One Balance")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("the banner has the article's buttons and Stamps.com's Forgot Password; nothing is inert", async () =>
        {
            var banner = page.Prompt("One Balance");
            await Expect(banner.Link("Reconnect")).ToHaveAttributeAsync("href", $"/settings/one-balance/{accountId}/reconnect");
            await Expect(banner.Button("Remind Me Later")).ToBeVisibleAsync();
            await Expect(banner.Link("Reset it at Stamps.com")).ToHaveAttributeAsync("href", new Uri(Stack.SandboxUrl, "stamps/forgot-password").ToString());
            (await page.Locator("[inert]").CountAsync()).ShouldBe(0);
        });
        await t.Step("click the green Reconnect of the account", async () =>
        {
            var reconnect = page.Section(Nickname).Link("Reconnect");
            await Expect(reconnect).ToHaveCSSAsync("background-color", "rgb(28, 124, 60)");
            await reconnect.ClickAsync(Promptly);
            await Expect(page.Heading($"Reconnect {Nickname}")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Main).Link("Reset it at Stamps.com")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("enter the new password and click Reconnect", async () =>
        {
            await page.Field("New One Balance password").FillAsync("Reset At Stamps 5");
            await page.Button("Reconnect").ClickAsync(Promptly);
            await Expect(page.Heading("Your One Balance account is reconnected")).ToBeVisibleAsync();
            await Expect(page.AnyPrompt()).ToHaveCountAsync(0);
        }, phone: true);

        (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task Navigation_and_Sign_out_work_while_the_banner_is_shown()
    {
        var (merchant, customer, accountId) = await Arrange.ConnectedUspsAsync(Stack);
        await BreakUspsAsync(merchant, customer, accountId);
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await t.Step("the banner shows under the header", async () =>
        {
            await Expect(page.Prompt("USPS")).ToBeVisibleAsync();
            await Expect(page.Prompt("USPS").Button("Reconnect")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("Ship in the navigation opens the Ship screen", async () =>
        {
            await page.MainNav().Link("Ship").ClickAsync(Promptly);
            await Expect(page.Heading("Ship")).ToBeVisibleAsync();
            await Expect(page.Prompt("USPS")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("Settings in the navigation opens Settings", async () =>
        {
            await page.MainNav().Link("Settings").ClickAsync(Promptly);
            await Expect(page.Heading("Settings")).ToBeVisibleAsync();
        });
        await t.Step("USPS Settings: the broken account's row carries its Reconnect", async () =>
        {
            await page.GetByRole(AriaRole.Main).Link("Carrier Settings").ClickAsync(Promptly);
            await page.GetByRole(AriaRole.Main).Link("USPS").ClickAsync(Promptly);
            await Expect(page.Row("Warehouse").Locator(".badge")).ToHaveTextAsync("Needs reconnecting");
            await Expect(page.Row("Warehouse").Button("Reconnect Warehouse")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("the account's page offers Reconnect next to Edit", async () =>
        {
            await page.GetByRole(AriaRole.Main).Link("Warehouse").ClickAsync(Promptly);
            await Expect(page.Heading("Warehouse")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Main).Button("Reconnect")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("Sign out signs out", async () =>
        {
            await page.Button("Sign out").ClickAsync(Promptly);
            await Expect(page.Heading("Sign in to CarrierLink")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task After_Remind_Me_Later_and_a_reconnect_the_next_break_shows_the_banner_again()
    {
        await Arrange.ConsentAutoReturnAsync(Stack, 60);
        var (merchant, customer, accountId) = await Arrange.ConnectedUspsAsync(Stack);
        await BreakUspsAsync(merchant, customer, accountId);
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await t.Step("click Remind Me Later", async () =>
        {
            await page.Prompt("USPS").Button("Remind Me Later").ClickAsync(Promptly);
            await Expect(page.AnyPrompt()).ToHaveCountAsync(0);
        });
        await t.Step("Settings > Carrier Settings > USPS > the account > Edit", async () =>
        {
            await page.MainNav().Link("Settings").ClickAsync(Promptly);
            await page.GetByRole(AriaRole.Main).Link("Carrier Settings").ClickAsync(Promptly);
            await page.GetByRole(AriaRole.Main).Link("USPS").ClickAsync(Promptly);
            await page.GetByRole(AriaRole.Main).Link("Warehouse").ClickAsync(Promptly);
            await page.Link("Edit").ClickAsync(Promptly);
            await Expect(page.Heading("Edit Warehouse")).ToBeVisibleAsync();
        });
        await t.Step("click Login in the Connection section", async () =>
        {
            await page.Section("Connection").Button("Login").ClickAsync(Promptly);
            await Expect(page.Heading("Sign in to USPS.com")).ToBeVisibleAsync();
        });
        await t.SignInAndAuthorizeAtUspsAsync(customer);
        await t.Step("click Go to CarrierLink", async () =>
        {
            await page.Link("Go to CarrierLink").ClickAsync();
            await Expect(page.Heading("Your USPS account is reconnected")).ToBeVisibleAsync();
        });

        await BreakUspsAsync(merchant, customer, accountId);
        await t.Step("the account breaks again and the banner asks again", async () =>
        {
            await page.MainNav().Link("Home").ClickAsync(Promptly);
            await Expect(page.Prompt("USPS")).ToBeVisibleAsync();
            await Expect(page.Prompt("USPS")).ToContainTextAsync("Warehouse");
            await Expect(page.Prompt("USPS").Button("Reconnect")).ToBeFocusedAsync();
        }, phone: true);
        await t.Step("the page behind it stays usable", async () =>
        {
            await page.MainNav().Link("Settings").ClickAsync(Promptly);
            await Expect(page.Heading("Settings")).ToBeVisibleAsync();
            await Expect(page.Prompt("USPS")).ToBeVisibleAsync();
            // Focus went to the banner once, for this break; later pages keep it where the person is.
            await Expect(page.Prompt("USPS").Button("Reconnect")).Not.ToBeFocusedAsync();
        });

        (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("needs_reconnect");
    }

    [Fact]
    public async Task Set_your_One_Balance_Password_shows_a_mismatch_next_to_the_confirmation_and_shows_the_password_on_request()
    {
        var (merchant, customer, accountId) = await Arrange.ConnectedOneBalanceAsync(Stack, "stamps", Nickname);
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await t.Step("open Set your One Balance Password", async () =>
        {
            await page.GotoAsync($"/settings/one-balance/{accountId}/passwords");
            await page.Link("Set your One Balance Password").ClickAsync();
            await Expect(page.Heading("Set your One Balance Password")).ToBeVisibleAsync();
        });
        var toggle = page.Button("Show password");
        await t.Step("type the new password twice, the second time wrong", async () =>
        {
            await page.Field("New password").FillAsync("Good New Password 7");
            await page.Field("Confirm new password").FillAsync("Good New Pasword 7");
            await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        }, phone: true);
        await t.Step("press Show password with the keyboard to check what was typed", async () =>
        {
            await toggle.FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(page.Field("New password")).ToHaveAttributeAsync("type", "text");
            await Expect(page.Field("Confirm new password")).ToHaveAttributeAsync("type", "text");
            await page.Keyboard.PressAsync("Space");
            await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
            await Expect(page.Field("New password")).ToHaveAttributeAsync("type", "password");
        }, phone: true);
        await t.Step("click Set Password and read the error next to the confirmation", async () =>
        {
            await page.Button("Set Password").ClickAsync();
            var confirm = page.Field("Confirm new password");
            await Expect(confirm).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(confirm).ToBeFocusedAsync();
            await Expect(page.Locator("#confirm-error")).ToHaveTextAsync("The two passwords do not match. Type the same new password in both fields.");
            // Right under the field it is about.
            var field = await confirm.BoundingBoxAsync();
            var error = await page.Locator("#confirm-error").BoundingBoxAsync();
            (error!.Y - (field!.Y + field.Height)).ShouldBeInRange(0, 24);
        }, phone: true);

        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", Arrange.Rates)).StatusCode
            .ShouldBe(System.Net.HttpStatusCode.OK, "the Stamps.com password must not have changed");
        _ = customer;
    }

    [Fact]
    public async Task Remove_account_asks_for_confirmation_and_says_what_is_kept()
    {
        var (merchant, _, accountId) = await Arrange.ConnectedUspsAsync(Stack);
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await t.Step("open Edit of the account", async () =>
        {
            await page.GotoAsync($"/settings/carriers/usps/accounts/{accountId}/edit");
            await Expect(page.Heading("Edit Warehouse")).ToBeVisibleAsync();
        });
        await t.Step("click Remove account and read what is kept", async () =>
        {
            await page.GetByRole(AriaRole.Main).Link("Remove account").ClickAsync();
            await Expect(page.Heading("Remove Warehouse?")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("What is kept");
            await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("history stays readable");
        }, phone: true);
        (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("connected");
        await t.Step("click Remove Warehouse", async () =>
        {
            await page.Button("Remove Warehouse").ClickAsync();
            await Expect(page.Heading("USPS Settings")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("removed");
            await Expect(page.Row("Warehouse")).ToHaveCountAsync(0);
        }, phone: true);

        (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("disconnected");
    }

    /// <summary>USPS stops accepting the grant, and the next rates call finds out.</summary>
    private async Task BreakUspsAsync(TestMerchant merchant, SandboxCustomer customer, Guid accountId)
    {
        await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);
        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", Arrange.Rates)).StatusCode.ShouldBe(System.Net.HttpStatusCode.FailedDependency);
    }
}
