using CarrierLink.BrowserTests.Support;
using CarrierLink.Tests.Support;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace CarrierLink.BrowserTests.Pages;

/// <summary>
/// Issue 9, defect 8, as the two people live it: the merchant asks for help and hands over the new
/// password in its own field; the agent reconnects with one click without ever seeing it; the
/// merchant finds the request closed and a notice saying so.
/// </summary>
public sealed class SupportLoopTests(SqliteStack stack, Chromium chromium) : BrowserTest(stack, chromium)
{
    private const string NewPassword = "Reset At Stamps 5";
    private const string Ups = "UPS Loading Dock";

    [Fact]
    public async Task The_merchant_hands_over_a_new_password_the_agent_reconnects_in_one_click_and_the_merchant_is_told()
    {
        var (merchant, customer, accountId) = await Arrange.ConnectedOneBalanceAsync(Stack, "ups_one_balance", Ups);
        await Arrange.PasswordChangedElsewhereAsync(Stack, merchant, customer, accountId, NewPassword);
        var agent = await Arrange.AgentAsync(Stack);
        await using var t = await StartAsync();
        var merchantPage = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await t.Step("open Request help", async () =>
        {
            await merchantPage.GotoAsync($"/settings/one-balance/{accountId}/support");
            await Expect(merchantPage.Heading("Contact Customer Service")).ToBeVisibleAsync();
            await Expect(merchantPage.GetByText("Do not write passwords here")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("enter the new password in its own field and send the request", async () =>
        {
            await merchantPage.Field("New One Balance password (optional)").FillAsync(NewPassword);
            await Expect(merchantPage.Field("New One Balance password (optional)")).ToHaveAttributeAsync("type", "password");
            await merchantPage.Field("What should Customer Service know? (optional)").FillAsync("I changed it at Stamps.com this morning.");
            await merchantPage.Button("Request help").ClickAsync();
            var mine = merchantPage.Section("Your requests");
            await Expect(mine.GetByText("Open", new() { Exact = true })).ToBeVisibleAsync();
            await Expect(mine).ToContainTextAsync("with a new password, waiting to be used");
            (await merchantPage.ContentAsync()).ShouldNotContain(NewPassword);
        }, phone: true);

        var agentPage = await t.NewPersonAsync();
        t.LookAt(agentPage);
        await t.SignInToCarrierLinkAsync(agent.Email, agent.Password, expectHeading: "Support requests", who: "the agent");
        var request = agentPage.GetByRole(Microsoft.Playwright.AriaRole.Region).Filter(new() { HasText = Ups });
        await t.Step("the agent sees that a password was given, but not the password", async () =>
        {
            await Expect(request).ToContainTextAsync("The merchant gave a new password");
            await Expect(request.Locator("input[type=password]")).ToHaveCountAsync(0);
            (await agentPage.ContentAsync()).ShouldNotContain(NewPassword);
        }, phone: true);
        await t.Step("the agent clicks Reconnect with the password the merchant gave", async () =>
        {
            await request.Button("Reconnect with the password the merchant gave").ClickAsync();
            await Expect(agentPage.GetByRole(Microsoft.Playwright.AriaRole.Status)).ToContainTextAsync("request is closed");
            await Expect(agentPage.GetByText("No open requests.")).ToBeVisibleAsync();
            (await agentPage.ContentAsync()).ShouldNotContain(NewPassword);
        }, phone: true);

        t.LookAt(merchantPage);
        await t.Step("the merchant sees the notice and the request closed", async () =>
        {
            await merchantPage.ReloadAsync();
            var notice = merchantPage.GetByRole(Microsoft.Playwright.AriaRole.Status).Filter(new() { HasText = "your request is closed" });
            await Expect(notice).ToContainTextAsync($"Customer Service reconnected {Ups} on");
            await Expect(merchantPage.Section("Your requests").GetByText("Closed", new() { Exact = true })).ToBeVisibleAsync();
            await Expect(merchantPage.Locator(".card").First.Locator(".badge")).ToHaveTextAsync("Connected");
        }, phone: true);

        (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("connected");
    }
}
