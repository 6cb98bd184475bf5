using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Connect;

/// <summary>
/// PKCE switched on by configuration (Carriers:Usps:UsePkce=true overrides the catalogue, which leaves it off for USPS):
/// the connect flow works end to end against the sandbox, which checks the verifier, and a sign-in that is over keeps
/// no verifier, whether it connected, was declined, ran out of time or its account was deleted.
/// </summary>
public abstract class PkceConfigurationTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task With_PKCE_configured_the_redirect_carries_an_S256_challenge_and_the_sign_in_connects_and_keeps_no_verifier()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        using var api = merchant.Api();
        var (accountId, url) = await CreateAsync(api, "Verifier");
        var query = QueryHelpers.ParseQuery(url.Query);
        query["code_challenge_method"].ToString().ShouldBe("S256");
        WebEncoders.Base64UrlDecode(query["code_challenge"].ToString()).Length.ShouldBe(32, "an S256 challenge is a SHA-256 hash");
        (await StateAsync(url)).CodeVerifierCipher.ShouldNotBeNull("a sign-in still in flight needs its verifier");

        using var browser = await merchant.SignedInBrowserAsync();
        var page = await UspsSite.AuthorizeAndReturnAsync(browser, await browser.GetAsync(url), customer);

        page.Heading.ShouldBe("Your USPS account is connected");
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        var used = await StateAsync(url);
        used.ConsumedAt.ShouldNotBeNull();
        used.CodeVerifierCipher.ShouldBeNull("a sign-in that connected keeps no verifier");
    }

    [Fact]
    public async Task A_declined_sign_in_keeps_no_verifier()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (_, url) = await CreateAsync(api, "Declined");
        using var browser = await merchant.SignedInBrowserAsync();

        var page = await browser.GetAsync(CallbackUrl(url, "error=access_denied"));

        page.Heading.ShouldBe("You did not authorize CarrierLink");
        (await StateAsync(url)).CodeVerifierCipher.ShouldBeNull("a sign-in that failed keeps no verifier");
    }

    [Fact]
    public async Task A_sign_in_that_came_back_too_late_keeps_no_verifier_and_still_reads_as_too_late()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (accountId, url) = await CreateAsync(api, "Too late");
        using var browser = await merchant.SignedInBrowserAsync();
        Stack.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var page = await browser.GetAsync(CallbackUrl(url, "code=late-code"));

        page.Heading.ShouldBe("This sign-in took too long");
        (await StateAsync(url)).CodeVerifierCipher.ShouldBeNull("a sign-in past its lifetime will never be exchanged");
        (await browser.GetAsync(CallbackUrl(url, "code=late-code"))).Heading.ShouldBe("This sign-in took too long");
        (await api.StateOfAsync(accountId)).ShouldBe("pending");
    }

    [Fact]
    public async Task Deleting_an_account_leaves_none_of_its_sign_ins_with_a_verifier()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        using var api = merchant.Api();
        var accountId = await merchant.ConnectUspsAsync(customer, "Removed");
        var reconnect = await api.PostAsync($"/api/v1/carrier-accounts/{accountId}/reconnect", null);
        reconnect.StatusCode.ShouldBe(HttpStatusCode.OK);
        var waiting = await Stack.WithDbAsync(db => db.OAuthStates.AsNoTracking()
            .SingleAsync(s => s.AccountId == accountId && s.ConsumedAt == null));
        waiting.CodeVerifierCipher.ShouldNotBeNull("a sign-in still in flight needs its verifier");

        (await api.DeleteAsync($"/api/v1/carrier-accounts/{accountId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var states = await Stack.WithDbAsync(db => db.OAuthStates.AsNoTracking().Where(s => s.AccountId == accountId).ToListAsync());
        states.Count.ShouldBe(2);
        states.ShouldAllBe(s => s.ConsumedAt != null && s.CodeVerifierCipher == null);
    }

    private static async Task<(Guid Id, Uri AuthorizationUrl)> CreateAsync(HttpClient api, string nickname)
    {
        var response = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "usps", nickname });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = Guid.Parse(body.GetProperty("account").GetProperty("id").GetString()!);
        return (id, new Uri(body.GetProperty("authorization_url").GetString()!));
    }

    /// <summary>What the carrier would send the merchant back to, for the sign-in of <paramref name="authorizationUrl"/>.</summary>
    private Uri CallbackUrl(Uri authorizationUrl, string outcome) =>
        new(Stack.WebUrl, $"connect/usps/callback?{outcome}&state={Uri.EscapeDataString(StateOf(authorizationUrl))}");

    private Task<OAuthState> StateAsync(Uri authorizationUrl)
    {
        var hash = Web.Security.SecureTokens.Sha256Hex(StateOf(authorizationUrl));
        return Stack.WithDbAsync(db => db.OAuthStates.AsNoTracking().SingleAsync(s => s.StateHash == hash));
    }

    private static string StateOf(Uri authorizationUrl) => QueryHelpers.ParseQuery(authorizationUrl.Query)["state"].ToString();
}

public sealed class PkceConfigurationOnSqliteTests(PkceSqliteStack fixture)
    : PkceConfigurationTests(fixture), IClassFixture<PkceSqliteStack>;

public sealed class PkceConfigurationOnPostgresTests(PkcePostgresStack fixture)
    : PkceConfigurationTests(fixture), IClassFixture<PkcePostgresStack>;

public sealed class PkceSqliteStack() : StackFixture(StoreProvider.Sqlite, "--Carriers:Usps:UsePkce=true");

public sealed class PkcePostgresStack() : StackFixture(StoreProvider.Postgres, "--Carriers:Usps:UsePkce=true");
