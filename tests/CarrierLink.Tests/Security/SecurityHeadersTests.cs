using System.Net;
using CarrierLink.Tests.Support;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CarrierLink.Tests.Security;

/// <summary>
/// Issue 13, finding 6: every answer carries the headers ASVS level 2 and RFC 9700 ask for (a policy that keeps the
/// pages from being framed or loading anything but their own files, no sniffing, no referrer, no Server banner),
/// the API's JSON is never cached, and the anti-forgery cookie is Secure over HTTPS.
/// </summary>
public abstract class SecurityHeadersTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    public static TheoryData<string> Answers =>
    [
        "/login",                                       // a page
        "/settings/carriers",                           // a redirect to sign in
        "/connect/usps/callback?error=access_denied",   // the OAuth redirect endpoint
        "/assets/site.css",                             // a static file
        "/no-such-page",                                // a friendly 404
        "/api/v1/carriers",                             // the API without a key: problem+json 401
    ];

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Every_answer_carries_the_security_headers_and_no_server_banner(string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Stack.WebUrl };
        using var response = await client.GetAsync(path);

        Header(response, "Content-Security-Policy").ShouldContain("frame-ancestors 'none'");
        Header(response, "Content-Security-Policy").ShouldContain("default-src 'self'");
        Header(response, "Content-Security-Policy").ShouldContain("object-src 'none'");
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "X-Frame-Options").ShouldBe("DENY");
        Header(response, "Referrer-Policy").ShouldBe("no-referrer");
        Header(response, "Permissions-Policy").ShouldContain("camera=()");
        response.Headers.Contains("Server").ShouldBeFalse("no product banner");
    }

    [Fact]
    public async Task The_APIs_answers_are_never_cached()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        using var response = await api.GetAsync("/api/v1/carrier-accounts");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl.ShouldNotBeNull().NoStore.ShouldBeTrue();
    }

    [Fact]
    public void The_anti_forgery_cookie_is_secure_whenever_the_request_is()
    {
        var options = Stack.Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        options.Cookie.SecurePolicy.ShouldBe(CookieSecurePolicy.SameAsRequest);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new ShouldAssertException($"{response.RequestMessage!.RequestUri!.PathAndQuery} answered {(int)response.StatusCode} without {name}");
}

public sealed class SecurityHeadersOnSqliteTests(SqliteStack fixture) : SecurityHeadersTests(fixture), IClassFixture<SqliteStack>;

public sealed class SecurityHeadersOnPostgresTests(PostgresStack fixture) : SecurityHeadersTests(fixture), IClassFixture<PostgresStack>;
