using System.Diagnostics;
using System.Net;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Security;

/// <summary>
/// Issue 13, finding 3: wrong passwords slow attempts for an email down without keeping its owner out, and real and
/// unknown emails get the same answers after the same work.
/// </summary>
public abstract class SignInAbuseTests(StackFixture fixture)
{
    private const string WaitMessage = "Too many wrong passwords for this email.";
    private const string NoMatch = "That email and password do not match an account.";
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task Wrong_passwords_make_a_stranger_wait_but_the_owners_browser_still_signs_in()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var owner = await merchant.SignedInBrowserAsync();
        await owner.SubmitAsync(await owner.GetAsync("/settings"), "form.signout", new(), "Sign out");
        using var stranger = new Browser(Stack.WebUrl);

        var answers = new List<string>();
        for (var i = 0; i < 6; i++) answers.Add(await SignInAsync(stranger, merchant.Email, "wrong-password-" + i));
        answers.Take(4).ShouldAllBe(a => a == NoMatch);
        answers.Skip(4).ShouldAllBe(a => a.StartsWith(WaitMessage));
        (await SignInAsync(stranger, merchant.Email, merchant.Password)).ShouldStartWith(WaitMessage, Case.Sensitive, "the right password waits too");

        var home = await owner.SubmitAsync(await owner.GetAsync("/login"), "form", new() { ["email"] = merchant.Email, ["password"] = merchant.Password });

        home.Url.AbsolutePath.ShouldBe("/", "the owner's browser signed in before, so the wait does not apply to it");
    }

    [Fact]
    public async Task The_wait_passes_and_grows_with_each_further_wrong_password()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var stranger = new Browser(Stack.WebUrl);
        for (var i = 0; i < 5; i++) await SignInAsync(stranger, merchant.Email, "wrong");

        Stack.Clock.Advance(TimeSpan.FromSeconds(31));
        (await SignInAsync(stranger, merchant.Email, "wrong again")).ShouldContain("Wait 1 minute and try again");
        Stack.Clock.Advance(TimeSpan.FromSeconds(61));

        using var fresh = new Browser(Stack.WebUrl);
        var home = await fresh.SubmitAsync(await fresh.GetAsync("/login"), "form", new() { ["email"] = merchant.Email, ["password"] = merchant.Password });
        home.Url.AbsolutePath.ShouldBe("/", "once the wait is over the right password works from anywhere");
    }

    [Fact]
    public async Task A_real_and_an_unknown_email_get_the_same_answers()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.test";
        using var browser = new Browser(Stack.WebUrl);

        for (var i = 0; i < 7; i++)
        {
            var real = await SignInAsync(browser, merchant.Email, "wrong-" + i);
            var none = await SignInAsync(browser, unknown, "wrong-" + i);
            // The wait counts down between the two requests (29 s for one, 30 for the other on a busy machine): the words must match.
            WithoutNumbers(none).ShouldBe(WithoutNumbers(real), $"attempt {i + 1}");
        }
    }

    private static string WithoutNumbers(string answer) => System.Text.RegularExpressions.Regex.Replace(answer, "[0-9]+", "N");

    [Fact]
    public async Task An_unknown_email_takes_about_as_long_as_a_real_one()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var browser = new Browser(Stack.WebUrl);
        // Medians of a few alternating attempts: before the fix an unknown email skipped the password hash (7 ms against 160 ms).
        var real = new List<double>();
        var none = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            real.Add(await TimeAsync(() => SignInAsync(browser, merchant.Email, "wrong-" + i)));
            none.Add(await TimeAsync(() => SignInAsync(browser, $"nobody-{Guid.NewGuid():N}@example.test", "wrong-" + i)));
        }

        Median(none).ShouldBeGreaterThan(Median(real) * 0.4, $"real {string.Join(", ", real)} ms; unknown {string.Join(", ", none)} ms");
    }

    private static async Task<string> SignInAsync(Browser browser, string email, string password)
    {
        var page = await browser.SubmitAsync(await browser.GetAsync("/login"), "form", new() { ["email"] = email, ["password"] = password });
        page.Status.ShouldBe(HttpStatusCode.OK);
        return page.Document.QuerySelector("[role=alert]")?.TextContent.Trim() ?? "";
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}

/// <summary>The app's own password hashing: an unknown email must cost what a real one costs.</summary>
public sealed class ProductionHashingSqliteStack() : StackFixture(StoreProvider.Sqlite, TestStack.ProductionPasswordHashing);

public sealed class ProductionHashingPostgresStack() : StackFixture(StoreProvider.Postgres, TestStack.ProductionPasswordHashing);

public sealed class SignInAbuseOnSqliteTests(ProductionHashingSqliteStack fixture) : SignInAbuseTests(fixture), IClassFixture<ProductionHashingSqliteStack>;

public sealed class SignInAbuseOnPostgresTests(ProductionHashingPostgresStack fixture) : SignInAbuseTests(fixture), IClassFixture<ProductionHashingPostgresStack>;

/// <summary>Sign-in and API keys limited per client IP with the framework's rate limiter; each test is its own loopback address.</summary>
public abstract class SignInRateLimitTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task One_address_gets_a_few_sign_in_attempts_a_minute_and_then_a_friendly_429()
    {
        var from = LoopbackFrom.NextAddress();
        using var browser = new Browser(Stack.WebUrl, from);
        var statuses = new List<HttpStatusCode>();
        BrowserPage last = null!;
        for (var i = 0; i < 40; i++)
        {
            last = await browser.PostFormAsync("/login", new() { ["email"] = $"x{i}@example.test", ["password"] = "guess" });
            statuses.Add(last.Status);
        }

        statuses.Count(s => s == HttpStatusCode.TooManyRequests).ShouldBeGreaterThanOrEqualTo(35, string.Join(",", statuses.Select(s => (int)s)));
        statuses.ShouldNotContain(s => (int)s >= 500);
        last.Heading.ShouldBe("Too many sign-in attempts");
        using var other = new Browser(Stack.WebUrl, LoopbackFrom.NextAddress());
        (await other.GetAsync("/login")).Status.ShouldBe(HttpStatusCode.OK, "another address is not limited");
        var merchant = await Stack.CreateMerchantAsync();
        var home = await other.SubmitAsync(await other.GetAsync("/login"), "form", new() { ["email"] = merchant.Email, ["password"] = merchant.Password });
        home.Url.AbsolutePath.ShouldBe("/");
    }

    [Fact]
    public async Task Wrong_api_keys_from_one_address_are_refused_with_429_while_a_key_in_use_keeps_working()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var from = LoopbackFrom.NextAddress();
        using var client = LoopbackFrom.Client(Stack.WebUrl, from);
        using var good = new HttpRequestMessage(HttpMethod.Get, "/api/v1/carrier-accounts") { Headers = { { "Authorization", "Bearer " + merchant.ApiKey } } };
        (await client.SendAsync(good)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            using var guess = new HttpRequestMessage(HttpMethod.Get, "/api/v1/carrier-accounts") { Headers = { { "Authorization", $"Bearer cl_guess_{i}" } } };
            using var response = await client.SendAsync(guess);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
                response.Headers.RetryAfter.ShouldNotBeNull();
            }
        }

        statuses.Take(3).ShouldAllBe(s => s == HttpStatusCode.Unauthorized);
        statuses.Skip(3).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/carrier-accounts") { Headers = { { "Authorization", "Bearer " + merchant.ApiKey } } };
        (await client.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.OK, "the key this node just checked keeps working");
        using var elsewhere = LoopbackFrom.Client(Stack.WebUrl, LoopbackFrom.NextAddress());
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/carrier-accounts") { Headers = { { "Authorization", "Bearer cl_guess_x" } } };
        (await elsewhere.SendAsync(wrong)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "another address has its own count");
    }
}

public sealed class RateLimitedSqliteStack() : StackFixture(StoreProvider.Sqlite, RateLimited.Args);

public sealed class RateLimitedPostgresStack() : StackFixture(StoreProvider.Postgres, RateLimited.Args);

public static class RateLimited
{
    public static readonly string[] Args = ["--Security:SignIn:AttemptsPerIpPerMinute=5", "--Security:SignIn:FailedApiKeysPerIpPerMinute=3"];
}

public sealed class SignInRateLimitOnSqliteTests(RateLimitedSqliteStack fixture) : SignInRateLimitTests(fixture), IClassFixture<RateLimitedSqliteStack>;

public sealed class SignInRateLimitOnPostgresTests(RateLimitedPostgresStack fixture) : SignInRateLimitTests(fixture), IClassFixture<RateLimitedPostgresStack>;
