using System.Buffers.Binary;
using System.Security.Cryptography;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Security;

/// <summary>
/// Issue 13, finding 9: a second factor (TOTP with recovery codes, ASVS level 2). The codes here come from a small
/// RFC 6238 implementation of the test's own, not from the library CarrierLink uses.
/// </summary>
public abstract class TwoStepSignInTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task With_two_step_sign_in_on_a_password_alone_is_not_enough_and_each_code_works_once()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var (key, recoveryCodes) = await TurnOnAsync(merchant);
        recoveryCodes.Count.ShouldBe(10);

        using var browser = new Browser(Stack.WebUrl);
        var step = await browser.SubmitAsync(await browser.GetAsync("/login"), "form", new() { ["email"] = merchant.Email, ["password"] = merchant.Password });
        step.Url.AbsolutePath.ShouldBe("/login/two-factor");
        (await browser.GetAsync("/settings")).Url.AbsolutePath.ShouldBe("/login", "the password alone signs nobody in");

        var wrong = await browser.SubmitAsync(step, "form", new() { ["code"] = "000000" == Code(key) ? "111111" : "000000" });
        wrong.Text.ShouldContain("That code is not right.");
        Stack.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = Code(key);
        var home = await browser.SubmitAsync(wrong, "form", new() { ["code"] = code });
        home.Url.AbsolutePath.ShouldBe("/");

        using var replay = new Browser(Stack.WebUrl);
        var replayStep = await replay.SubmitAsync(await replay.GetAsync("/login"), "form", new() { ["email"] = merchant.Email, ["password"] = merchant.Password });
        (await replay.SubmitAsync(replayStep, "form", new() { ["code"] = code })).Text.ShouldContain("That code is not right.", Case.Sensitive, "a code is good once");
        var byRecovery = await replay.SubmitAsync(replayStep, "form", new() { ["code"] = recoveryCodes[0] });
        byRecovery.Url.AbsolutePath.ShouldBe("/");

        using var third = new Browser(Stack.WebUrl);
        var thirdStep = await third.SubmitAsync(await third.GetAsync("/login"), "form", new() { ["email"] = merchant.Email, ["password"] = merchant.Password });
        (await third.SubmitAsync(thirdStep, "form", new() { ["code"] = recoveryCodes[0] })).Text.ShouldContain("That code is not right.", Case.Sensitive, "a recovery code is good once");
    }

    [Fact]
    public async Task Guessing_codes_makes_the_second_step_wait()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var (key, _) = await TurnOnAsync(merchant);
        using var browser = new Browser(Stack.WebUrl);
        var step = await browser.SubmitAsync(await browser.GetAsync("/login"), "form", new() { ["email"] = merchant.Email, ["password"] = merchant.Password });

        BrowserPage page = step;
        var right = Code(key);
        for (var i = 0; i < 5; i++) page = await browser.SubmitAsync(step, "form", new() { ["code"] = right == "123456" ? "654321" : "123456" });
        page.Text.ShouldContain("Too many wrong codes.");

        (await browser.SubmitAsync(step, "form", new() { ["code"] = Code(key) })).Text.ShouldContain("Too many wrong codes.", Case.Sensitive, "even the right code waits");
    }

    [Fact]
    public async Task Turning_two_step_sign_in_off_needs_the_password()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var (key, _) = await TurnOnAsync(merchant);
        using var browser = new Browser(Stack.WebUrl);
        var step = await browser.SubmitAsync(await browser.GetAsync("/login"), "form", new() { ["email"] = merchant.Email, ["password"] = merchant.Password });
        Stack.Clock.Advance(TimeSpan.FromSeconds(30));
        await browser.SubmitAsync(step, "form", new() { ["code"] = Code(key) });
        var page = await browser.GetAsync("/account/two-factor");

        (await browser.SubmitAsync(page, "form[action*='TurnOff']", new() { ["password"] = "not-the-password" }, "Turn off two-step sign-in"))
            .Text.ShouldContain("Your password is not right.");
        var off = await browser.SubmitAsync(page, "form[action*='TurnOff']", new() { ["password"] = merchant.Password }, "Turn off two-step sign-in");

        off.Text.ShouldContain("Two-step sign-in is off.");
        (await merchant.SignedInBrowserAsync()).Dispose();
    }

    private async Task<(string Key, List<string> RecoveryCodes)> TurnOnAsync(TestMerchant merchant)
    {
        using var browser = await merchant.SignedInBrowserAsync();
        var setup = await browser.SubmitAsync(await browser.GetAsync("/account/two-factor"), "form[action*='Begin']", new(), "Set up an authenticator app");
        var key = setup.Document.QuerySelector(".shared-key")!.TextContent.Trim();
        setup.Document.QuerySelector(".qr svg").ShouldNotBeNull("a QR code to scan");
        var wrong = await browser.SubmitAsync(setup, "form[action*='Confirm']", new() { ["code"] = Code(key) == "000000" ? "111111" : "000000" }, "Turn on");
        wrong.Text.ShouldContain("That code is not right.");
        var on = await browser.SubmitAsync(wrong, "form[action*='Confirm']", new() { ["code"] = Code(key) }, "Turn on");
        on.Text.ShouldContain("Two-step sign-in is on.");
        return (key, on.Document.QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent.Trim()).ToList());
    }

    /// <summary>RFC 6238 with its defaults (HMAC-SHA1, 30-second steps, 6 digits) at the stack's time.</summary>
    private string Code(string base32Key)
    {
        var counter = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, Stack.Clock.GetUtcNow().ToUnixTimeSeconds() / 30);
        // Note: RFC 6238's default, which every authenticator app uses; HMAC-SHA1 is not a weakness here (RFC 4226 appendix A).
#pragma warning disable CA5350
        var hash = HMACSHA1.HashData(Base32(base32Key), counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7fffffff) % 1_000_000;
        return value.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}

public sealed class TwoStepSignInOnSqliteTests(SqliteStack fixture) : TwoStepSignInTests(fixture), IClassFixture<SqliteStack>;

public sealed class TwoStepSignInOnPostgresTests(PostgresStack fixture) : TwoStepSignInTests(fixture), IClassFixture<PostgresStack>;
