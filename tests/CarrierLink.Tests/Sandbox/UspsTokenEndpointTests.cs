using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

public sealed class UspsTokenEndpointTests(SharedSandbox shared) : IClassFixture<SharedSandbox>
{
    private const string CodeError = "Authorizaton Code Error: either the authorization code has expired, is invalid, or the redirect_uri is not registered.";

    [Fact]
    public async Task A_code_exchanges_for_USPS_tokens_that_work_on_the_API()
    {
        var sandbox = shared.Host;
        var code = await sandbox.AuthorizeAsync();

        var response = await sandbox.ExchangeCodeAsync(code);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("token_type").GetString().ShouldBe("Bearer");
        body.GetProperty("expires_in").GetInt32().ShouldBe(28799);
        body.GetProperty("refresh_token_expires_in").GetInt32().ShouldBe(604799);
        body.GetProperty("issued_at").ValueKind.ShouldBe(JsonValueKind.Number);
        body.GetProperty("refresh_token_issued_at").ValueKind.ShouldBe(JsonValueKind.Number);
        body.GetProperty("refresh_count").GetInt32().ShouldBe(0);
        body.GetProperty("status").GetString().ShouldBe("approved");
        body.GetProperty("refresh_token_status").GetString().ShouldBe("approved");
        body.GetProperty("issuer").GetString().ShouldBe("https://api.usps.com/realms/USPS");
        body.GetProperty("scope").GetString().ShouldBe("addresses prices labels payments pickup scan-forms tracking");
        body.GetProperty("client_id").GetString().ShouldBe(SandboxHost.ClientId);
        body.GetProperty("application_name").GetString().ShouldBe("CarrierLink");
        body.GetProperty("api_products").GetString().ShouldBe("[Shipping-Silver]");
        Encoding.UTF8.GetString(Convert.FromBase64String(body.GetProperty("public_key").GetString()!)).ShouldStartWith("-----BEGIN PUBLIC KEY-----");
        body.GetProperty("refresh_token").GetString()!.Length.ShouldBe(43);

        var me = await sandbox.GetMeAsync(body.GetProperty("access_token").GetString()!);
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        var account = await me.Content.ReadFromJsonAsync<JsonElement>();
        account.GetProperty("username").GetString().ShouldBe("merchant.usps");
        account.GetProperty("crid").GetString().ShouldBe("56982563");
        account.GetProperty("mid").GetString().ShouldBe("902455331");
    }

    [Fact]
    public async Task The_access_token_is_an_RS256_JWT_with_only_the_claims_USPS_publishes()
    {
        var sandbox = shared.Host;
        var tokens = await sandbox.ConnectAsync("second.usps");

        var jwt = new JsonWebToken(tokens.GetProperty("access_token").GetString());

        jwt.Alg.ShouldBe("RS256");
        // usps-oauth2 authorizationCodeTokenResponse: "payload claims: sub, aud, azp, mail_owners, payment_accounts, iss, contracts, exp, iat, jti".
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload)).RootElement;
        payload.EnumerateObject().Select(c => c.Name).Order().ShouldBe(["aud", "azp", "contracts", "exp", "iat", "iss", "jti", "mail_owners", "payment_accounts", "sub"]);
        jwt.Issuer.ShouldBe("urn://api.usps.com");
        jwt.Subject.ShouldBe("second.usps");
        jwt.Audiences.ShouldBe([SandboxHost.ClientId]);
        jwt.GetClaim("azp").Value.ShouldBe(SandboxHost.ClientId);
        (jwt.ValidTo - jwt.IssuedAt).TotalSeconds.ShouldBe(28799, tolerance: 1);

        // Their contents are not published; the sandbox's reading (docs/decisions/0005) names one mail owner and one EPS account.
        var owners = JsonDocument.Parse(jwt.GetPayloadValue<JsonElement>("mail_owners").GetRawText()).RootElement;
        owners.GetArrayLength().ShouldBe(1);
        owners[0].GetProperty("crid").GetString().ShouldBe("71234908");
        owners[0].GetProperty("mid").GetString().ShouldBe("903338870");
        owners[0].GetProperty("manifest_mid").GetString().ShouldBe("903338871");
        var payment = jwt.GetPayloadValue<JsonElement>("payment_accounts");
        payment[0].GetProperty("account_number").GetString().ShouldBe("1000067890");
        payment[0].GetProperty("account_type").GetString().ShouldBe("EPS");
    }

    [Fact]
    public async Task A_customer_whose_token_names_no_account_gets_empty_account_claims_and_can_still_call_the_APIs()
    {
        var sandbox = shared.Host;
        (await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers",
            new { carrier = "usps", username = "nameless.usps", password = "Usps-Pass-2026", account_in_token = false })).EnsureSuccessStatusCode();
        var tokens = await (await sandbox.ExchangeCodeAsync(await sandbox.AuthorizeAsync("nameless.usps", "Usps-Pass-2026"))).Content.ReadFromJsonAsync<JsonElement>();

        var jwt = new JsonWebToken(tokens.GetProperty("access_token").GetString());
        jwt.Subject.ShouldBe("nameless.usps");
        jwt.GetPayloadValue<JsonElement>("mail_owners").GetArrayLength().ShouldBe(0);
        jwt.GetPayloadValue<JsonElement>("payment_accounts").GetArrayLength().ShouldBe(0);
        (await sandbox.GetMeAsync(tokens.GetProperty("access_token").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_token_endpoint_also_accepts_a_JSON_body()
    {
        var sandbox = shared.Host;
        var code = await sandbox.AuthorizeAsync();

        var response = await sandbox.Http.PostAsJsonAsync("/oauth2/v3/token", new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = SandboxHost.RedirectUri,
            ["client_id"] = SandboxHost.ClientId,
            ["client_secret"] = SandboxHost.ClientSecret,
        });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_code_works_only_once_and_its_replay_revokes_the_refresh_token_it_produced()
    {
        var sandbox = shared.Host;
        var code = await sandbox.AuthorizeAsync();
        var first = await (await sandbox.ExchangeCodeAsync(code)).Content.ReadFromJsonAsync<JsonElement>();

        var second = await sandbox.ExchangeCodeAsync(code);

        second.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = await second.Content.ReadFromJsonAsync<JsonElement>();
        error.GetProperty("error").GetString().ShouldBe("invalid_request");
        error.GetProperty("error_description").GetString().ShouldBe(CodeError);
        (await sandbox.RefreshAsync(first.GetProperty("refresh_token").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        // Note: the access token is a JWT USPS cannot call back; it runs to its exp like after any revocation.
        (await sandbox.GetMeAsync(first.GetProperty("access_token").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_code_expires_after_five_minutes()
    {
        var time = SandboxClock.StartingMonday();
        await using var sandbox = await SandboxHost.StartAsync(time);
        var code = await sandbox.AuthorizeAsync();

        time.Advance(TimeSpan.FromMinutes(5));
        var response = await sandbox.ExchangeCodeAsync(code);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_description").GetString().ShouldBe(CodeError);
    }

    [Fact]
    public async Task A_code_with_another_redirect_uri_is_refused()
    {
        var sandbox = shared.Host;
        var code = await sandbox.AuthorizeAsync();

        var response = await sandbox.ExchangeCodeAsync(code, redirectUri: SandboxHost.RedirectUri + "/other");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_description").GetString().ShouldBe(CodeError);
    }

    [Fact]
    public async Task A_PKCE_code_needs_the_matching_verifier()
    {
        var sandbox = shared.Host;
        var (verifier, challenge) = SandboxHost.NewPkce();
        var code = await sandbox.AuthorizeAsync(codeChallenge: challenge);

        var missing = await sandbox.ExchangeCodeAsync(code);
        var wrong = await sandbox.ExchangeCodeAsync(code, SandboxHost.NewPkce().Verifier);
        var right = await sandbox.ExchangeCodeAsync(code, verifier);

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_description").GetString()!.ShouldStartWith("Authorizaton Code Error:");
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_wrong_client_secret_is_a_401_invalid_client_with_WWW_Authenticate()
    {
        var sandbox = shared.Host;

        var response = await sandbox.TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = SandboxHost.ClientId, ["client_secret"] = "nope" });

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ShouldNotBeEmpty();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("error").GetString().ShouldBe("invalid_client");
        body.GetProperty("error_description").GetString().ShouldBe("Client authentication failed.");
        body.GetProperty("error_uri").GetString().ShouldBe("https://datatracker.ietf.org/doc/html/rfc6749#page-45");
    }

    [Fact]
    public async Task Client_credentials_give_an_access_token_without_a_refresh_token()
    {
        // Its own sandbox: the counters start from zero.
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.TokenAsync(new() { ["grant_type"] = "client_credentials" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("access_token").GetString().ShouldNotBeNullOrEmpty();
        body.GetProperty("expires_in").GetInt32().ShouldBe(28799);
        body.TryGetProperty("refresh_token", out _).ShouldBeFalse();
        body.TryGetProperty("refresh_token_expires_in", out _).ShouldBeFalse();
        (await sandbox.CountersAsync()).GetProperty("tokens_issued").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task HTTP_Basic_client_authentication_is_accepted_too()
    {
        var sandbox = shared.Host;
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/v3/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SandboxHost.ClientId}:{SandboxHost.ClientSecret}")));

        (await sandbox.Http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_grant_type_is_unsupported_grant_type()
    {
        var sandbox = shared.Host;

        var response = await sandbox.TokenAsync(new() { ["grant_type"] = "password" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("unsupported_grant_type");
    }

    [Fact]
    public async Task A_scope_can_only_be_narrowed()
    {
        var sandbox = shared.Host;

        var narrowed = await sandbox.TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "prices" });
        var widened = await sandbox.TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "prices admin" });

        (await narrowed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scope").GetString().ShouldBe("prices");
        widened.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await widened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("invalid_scope");
    }
}
