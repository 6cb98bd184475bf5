using CarrierLink.Web.Merchants;
using CarrierLink.Web.Users;
using Shouldly;

namespace CarrierLink.Tests.Unit;

/// <summary>What a new password may be (issue 13, finding 9): long, not common or breached, not the email.</summary>
public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("eight-ch", "at least 12")]
    [InlineData("password1234", "leaked")]
    [InlineData("Sunshine2026!!", "leaked")]
    [InlineData("qwertyuiop123", "leaked")]
    [InlineData("zzzzzzzzzzzzzzzz", "too few")]
    [InlineData("ops.manager2026", "your email")]
    public void A_weak_password_is_refused_saying_why(string password, string why) =>
        PasswordPolicy.Refusal(password, "ops.manager@acme.test").ShouldNotBeNull().ShouldContain(why);

    [Theory]
    [InlineData("plum tractor violin 58")]
    [InlineData("merchant-password-1")]
    [InlineData("Ünïcödé pässwörd ✓")]
    public void A_long_uncommon_password_is_accepted(string password) =>
        PasswordPolicy.Refusal(password, "ops.manager@acme.test").ShouldBeNull();

    [Fact]
    public void The_demo_merchants_password_passes_so_the_first_README_command_starts()
    {
        var demo = new DemoSeedOptions();
        PasswordPolicy.Refusal(demo.Password, demo.Email).ShouldBeNull();
    }
}
