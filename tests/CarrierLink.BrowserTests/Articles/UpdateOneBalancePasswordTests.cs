using System.Text.RegularExpressions;
using CarrierLink.BrowserTests.Support;
using CarrierLink.Tests.Support;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace CarrierLink.BrowserTests.Articles;

/// <summary>The help article "Update One Balance Account Password", one test per section, clicked through in Chromium.</summary>
public sealed partial class UpdateOneBalancePasswordTests(SqliteStack stack, Chromium chromium) : BrowserTest(stack, chromium)
{
    private const string Nickname = "My One Balance";

    [Fact]
    public async Task Manage_Passwords_shows_the_rule_a_weak_password_breaks_then_Set_Password_changes_it_and_keeps_the_connection()
    {
        var (merchant, _, accountId) = await Arrange.ConnectedOneBalanceAsync(Stack, "stamps", Nickname);
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await GoToOneBalanceAndCarriersAsync(t, "One Balance");
        await t.Step("click Manage Passwords", async () =>
        {
            await page.Section(Nickname).Link("Manage Passwords").ClickAsync();
            await Expect(page.Heading("Manage Passwords")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("click Set your One Balance Password", async () =>
        {
            await page.Link("Set your One Balance Password").ClickAsync();
            await Expect(page.Heading("Set your One Balance Password")).ToBeVisibleAsync();
            await Expect(page.GetByText("Be at least 5 characters long")).ToBeVisibleAsync();
            await Expect(page.GetByText("Contain more than one word")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("type a password that breaks a rule", async () =>
        {
            await page.Field("New password").PressSequentiallyAsync("abc");
            await page.Field("Confirm new password").FillAsync("abc");
            // The checklist ticks as the person types (script), before anything is sent.
            await Expect(Rule(page, "min_length")).ToHaveClassAsync("unmet");
            await Expect(Rule(page, "lower")).ToHaveClassAsync("met");
            await Expect(Rule(page, "upper")).ToHaveClassAsync("unmet");
        }, phone: true);
        await t.Step("click Set Password and read what is wrong", async () =>
        {
            await page.Button("Set Password").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The password must be at least 5 characters long.");
            await Expect(Rule(page, "min_length")).ToHaveClassAsync("unmet");
        }, phone: true);
        await t.Step("type a good password", async () =>
        {
            var field = page.Field("New password");
            await field.ClearAsync();
            await field.PressSequentiallyAsync("Good New Password 7");
            await page.Field("Confirm new password").FillAsync("Good New Password 7");
            foreach (var rule in new[] { "min_length", "max_length", "long", "words", "upper", "lower", "digit" })
                await Expect(Rule(page, rule)).ToHaveClassAsync("met");
        }, phone: true);
        await t.Step("click Set Password", async () =>
        {
            await page.Button("Set Password").ClickAsync();
            await Expect(page.Heading("One Balance and Carriers")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("password was changed");
            await Expect(page.Section(Nickname).Locator(".badge")).ToHaveTextAsync("Connected");
        }, phone: true);

        (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task After_the_password_changed_elsewhere_Forgot_Password_at_Stamps_com_and_the_green_Reconnect_bring_the_account_back()
    {
        var (merchant, customer, accountId) = await Arrange.ConnectedOneBalanceAsync(Stack, "stamps", Nickname);
        // Someone changed it at Stamps.com; the merchant does not know the new one.
        await Arrange.PasswordChangedElsewhereAsync(Stack, merchant, customer, accountId, "Somebody Else 42");
        await using var t = await StartAsync();
        var carrierLink = t.Page;
        const string newPassword = "Reset At Stamps 5";

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await t.Step("CarrierLink says the One Balance account is disconnected", async () =>
        {
            var prompt = carrierLink.Prompt("One Balance");
            await Expect(prompt).ToBeVisibleAsync();
            await Expect(prompt).ToContainTextAsync("the password was changed at Stamps.com");
        }, phone: true);
        await t.Step("click Remind Me Later to reset the password at Stamps.com first", async () =>
        {
            await carrierLink.Prompt("One Balance").Button("Remind Me Later").ClickAsync();
            await Expect(carrierLink.AnyPrompt()).ToHaveCountAsync(0);
        });

        var stamps = await t.NewTabAsync();
        t.LookAt(stamps);
        await t.Step("go to the Stamps.com login page", async () =>
        {
            await stamps.GotoAsync(new Uri(Stack.SandboxUrl, "stamps").ToString());
            await Expect(stamps.Heading("Log in to Stamps.com")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("click Forgot Password", async () =>
        {
            await stamps.Link("Forgot Password").ClickAsync();
            await Expect(stamps.Heading("Forgot Password")).ToBeVisibleAsync();
        });
        await t.Step("enter your username", () => stamps.Field("Username").FillAsync(customer.Username), phone: true);
        await t.Step("click Continue to the security questions", async () =>
        {
            await stamps.Button("Continue").ClickAsync();
            await Expect(stamps.Heading("Answer your security questions")).ToBeVisibleAsync();
            await Expect(stamps.GetByText("contact Stamps.com Customer Support")).ToBeVisibleAsync();
        });
        await t.Step("answer the security questions", async () =>
        {
            await stamps.Field("What was the name of your first pet?").FillAsync("rex");
            await stamps.Field("In what city were you born?").FillAsync("springfield");
        }, phone: true);
        await t.Step("click Continue and a temporary password is emailed", async () =>
        {
            await stamps.Button("Continue").ClickAsync();
            await Expect(stamps.Heading("We sent you an email")).ToBeVisibleAsync();
        });
        var temporary = "";
        await t.Step("open your inbox and read the temporary password", async () =>
        {
            await stamps.Link("Open your inbox").ClickAsync();
            var mail = stamps.GetByRole(AriaRole.Article).Filter(new() { HasText = "Your Stamps.com temporary password" });
            await Expect(mail).ToBeVisibleAsync();
            var match = TemporaryPassword().Match(await mail.InnerTextAsync());
            match.Success.ShouldBeTrue("the email should contain the temporary password");
            temporary = match.Groups[1].Value;
        }, phone: true);
        await t.Step("log in to Stamps.com with the temporary password", async () =>
        {
            await stamps.Link("Go to the Stamps.com login page").ClickAsync();
            await stamps.Field("Username").FillAsync(customer.Username);
            await stamps.Field("Password").FillAsync(temporary);
        });
        await t.Step("click Log In and Stamps.com asks for a new password", async () =>
        {
            await stamps.Button("Log In").ClickAsync();
            await Expect(stamps.Heading("Set a new password")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("reset the password at Stamps.com", async () =>
        {
            await stamps.Field("New password").FillAsync(newPassword);
            await stamps.Field("Confirm new password").FillAsync(newPassword);
            await stamps.Button("Set Password").ClickAsync();
            await Expect(stamps.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your password was changed.");
        }, phone: true);

        t.LookAt(carrierLink);
        await carrierLink.BringToFrontAsync();
        await GoToOneBalanceAndCarriersAsync(t, "One Balance");
        await t.Step("One Balance and Carriers shows the green Reconnect", async () =>
        {
            var section = carrierLink.Section(Nickname);
            await Expect(section.Locator(".badge")).ToHaveTextAsync("Needs reconnecting");
            var reconnect = section.Link("Reconnect");
            await Expect(reconnect).ToBeVisibleAsync();
            await Expect(reconnect).ToHaveCSSAsync("background-color", "rgb(28, 124, 60)");
        }, phone: true);
        await t.Step("click the green Reconnect", async () =>
        {
            await carrierLink.Section(Nickname).Link("Reconnect").ClickAsync();
            await Expect(carrierLink.Heading($"Reconnect {Nickname}")).ToBeVisibleAsync();
        });
        await t.Step("enter the new password", () => carrierLink.Field("New One Balance password").FillAsync(newPassword), phone: true);
        await t.Step("click Reconnect", async () =>
        {
            await carrierLink.Button("Reconnect").ClickAsync();
            await Expect(carrierLink.Heading("Your One Balance account is reconnected")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("click Done", async () =>
        {
            await carrierLink.Link("Done").ClickAsync();
            await Expect(carrierLink.Heading("One Balance and Carriers")).ToBeVisibleAsync();
            await Expect(carrierLink.Section(Nickname).Locator(".badge")).ToHaveTextAsync("Connected");
        }, phone: true);

        (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task A_UPS_One_Balance_account_is_reconnected_by_a_support_agent_after_the_merchant_contacts_Customer_Service()
    {
        const string ups = "UPS via One Balance";
        var (merchant, customer, accountId) = await Arrange.ConnectedOneBalanceAsync(Stack, "ups_one_balance", ups);
        await Arrange.PasswordChangedElsewhereAsync(Stack, merchant, customer, accountId, "Reset At Stamps 5");
        var agent = await Arrange.AgentAsync(Stack);
        await using var t = await StartAsync();
        var merchantPage = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await GoToOneBalanceAndCarriersAsync(t, "UPS One Balance");
        await t.Step("UPS One Balance says to contact Customer Service", async () =>
        {
            var section = merchantPage.Section(ups);
            await Expect(section.Locator(".badge")).ToHaveTextAsync("Contact Customer Service");
            await Expect(section).ToContainTextAsync("Contact Customer Service to have this account reconnected.");
            await Expect(section.Link("Reconnect")).ToHaveCountAsync(0);
        }, phone: true);
        await t.Step("click Request help", async () =>
        {
            await merchantPage.Section(ups).Link("Request help").ClickAsync();
            await Expect(merchantPage.Heading("Contact Customer Service")).ToBeVisibleAsync();
        });
        await t.Step("tell Customer Service what happened, with the new password in its own field", async () =>
        {
            await merchantPage.Field("New One Balance password (optional)").FillAsync("Reset At Stamps 5");
            await merchantPage.Field("What should Customer Service know? (optional)").FillAsync("I reset my One Balance password at Stamps.com.");
        }, phone: true);
        await t.Step("click Request help to send the request", async () =>
        {
            await merchantPage.Button("Request help").ClickAsync();
            var mine = merchantPage.Section("Your requests");
            await Expect(mine).ToContainTextAsync("I reset my One Balance password");
            await Expect(mine.GetByText("Open", new() { Exact = true })).ToBeVisibleAsync();
        }, phone: true);

        var agentPage = await t.NewPersonAsync();
        t.LookAt(agentPage);
        await t.SignInToCarrierLinkAsync(agent.Email, agent.Password, expectHeading: "Support requests", who: "the agent");
        var request = agentPage.GetByRole(AriaRole.Region).Filter(new() { HasText = "I reset my One Balance password" });
        await t.Step("the agent sees the request", async () =>
        {
            await Expect(request).ToBeVisibleAsync();
            await Expect(request).ToContainTextAsync(ups);
            await Expect(request.Locator(".badge")).ToHaveTextAsync("Contact Customer Service");
        }, phone: true);
        await t.Step("the agent clicks Reconnect with the password the merchant gave", async () =>
        {
            await request.Button("Reconnect with the password the merchant gave").ClickAsync();
            await Expect(agentPage.GetByRole(AriaRole.Status)).ToContainTextAsync("reconnected");
        });
        await t.Step("reconnecting closed the request", () => Expect(agentPage.GetByText("No open requests.")).ToBeVisibleAsync(), phone: true);

        t.LookAt(merchantPage);
        await t.Step("the merchant sees the request closed", async () =>
        {
            await merchantPage.ReloadAsync();
            await Expect(merchantPage.GetByRole(AriaRole.Status).Filter(new() { HasText = "your request is closed" })).ToContainTextAsync($"Customer Service reconnected {ups} on");
            await Expect(merchantPage.Section("Your requests").GetByText("Closed", new() { Exact = true })).ToBeVisibleAsync();
        });
        await GoToOneBalanceAndCarriersAsync(t, "UPS One Balance");
        await t.Step("UPS One Balance is connected again", () =>
            Expect(merchantPage.Section(ups).Locator(".badge")).ToHaveTextAsync("Connected"), phone: true);

        (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("connected");
    }

    /// <summary>Settings › Carrier Settings › One Balance (or UPS One Balance) leads to "One Balance and Carriers".</summary>
    private static Task GoToOneBalanceAndCarriersAsync(BrowserRun t, string carrierLink) =>
        t.Step("go to One Balance and Carriers", async () =>
        {
            var page = t.Page;
            await page.MainNav().Link("Settings").ClickAsync();
            await page.GetByRole(AriaRole.Main).Link("Carrier Settings").ClickAsync();
            await page.GetByRole(AriaRole.Main).Link(carrierLink).ClickAsync();
            await Expect(page.Heading("One Balance and Carriers")).ToBeVisibleAsync();
        }, phone: true);

    private static ILocator Rule(IPage page, string slug) => page.Locator($"#password-rules li[data-rule={slug}]");

    [GeneratedRegex(@"temporary password is:\s+(\S+)")]
    private static partial Regex TemporaryPassword();
}
