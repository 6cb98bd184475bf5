using System.Net;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Merchants;

public sealed class SignInPageTests(SqliteStack fixture) : IClassFixture<SqliteStack>
{
    [Fact]
    public async Task Pages_send_a_signed_out_person_to_the_sign_in_page_and_back()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        using var browser = new Browser(fixture.Stack.WebUrl);

        var login = await browser.GetAsync("/settings/carriers");
        login.Url.AbsolutePath.ShouldBe("/login");
        var page = await browser.SubmitAsync(login, "form", new() { ["email"] = merchant.Email, ["password"] = merchant.Password });

        page.Heading.ShouldBe("Carrier Settings");
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        var after = await browser.SubmitAsync(await browser.GetAsync("/settings"), "form.signout", new(), "Sign out");

        after.Url.AbsolutePath.ShouldBe("/login");
        (await browser.GetAsync("/settings")).Url.AbsolutePath.ShouldBe("/login");
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_clear_message()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        using var browser = new Browser(fixture.Stack.WebUrl);

        var page = await browser.SubmitAsync(await browser.GetAsync("/login"), "form", new() { ["email"] = merchant.Email, ["password"] = "wrong" });

        page.Url.AbsolutePath.ShouldBe("/login");
        page.Document.QuerySelector("[role=alert]")!.TextContent.ShouldBe("That email and password do not match an account.");
    }

    [Fact]
    public async Task A_form_post_without_the_anti_forgery_token_is_rejected()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        var forged = await browser.PostFormAsync("/settings/carriers/usps/add", new() { ["nickname"] = "Forged" });

        forged.Status.ShouldBe(HttpStatusCode.BadRequest);
        using var api = merchant.Api();
        (await api.GetStringAsync("/api/v1/carrier-accounts")).ShouldNotContain("Forged");
    }

    [Fact]
    public async Task Another_merchants_account_page_is_not_found()
    {
        var owner = await fixture.Stack.CreateMerchantAsync();
        var other = await fixture.Stack.CreateMerchantAsync();
        using var api = owner.Api();
        var created = await api.PostAsync("/api/v1/carrier-accounts", System.Net.Http.Json.JsonContent.Create(new { carrier = "usps", nickname = "Private" }));
        var id = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(created.Content)).GetProperty("account").GetProperty("id").GetString();
        using var browser = await other.SignedInBrowserAsync();

        var page = await browser.GetAsync($"/settings/carriers/usps/accounts/{id}/edit");

        page.Status.ShouldBe(HttpStatusCode.NotFound);
        page.Text.ShouldNotContain("Private");
    }
}
