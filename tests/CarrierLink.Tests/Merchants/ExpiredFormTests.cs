using System.Net;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Merchants;

/// <summary>Issue 9, defect 9: a post whose anti-forgery token is missing or stale gets a page that says what happened, not a blank 400.</summary>
public sealed class ExpiredFormTests(SqliteStack fixture) : IClassFixture<SqliteStack>
{
    [Fact]
    public async Task A_post_without_its_anti_forgery_token_says_the_page_expired_with_a_way_back()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        var missing = await browser.PostFormAsync("/settings/carriers/usps/add", new() { ["nickname"] = "Forged" });

        missing.Status.ShouldBe(HttpStatusCode.BadRequest);
        missing.Heading.ShouldBe("This page expired");
        missing.Text.ShouldContain("Nothing changed");
        missing.Link("Go back and try again").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_post_with_a_token_from_an_earlier_sign_in_says_the_page_expired()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        using var before = await merchant.SignedInBrowserAsync();
        var form = await before.GetAsync("/settings/carriers/usps/add");
        var staleToken = form.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var other = await (await fixture.Stack.CreateMerchantAsync()).SignedInBrowserAsync();

        var stale = await other.PostFormAsync("/settings/carriers/usps/add", new() { ["nickname"] = "Stale", ["__RequestVerificationToken"] = staleToken });

        stale.Status.ShouldBe(HttpStatusCode.BadRequest);
        stale.Heading.ShouldBe("This page expired");
    }

    [Fact]
    public async Task Other_empty_400s_and_api_errors_keep_their_own_answers()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        using var api = merchant.Api();

        var problem = await api.PostAsync("/api/v1/carrier-accounts", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        problem.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
