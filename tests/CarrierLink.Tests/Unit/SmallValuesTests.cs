using CarrierLink.Web.Api;
using CarrierLink.Web.Data;
using Shouldly;

namespace CarrierLink.Tests.Unit;

public sealed class SmallValuesTests
{
    [Theory]
    [InlineData("Id", "id")]
    [InlineData("MerchantId", "merchant_id")]
    [InlineData("AccessTokenExpiresAt", "access_token_expires_at")]
    [InlineData("CarrierSubAccountId", "carrier_sub_account_id")]
    [InlineData("Xml", "xml")]
    public void Column_names_are_snake_case(string property, string column) => SnakeCase.From(property).ShouldBe(column);

    [Fact]
    public void A_cursor_round_trips_and_garbage_is_refused()
    {
        Page.TryParse(10, Page.Cursor("abc"), out var page, out _).ShouldBeTrue();
        page.After.ShouldBe("abc");
        Page.TryParse(null, "%%%", out _, out var problem).ShouldBeFalse();
        problem.ShouldNotBeNull();
        Page.TryParse(0, null, out _, out _).ShouldBeFalse();
    }
}
