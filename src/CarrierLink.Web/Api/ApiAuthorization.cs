using CarrierLink.Web.Merchants;

namespace CarrierLink.Web.Api;

public static class ApiAuthorization
{
    public const string Policy = "api";

    /// <summary>The merchant an API key (or page session) acts for; endpoints only run once authorized.</summary>
    public static Guid MerchantId(this HttpContext http) =>
        CarrierLinkClaims.MerchantIdOf(http.User) ?? throw new InvalidOperationException("No merchant on an authorized request.");
}
