using System.Net.Http.Json;
using CarrierLink.BrowserTests.Support;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Notifications;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace CarrierLink.BrowserTests.Pages;

/// <summary>
/// Issue 14, part 4 in Chromium: the bell in the header says how many notices are unread, the notices list leads from a
/// break to its reconnect, and after the fix the bell has one more; the reconnect prompt shows beside it as before.
/// </summary>
public sealed class NoticesTests(SqliteStack stack, Chromium chromium) : BrowserTest(stack, chromium)
{
    private const int ClickReturnSeconds = 60;

    [Fact]
    public async Task The_bell_leads_from_a_break_to_its_reconnect_and_counts_the_fix_on_desktop_and_phone()
    {
        await Arrange.ConsentAutoReturnAsync(Stack, ClickReturnSeconds);
        var (merchant, customer, accountId) = await Arrange.ConnectedUspsAsync(Stack);
        await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);
        using (var api = merchant.Api())
            (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", Arrange.Rates))
                .StatusCode.ShouldBe(System.Net.HttpStatusCode.FailedDependency);
        await TellAsync();
        await using var t = await StartAsync();
        var page = t.Page;
        var bell = page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { NameRegex = new("^Notices") });

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await t.Step("the bell says two unread; the prompt shows as before", async () =>
        {
            await Expect(bell).ToHaveAccessibleNameAsync("Notices, 2 unread");
            await Expect(page.Prompt("USPS")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("open the notices from the bell", async () =>
        {
            await bell.ClickAsync();
            await Expect(page.Heading("Notices")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Listitem).GetByRole(AriaRole.Link))
                .ToHaveTextAsync(["Your USPS account Warehouse needs reconnecting", "Your USPS account Warehouse is connected"]);
            await Expect(bell).ToHaveAccessibleNameAsync("Notices");
        }, phone: true);
        await t.Step("the break leads to its reconnect", async () =>
        {
            await page.Link("Your USPS account Warehouse needs reconnecting").ClickAsync();
            await Expect(page.Heading("Reconnect Warehouse")).ToBeVisibleAsync();
        });
        await t.Step("click Reconnect", () => page.GetByRole(AriaRole.Main).Button("Reconnect").ClickAsync());
        await t.SignInAndAuthorizeAtUspsAsync(customer, returnsAfterSeconds: ClickReturnSeconds);
        await t.Step("back in CarrierLink, reconnected", async () =>
        {
            await page.Link("Go to CarrierLink").ClickAsync();
            await Expect(page.Heading("Your USPS account is reconnected")).ToBeVisibleAsync();
        });
        await TellAsync();
        await t.Step("the bell counts the fix", async () =>
        {
            await page.ReloadAsync();
            await Expect(bell).ToHaveAccessibleNameAsync("Notices, 1 unread");
            await Expect(page.AnyPrompt()).ToHaveCountAsync(0);
        }, phone: true);
        await t.Step("the fix is the newest notice and leads to the account", async () =>
        {
            await bell.ClickAsync();
            var newest = page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Listitem).First;
            await Expect(newest).ToContainTextAsync("New");
            await newest.Link("Your USPS account Warehouse is reconnected").ClickAsync();
            await Expect(page.Heading("Warehouse")).ToBeVisibleAsync();
        });
    }

    private Task TellAsync() => NotificationWorker.RunUntilIdleAsync(Stack.Services, CancellationToken.None);
}
