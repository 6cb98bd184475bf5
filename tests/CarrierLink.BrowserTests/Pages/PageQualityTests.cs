using System.Net.Http.Json;
using CarrierLink.BrowserTests.Support;
using CarrierLink.Tests.Support;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace CarrierLink.BrowserTests.Pages;

/// <summary>
/// Pages that look like a product: one layout and navigation on every page of both flows, readable at 1280 px and
/// at a 390 px phone, every input labelled, and a whole flow done with the keyboard alone.
/// </summary>
public sealed class PageQualityTests(SqliteStack stack, Chromium chromium) : BrowserTest(stack, chromium)
{
    [Fact]
    public async Task Every_page_of_both_flows_has_the_same_header_one_heading_and_fits_1280_and_390_px_screens()
    {
        var world = await ArrangeEveryPageAsync();
        await using var t = await StartAsync();
        var page = t.Page;

        await t.Step("sign-in page", async () =>
        {
            await page.GotoAsync("/login");
            await LooksLikeCarrierLinkAsync(page, "Sign in to CarrierLink", nav: null);
        }, phone: true);
        await SignInAsync(page, world.Merchant.Email, world.Merchant.Password);
        foreach (var (name, path, heading, nav) in world.MerchantPages)
        {
            await t.Step(name, async () =>
            {
                await page.GotoAsync(path);
                await LooksLikeCarrierLinkAsync(page, heading, nav);
            }, phone: true);
        }

        var agent = await t.NewPersonAsync();
        t.LookAt(agent);
        await SignInAsync(agent, world.AgentEmail, world.AgentPassword);
        await t.Step("Support requests (agent)", () => LooksLikeCarrierLinkAsync(agent, "Support requests", "Support requests", agentNav: true), phone: true);
    }

    [Fact]
    public async Task Every_input_on_the_pages_of_both_flows_has_a_label_and_every_button_and_link_a_name()
    {
        var world = await ArrangeEveryPageAsync();
        await using var t = await StartAsync();
        var page = t.Page;

        await t.Step("sign-in page", async () =>
        {
            await page.GotoAsync("/login");
            (await UnnamedControlsAsync(page)).ShouldBeEmpty();
        });
        await SignInAsync(page, world.Merchant.Email, world.Merchant.Password);
        foreach (var (name, path, heading, _) in world.MerchantPages)
        {
            await t.Step(name, async () =>
            {
                await page.GotoAsync(path);
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
                var unnamed = await UnnamedControlsAsync(page);
                unnamed.ShouldBeEmpty($"{path} has controls without a label or name:\n{string.Join("\n", unnamed)}");
            });
        }

        await Stack.RevokeGrantAndExpireAccessTokenAsync(world.UspsCustomer);
        using (var api = world.Merchant.Api())
            (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{world.Usps}/rates", Arrange.Rates)).StatusCode.ShouldBe(System.Net.HttpStatusCode.FailedDependency);
        await t.Step("the reconnect prompt", async () =>
        {
            await page.GotoAsync("/");
            await Expect(page.Prompt("USPS")).ToBeVisibleAsync();
            (await UnnamedControlsAsync(page)).ShouldBeEmpty();
        });

        var agent = await t.NewPersonAsync();
        t.LookAt(agent);
        await SignInAsync(agent, world.AgentEmail, world.AgentPassword);
        await t.Step("Support requests (agent)", async () =>
        {
            await Expect(agent.GetByRole(AriaRole.Textbox)).Not.ToHaveCountAsync(0);
            (await UnnamedControlsAsync(agent)).ShouldBeEmpty();
        });
    }

    [Fact]
    public async Task Remind_Me_Later_then_Settings_Edit_Login_and_USPS_com_can_be_done_with_the_keyboard_only()
    {
        await Arrange.ConsentAutoReturnAsync(Stack, 60);
        var (merchant, customer, accountId) = await Arrange.ConnectedUspsAsync(Stack);
        await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);
        using (var api = merchant.Api())
            (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", Arrange.Rates)).StatusCode.ShouldBe(System.Net.HttpStatusCode.FailedDependency);
        await using var t = await StartAsync();
        var page = t.Page;
        var keys = page.Keyboard;

        await t.Step("Tab to Email and type", async () =>
        {
            await page.GotoAsync("/login");
            await page.TabToAsync(page.Link("Skip to content"), max: 1);
            await page.TabToAsync(page.Field("Email"));
            await keys.TypeAsync(merchant.Email);
        });
        await t.Step("Tab to Password type and press Enter", async () =>
        {
            await keys.PressAsync("Tab");
            await Expect(page.Field("Password")).ToBeFocusedAsync();
            await keys.TypeAsync(merchant.Password);
            await keys.PressAsync("Enter");
            await Expect(page.Heading("Your carrier accounts")).ToBeVisibleAsync();
        });
        await t.Step("the prompt opens with Reconnect focused", async () =>
        {
            await Expect(page.Prompt("USPS").Button("Reconnect")).ToBeFocusedAsync();
            (await page.FocusIsVisibleAsync()).ShouldBeTrue("the focused Reconnect should show a focus ring");
        });
        await t.Step("Shift+Tab reaches Sign out: the banner holds nothing hostage", async () =>
        {
            // The prompt is a banner after the header, not a modal: the header comes right before it in the tab order.
            await keys.PressAsync("Shift+Tab");
            await Expect(page.Button("Sign out")).ToBeFocusedAsync();
            (await page.FocusIsVisibleAsync()).ShouldBeTrue("Sign out should show a focus ring");
            (await page.Locator("[inert]").CountAsync()).ShouldBe(0, "nothing on the page may be inert while the banner shows");
            await page.TabToAsync(page.Prompt("USPS").Button("Reconnect"), max: 1);
        });
        await t.Step("Tab to Remind Me Later", async () =>
        {
            await keys.PressAsync("Tab");
            await Expect(page.Prompt("USPS").Button("Remind Me Later")).ToBeFocusedAsync();
            (await page.FocusIsVisibleAsync()).ShouldBeTrue("the focused button should show a focus ring");
        });
        await t.Step("press Enter on Remind Me Later", async () =>
        {
            await keys.PressAsync("Enter");
            await Expect(page.AnyPrompt()).ToHaveCountAsync(0);
            await Expect(page.Row("Warehouse").Locator(".badge")).ToHaveTextAsync("Needs reconnecting");
        });
        await KeyTo(t, "Settings", page.MainNav().Link("Settings"), "Settings");
        await KeyTo(t, "Carrier Settings", page.GetByRole(AriaRole.Main).Link("Carrier Settings"), "Carrier Settings");
        await KeyTo(t, "USPS", page.GetByRole(AriaRole.Main).Link("USPS"), "USPS Settings");
        await KeyTo(t, "the account", page.GetByRole(AriaRole.Main).Link("Warehouse"), "Warehouse");
        await KeyTo(t, "Edit", page.Link("Edit"), "Edit Warehouse");
        await KeyTo(t, "Login in the Connection section", page.Section("Connection").Button("Login"), "Sign in to USPS.com");
        await t.Step("USPS.com Tab to Username type Tab Password type Enter", async () =>
        {
            await page.TabToAsync(page.Field("Username"));
            await keys.TypeAsync(customer.Username);
            await keys.PressAsync("Tab");
            await Expect(page.Field("Password")).ToBeFocusedAsync();
            await keys.TypeAsync(customer.Password);
            await keys.PressAsync("Enter");
            await Expect(page.Heading("Authorize CarrierLink")).ToBeVisibleAsync();
        });
        await t.Step("USPS.com Tab to the terms box and press Space", async () =>
        {
            var agree = page.Field("I agree to the USPS terms and authorize CarrierLink to access my USPS business account");
            await page.TabToAsync(agree);
            await keys.PressAsync("Space");
            await Expect(agree).ToBeCheckedAsync();
        });
        await t.Step("USPS.com Tab to Authorize & Continue and press Enter", async () =>
        {
            await page.TabToAsync(page.Button("Authorize & Continue"));
            await keys.PressAsync("Enter");
            await Expect(page.Link("Go to CarrierLink")).ToBeVisibleAsync();
        });
        await t.Step("Tab to Go to CarrierLink and press Enter", async () =>
        {
            await page.TabToAsync(page.Link("Go to CarrierLink"));
            await keys.PressAsync("Enter");
            await Expect(page.Heading("Your USPS account is reconnected")).ToBeVisibleAsync();
        });
        await KeyTo(t, "Done", page.Link("Done"), "USPS Settings");
        await t.Step("USPS Settings shows the account Connected", () =>
            Expect(page.Row("Warehouse").Locator(".badge")).ToHaveTextAsync("Connected"));

        (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("connected");
    }

    /// <summary>
    /// Tab until <paramref name="target"/> has focus and shows it (the screenshot shows the ring), then Enter lands
    /// on <paramref name="heading"/>.
    /// </summary>
    private static async Task KeyTo(BrowserRun t, string name, ILocator target, string heading)
    {
        await t.Step($"Tab to {name}", async () =>
        {
            await t.Page.TabToAsync(target);
            (await t.Page.FocusIsVisibleAsync()).ShouldBeTrue($"{name} should show a focus ring when it has focus");
        });
        await t.Step($"press Enter on {name}", async () =>
        {
            await t.Page.Keyboard.PressAsync("Enter");
            await Expect(t.Page.Heading(heading)).ToBeVisibleAsync();
        });
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.Field("Email").FillAsync(email);
        await page.Field("Password").FillAsync(password);
        await page.Button("Sign in").ClickAsync();
        await Expect(page.Link("Sign out").Or(page.Button("Sign out"))).ToBeVisibleAsync();
    }

    /// <summary>
    /// CarrierLink's one layout: the brand in a banner, the main navigation (Home, Ship, Settings for merchants; Support
    /// requests for agents) with the current section marked, one h1 inside main, a title naming CarrierLink, and no
    /// sideways scrolling at 1280 px (390 px is checked with the phone screenshot).
    /// </summary>
    private static async Task LooksLikeCarrierLinkAsync(IPage page, string heading, string? nav, bool agentNav = false)
    {
        await Expect(page.GetByRole(AriaRole.Banner).Link("CarrierLink")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveCountAsync(1);
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("· CarrierLink$"));
        (await page.EvaluateAsync<string>("() => document.documentElement.lang")).ShouldBe("en");
        (await page.Locator("meta[name=viewport]").GetAttributeAsync("content")).ShouldBe("width=device-width, initial-scale=1");
        if (nav is not null)
        {
            var links = page.MainNav().GetByRole(AriaRole.Link);
            await Expect(links).ToHaveTextAsync(agentNav ? ["Support requests"] : ["Home", "Ship", "Settings"]);
            await Expect(page.MainNav().Locator("[aria-current=page]")).ToHaveTextAsync(nav);
        }
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"))
            .ShouldBeLessThanOrEqualTo(0, "the page should not scroll sideways at 1280 px");
    }

    /// <summary>Visible inputs, selects and textareas without a label (or aria-label/labelledby); buttons and links without a name.</summary>
    private static Task<string[]> UnnamedControlsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
          const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
          const text = s => (s || '').replace(/\s+/g, ' ').trim();
          const labelledBy = e => text((e.getAttribute('aria-labelledby') || '').split(/\s+/)
              .map(id => document.getElementById(id)?.innerText).join(' '));
          const fieldName = e => text([...(e.labels || [])].map(l => l.innerText).join(' ')) || text(e.getAttribute('aria-label')) || labelledBy(e);
          const controlName = e => text(e.innerText) || text(e.getAttribute('aria-label')) || labelledBy(e) || text(e.value);
          const fields = [...document.querySelectorAll('input:not([type=hidden]), select, textarea')].filter(visible).filter(e => !fieldName(e));
          const controls = [...document.querySelectorAll('button, a[href]')].filter(visible).filter(e => !controlName(e));
          return [...fields, ...controls].map(e => e.outerHTML.slice(0, 160));
        }
        """);

    private sealed record World(TestMerchant Merchant, SandboxCustomer UspsCustomer, Guid Usps, string AgentEmail, string AgentPassword,
        IReadOnlyList<(string Name, string Path, string Heading, string Nav)> MerchantPages);

    /// <summary>
    /// A merchant with every kind of account the articles touch (USPS connected, One Balance connected, UPS One Balance
    /// waiting for Customer Service with an open request) and an agent, so every page of both flows has something on it.
    /// </summary>
    private async Task<World> ArrangeEveryPageAsync()
    {
        var (merchant, uspsCustomer, usps) = await Arrange.ConnectedUspsAsync(Stack);
        var stamps = await AddOneBalanceAsync(merchant, "stamps", "My One Balance");
        var (upsCustomer, ups) = await AddOneBalanceWithCustomerAsync(merchant, "ups_one_balance", "UPS via One Balance");
        await Arrange.PasswordChangedElsewhereAsync(Stack, merchant, upsCustomer, ups, "Reset At Stamps 5");
        var (agentEmail, agentPassword) = await Arrange.AgentAsync(Stack);
        using (var browser = await merchant.SignedInBrowserAsync())
        {
            var help = await browser.GetAsync($"/settings/one-balance/{ups}/support");
            await browser.SubmitAsync(help, "form", new() { ["message"] = "Please reconnect it." }, "Request help");
        }

        return new World(merchant, uspsCustomer, usps, agentEmail, agentPassword,
        [
            ("Home", "/", "Your carrier accounts", "Home"),
            ("Ship", "/ship", "Ship", "Ship"),
            ("Settings", "/settings", "Settings", "Settings"),
            ("Ship-from addresses", "/settings/ship-from", "Ship-from addresses", "Settings"),
            ("Carrier Settings", "/settings/carriers", "Carrier Settings", "Settings"),
            ("USPS Settings", "/settings/carriers/usps", "USPS Settings", "Settings"),
            ("Add a USPS account", "/settings/carriers/usps/add", "Add a USPS account", "Settings"),
            ("USPS account", $"/settings/carriers/usps/accounts/{usps}", "Warehouse", "Settings"),
            ("Edit the USPS account", $"/settings/carriers/usps/accounts/{usps}/edit", "Edit Warehouse", "Settings"),
            ("Reconnect the USPS account", $"/settings/carriers/usps/accounts/{usps}/reconnect", "Reconnect Warehouse", "Settings"),
            ("One Balance and Carriers", "/settings/one-balance", "One Balance and Carriers", "Settings"),
            ("Add a One Balance account", "/settings/one-balance/add", "Add a One Balance account", "Settings"),
            ("Manage Passwords", $"/settings/one-balance/{stamps}/passwords", "Manage Passwords", "Settings"),
            ("Set your One Balance Password", $"/settings/one-balance/{stamps}/passwords/set", "Set your One Balance Password", "Settings"),
            ("Reconnect One Balance", $"/settings/one-balance/{stamps}/reconnect", "Reconnect My One Balance", "Settings"),
            ("Contact Customer Service", $"/settings/one-balance/{ups}/support", "Contact Customer Service", "Settings"),
            ("Edit the One Balance account", $"/settings/carriers/stamps/accounts/{stamps}/edit", "Edit My One Balance", "Settings"),
        ]);
    }

    private async Task<Guid> AddOneBalanceAsync(TestMerchant merchant, string carrier, string nickname) =>
        (await AddOneBalanceWithCustomerAsync(merchant, carrier, nickname)).AccountId;

    private async Task<(SandboxCustomer Customer, Guid AccountId)> AddOneBalanceWithCustomerAsync(TestMerchant merchant, string carrier, string nickname)
    {
        var customer = await Stack.CreateStampsCustomerAsync();
        using var api = merchant.Api();
        var response = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier, nickname, username = customer.Username, password = customer.Password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return (customer, Guid.Parse(body.GetProperty("account").GetProperty("id").GetString()!));
    }
}
