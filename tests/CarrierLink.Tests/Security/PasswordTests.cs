using System.Text.RegularExpressions;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Merchants;
using Shouldly;

namespace CarrierLink.Tests.Security;

/// <summary>
/// Issue 13, finding 9: passwords of at least 12 characters that are not common or breached; merchants change their
/// own password and reset a forgotten one through a mailed one-time link; either ends their other sessions.
/// </summary>
public abstract partial class PasswordTests(StackFixture fixture)
{
    private const string NewPassword = "plum tractor violin 58";
    private TestStack Stack => fixture.Stack;

    [Theory]
    [InlineData("eight-ch")]
    [InlineData("password1234")]
    [InlineData("Iloveyou2026!")]
    [InlineData("manchesterunited")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    public async Task A_short_common_or_breached_password_is_refused_for_a_new_merchant(string password)
    {
        await using var scope = Stack.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<MerchantAccounts>()
            .CreateAsync("Weak", $"weak-{Guid.NewGuid():N}@example.test", password, null, CancellationToken.None);

        result.ShouldBeOfType<CreateMerchantResult.Rejected>().Field.ShouldBe("password");
    }

    [Fact]
    public async Task A_merchant_changes_their_password_and_their_other_browsers_are_signed_out()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var here = await merchant.SignedInBrowserAsync();
        using var elsewhere = await merchant.SignedInBrowserAsync();

        var wrong = await ChangeAsync(here, "not-my-password", NewPassword);
        wrong.Text.ShouldContain("Your current password is not right.");
        var common = await ChangeAsync(here, merchant.Password, "password2026!");
        common.Text.ShouldContain("leaked in data breaches");
        var changed = await ChangeAsync(here, merchant.Password, NewPassword);

        changed.Text.ShouldContain("Your password is changed.");
        (await here.GetAsync("/settings")).Heading.ShouldBe("Settings", "the browser that changed it stays signed in");
        (await elsewhere.GetAsync("/settings")).Url.AbsolutePath.ShouldBe("/login");
        (await SignInAsync(merchant.Email, merchant.Password)).Url.AbsolutePath.ShouldBe("/login");
        (await SignInAsync(merchant.Email, NewPassword)).Url.AbsolutePath.ShouldBe("/");
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_through_a_one_time_mailed_link()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var signedIn = await merchant.SignedInBrowserAsync();
        using var browser = new Browser(Stack.WebUrl);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.test";

        var forUnknown = await browser.SubmitAsync(await browser.GetAsync("/login/forgot"), "form", new() { ["email"] = unknown });
        var forReal = await browser.SubmitAsync(await browser.GetAsync("/login/forgot"), "form", new() { ["email"] = merchant.Email });

        forReal.Document.QuerySelector("[role=status]")!.TextContent.ShouldBe(forUnknown.Document.QuerySelector("[role=status]")!.TextContent);
        Stack.MailTo(unknown).ShouldBeEmpty();
        var mail = Stack.MailTo(merchant.Email).ShouldHaveSingleItem();
        mail.Subject.ShouldBe("Reset your CarrierLink password");
        var link = new Uri(ResetLink().Match(mail.TextBody ?? "").Value);

        // The token is in the fragment; the page's script puts it into the form (this browser runs no script).
        var form = await browser.GetAsync(link.PathAndQuery);
        var done = await browser.SubmitAsync(form, "form", new() { ["token"] = link.Fragment[1..], ["new_password"] = NewPassword, ["confirm_password"] = NewPassword });

        done.Text.ShouldContain("Your password is changed");
        (await signedIn.GetAsync("/settings")).Url.AbsolutePath.ShouldBe("/login", "a reset signs every browser out");
        (await SignInAsync(merchant.Email, NewPassword)).Url.AbsolutePath.ShouldBe("/");
        var again = await browser.SubmitAsync(await browser.GetAsync(link.PathAndQuery), "form",
            new() { ["token"] = link.Fragment[1..], ["new_password"] = "another fine passphrase", ["confirm_password"] = "another fine passphrase" });
        again.Text.ShouldContain("This link has expired or was used already.");
    }

    [Fact]
    public async Task A_reset_link_stops_working_after_thirty_minutes()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var browser = new Browser(Stack.WebUrl);
        await browser.SubmitAsync(await browser.GetAsync("/login/forgot"), "form", new() { ["email"] = merchant.Email });
        var link = new Uri(ResetLink().Match(Stack.MailTo(merchant.Email).Single().TextBody ?? "").Value);
        var form = await browser.GetAsync(link.PathAndQuery);

        Stack.Clock.Advance(TimeSpan.FromMinutes(31));
        var late = await browser.SubmitAsync(form, "form", new() { ["token"] = link.Fragment[1..], ["new_password"] = NewPassword, ["confirm_password"] = NewPassword });

        late.Text.ShouldContain("This link has expired or was used already.");
        (await SignInAsync(merchant.Email, merchant.Password)).Url.AbsolutePath.ShouldBe("/", "the old password still works");
    }

    private static async Task<BrowserPage> ChangeAsync(Browser browser, string current, string replacement) =>
        await browser.SubmitAsync(await browser.GetAsync("/account/password"), "form[method=post]:not(.signout)",
            new() { ["current_password"] = current, ["new_password"] = replacement, ["confirm_password"] = replacement }, "Change password");

    private async Task<BrowserPage> SignInAsync(string email, string password)
    {
        using var browser = new Browser(Stack.WebUrl);
        return await browser.SubmitAsync(await browser.GetAsync("/login"), "form", new() { ["email"] = email, ["password"] = password });
    }

    [GeneratedRegex(@"http://\S+/login/reset#[A-Za-z0-9_-]+")]
    private static partial Regex ResetLink();
}

public sealed class PasswordOnSqliteTests(SqliteStack fixture) : PasswordTests(fixture), IClassFixture<SqliteStack>;

public sealed class PasswordOnPostgresTests(PostgresStack fixture) : PasswordTests(fixture), IClassFixture<PostgresStack>;
