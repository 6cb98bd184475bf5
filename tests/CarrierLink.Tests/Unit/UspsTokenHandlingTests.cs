using System.Net;
using System.Text;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Usps;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CarrierLink.Tests.Unit;

/// <summary>USPS token responses and errors, classified without a network (a canned HttpMessageHandler).</summary>
public sealed class UspsTokenHandlingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Token_lifetimes_are_read_whether_USPS_sends_numbers_or_strings()
    {
        var numbers = UspsTokenResponse.TryRead("""{"access_token":"a.b.c","expires_in":28799,"refresh_token":"r","refresh_token_expires_in":604799}""", Now)!;
        var strings = UspsTokenResponse.TryRead("""{"access_token":"a.b.c","expires_in":"28799","refresh_token":"r","refresh_token_expires_in":"604799"}""", Now)!;
        numbers.AccessTokenExpiresAt.ShouldBe(Now.AddSeconds(28799));
        strings.RefreshTokenExpiresAt.ShouldBe(Now.AddSeconds(604799));
    }

    [Theory]
    [InlineData("""{"expires_in":28799}""")]
    [InlineData("""{"access_token":"x"}""")]
    [InlineData("""<html>gateway</html>""")]
    [InlineData("""[]""")]
    public void A_token_response_without_what_we_need_is_unreadable(string body) =>
        UspsTokenResponse.TryRead(body, Now).ShouldBeNull();

    private static string Jwt(string payload) => $"header.{WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(payload))}.signature";

    [Fact]
    public void The_signed_in_account_is_read_from_the_published_claims_when_they_name_one_mail_owner()
    {
        var (subject, identity) = UspsAccessTokenClaims.Read(Jwt("""
            {"sub":"merchant-7","aud":"client","mail_owners":[{"crid":"56982563","mid":"902455331","manifest_mid":"902455332"}],
             "payment_accounts":[{"account_type":"EPS","account_number":"1000012345"}],"contracts":[]}
            """));
        subject.ShouldBe("merchant-7");
        identity!.AccountNumber.ShouldBe("56982563");
        identity.SubAccount.ShouldBe("902455331");
        identity.Detail(UspsIdentity.ManifestMid).ShouldBe("902455332");
        identity.Detail(UspsIdentity.PaymentAccountNumber).ShouldBe("1000012345");
        identity.Masked().ShouldBe("****2563 / *****5331");
    }

    [Theory]
    [InlineData("""{"sub":"merchant-7","mail_owners":[],"payment_accounts":[],"contracts":[]}""")]
    [InlineData("""{"sub":"merchant-7"}""")]
    [InlineData("""{"sub":"merchant-7","mail_owners":[{"crid":"1"},{"crid":"2"}]}""")]
    [InlineData("""{"sub":"merchant-7","mail_owners":["opaque-id"]}""")]
    [InlineData("""{"sub":"merchant-7","crid":"56982563","mid":"902455331"}""")]
    public void Claims_that_do_not_name_exactly_one_mail_owner_leave_the_account_to_the_merchant(string payload)
    {
        var (subject, identity) = UspsAccessTokenClaims.Read(Jwt(payload));
        subject.ShouldBe("merchant-7");
        identity.ShouldBeNull();
    }

    [Fact]
    public void A_token_that_is_not_a_jwt_names_nobody() =>
        UspsAccessTokenClaims.Read("not-a-jwt").ShouldBe((null, null));

    [Fact]
    public void A_token_set_never_prints_its_tokens()
    {
        var tokens = new TokenSet("access-secret", Now, "refresh-secret", Now, null);
        tokens.ToString().ShouldNotContain("secret");
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"invalid_request","error_description":"refresh_token_expired: Check the value of the refresh token. It may be missing, have expired or have been revoked."}""", "auth")]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"invalid_refresh_token","error_description":"Unknown"}""", "auth")]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"invalid_grant"}""", "auth")]
    [InlineData(HttpStatusCode.Unauthorized, """{"error":"invalid_client","error_description":"Client authentication failed."}""", "invalid")]
    [InlineData(HttpStatusCode.TooManyRequests, """SpikeArrestViolation""", "transient")]
    [InlineData(HttpStatusCode.BadGateway, "", "transient")]
    [InlineData(HttpStatusCode.OK, """{"access_token":""", "transient")]
    public async Task Refresh_answers_are_classified_so_only_auth_verdicts_ask_for_a_reconnect(HttpStatusCode status, string body, string expected)
    {
        var client = ClientAnswering(status, body);
        var result = await client.RefreshAsync("refresh", CancellationToken.None);
        Kind(result).ShouldBe(expected);
    }

    [Fact]
    public async Task A_refused_authorization_code_is_not_an_auth_verdict_on_the_account()
    {
        var client = ClientAnswering(HttpStatusCode.BadRequest, """{"error":"invalid_request","error_description":"Authorizaton Code Error: either the authorization code has expired, is invalid, or the redirect_uri is not registered."}""");
        Kind(await client.ExchangeCodeAsync("code", new Uri("http://127.0.0.1/cb"), null, CancellationToken.None)).ShouldBe("invalid");
    }

    [Fact]
    public async Task A_dropped_connection_is_transient()
    {
        var client = new UspsOAuthClient(new HttpClient(new ThrowingHandler()), Options(), TimeProvider.System);
        Kind(await client.RefreshAsync("refresh", CancellationToken.None)).ShouldBe("transient");
    }

    [Fact]
    public void The_consent_url_is_the_Customer_Onboarding_Portal_with_state_and_PKCE()
    {
        var client = new UspsOAuthClient(new HttpClient(), Options(), TimeProvider.System);
        var url = client.BuildAuthorizationUrl(new AuthorizationRequest("s-123", new Uri("http://127.0.0.1:5080/connect/usps/callback"), "challenge"));
        var query = QueryHelpers.ParseQuery(url.Query);
        url.GetLeftPart(UriPartial.Path).ShouldBe("https://cop.usps.com/cop-navigator");
        query["wf"].ToString().ShouldBe("apis_merchant_user");
        query["state"].ToString().ShouldBe("s-123");
        query["platform"].ToString().ShouldBe("CarrierLink");
        query["reauth"].ToString().ShouldBe("true");
        query["code_challenge"].ToString().ShouldBe("challenge");
    }

    [Fact]
    public void The_consent_request_is_standard_OAuth_asking_for_a_code_and_the_configured_scopes()
    {
        var client = new UspsOAuthClient(new HttpClient(), Options(o => o.Scopes = "prices labels"), TimeProvider.System);
        var query = QueryHelpers.ParseQuery(client.BuildAuthorizationUrl(new AuthorizationRequest("s", new Uri("http://127.0.0.1/cb"), null)).Query);
        query["response_type"].ToString().ShouldBe("code");
        query["scope"].ToString().ShouldBe("prices labels");
        query.ContainsKey("code_challenge").ShouldBeFalse();

        var unscoped = new UspsOAuthClient(new HttpClient(), Options(o => o.Scopes = ""), TimeProvider.System);
        QueryHelpers.ParseQuery(unscoped.BuildAuthorizationUrl(new AuthorizationRequest("s", new Uri("http://127.0.0.1/cb"), null)).Query)
            .ContainsKey("scope").ShouldBeFalse();
    }

    [Fact]
    public void An_escaped_character_in_the_configured_consent_url_stays_escaped()
    {
        var client = new UspsOAuthClient(new HttpClient(), Options(o => o.ConsentUrl = new Uri("https://login.example.test/realms/my%20realm/authorize?x=a%20b")), TimeProvider.System);
        var url = client.BuildAuthorizationUrl(new AuthorizationRequest("s", new Uri("http://127.0.0.1/cb"), null));
        url.AbsoluteUri.ShouldStartWith("https://login.example.test/realms/my%20realm/authorize?x=a%20b&");
        url.OriginalString.ShouldNotContain(" ");
    }

    [Fact]
    public async Task By_default_the_token_request_goes_to_USPS_with_the_client_in_the_form_body()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"access_token":"a.b.c","expires_in":28799}""");
        await new UspsOAuthClient(new HttpClient(handler), Options(), TimeProvider.System).RefreshAsync("refresh-1", CancellationToken.None);
        handler.Url.ShouldBe(new Uri("https://apis.usps.com/oauth2/v3/token"));
        handler.Authorization.ShouldBeNull();
        handler.ContentType.ShouldBe("application/x-www-form-urlencoded");
        handler.Form["client_id"].ToString().ShouldBe("id");
        handler.Form["client_secret"].ToString().ShouldBe("secret");
        handler.Form["refresh_token"].ToString().ShouldBe("refresh-1");
    }

    [Fact]
    public async Task With_basic_client_authentication_the_token_request_sends_the_client_as_HTTP_Basic_to_the_configured_url()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"access_token":"a.b.c","expires_in":300}""");
        var client = new UspsOAuthClient(new HttpClient(handler), Options(o =>
        {
            o.ClientAuthentication = "basic";
            o.ClientSecret = "s3cret:with space";
            o.TokenUrl = new Uri("https://login.example.test/connect/token");
        }), TimeProvider.System);
        (await client.ExchangeCodeAsync("code-1", new Uri("http://127.0.0.1/cb"), "verifier", CancellationToken.None))
            .ShouldBeOfType<CarrierResult<TokenSet>.Success>();
        handler.Url.ShouldBe(new Uri("https://login.example.test/connect/token"));
        handler.Authorization!.Scheme.ShouldBe("Basic");
        // RFC 6749 2.3.1: each half form-url-encoded before joining.
        Encoding.UTF8.GetString(Convert.FromBase64String(handler.Authorization.Parameter!)).ShouldBe("id:s3cret%3Awith%20space");
        handler.Form.ContainsKey("client_id").ShouldBeFalse();
        handler.Form.ContainsKey("client_secret").ShouldBeFalse();
        handler.Form["grant_type"].ToString().ShouldBe("authorization_code");
        handler.Form["code_verifier"].ToString().ShouldBe("verifier");
    }

    [Fact]
    public async Task Revoke_is_an_RFC_7009_form_body_with_HTTP_Basic_by_default()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, "");
        (await new UspsOAuthClient(new HttpClient(handler), Options(), TimeProvider.System).RevokeAsync("refresh-1", CancellationToken.None))
            .ShouldBeOfType<CarrierResult<bool>.Success>();
        handler.Url.ShouldBe(new Uri("https://apis.usps.com/oauth2/v3/revoke"));
        handler.ContentType.ShouldBe("application/x-www-form-urlencoded");
        handler.Authorization!.Scheme.ShouldBe("Basic");
        handler.Form["token"].ToString().ShouldBe("refresh-1");
        handler.Form["token_type_hint"].ToString().ShouldBe("refresh_token");
        handler.Form.ContainsKey("client_secret").ShouldBeFalse();
    }

    [Fact]
    public async Task Revoke_goes_to_the_configured_url_with_the_configured_client_authentication()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, "");
        var client = new UspsOAuthClient(new HttpClient(handler), Options(o =>
        {
            o.RevokeClientAuthentication = "post";
            o.RevokeUrl = new Uri("https://login.example.test/connect/revoke");
        }), TimeProvider.System);
        await client.RevokeAsync("refresh-1", CancellationToken.None);
        handler.Url.ShouldBe(new Uri("https://login.example.test/connect/revoke"));
        handler.Authorization.ShouldBeNull();
        handler.Form["client_id"].ToString().ShouldBe("id");
        handler.Form["client_secret"].ToString().ShouldBe("secret");
    }

    [Fact]
    public void Pkce_challenge_is_the_S256_of_the_verifier()
    {
        // RFC 7636 appendix B.
        Pkce.ChallengeFor("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").ShouldBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        Pkce.NewVerifier().ShouldNotBe(Pkce.NewVerifier());
    }

    private static string Kind<T>(CarrierResult<T> result) => result switch
    {
        CarrierResult<T>.Success => "success",
        CarrierResult<T>.AuthRejected => "auth",
        CarrierResult<T>.Transient => "transient",
        CarrierResult<T>.Invalid => "invalid",
        _ => "?",
    };

    private static UspsOAuthClient ClientAnswering(HttpStatusCode status, string body) =>
        new(new HttpClient(new CannedHandler(status, body)), Options(), TimeProvider.System);

    private static IOptions<UspsOptions> Options(Action<UspsOptions>? configure = null)
    {
        var options = new UspsOptions
        {
            ApiBaseUrl = new Uri("https://apis.usps.com"),
            ConsentUrl = new Uri("https://cop.usps.com/cop-navigator"),
            ClientId = "id",
            ClientSecret = "secret",
        };
        configure?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    /// <summary>Answers with a canned response and keeps what the client sent.</summary>
    private sealed class RecordingHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public Uri? Url { get; private set; }
        public System.Net.Http.Headers.AuthenticationHeaderValue? Authorization { get; private set; }
        public string? ContentType { get; private set; }
        public Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Form { get; private set; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Url = request.RequestUri;
            Authorization = request.Headers.Authorization;
            ContentType = request.Content?.Headers.ContentType?.MediaType;
            Form = QueryHelpers.ParseQuery(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(status) { Content = new StringContent(body) };
        }
    }

    private sealed class CannedHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
    }

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException(HttpRequestError.ConnectionError, "reset");
    }
}
