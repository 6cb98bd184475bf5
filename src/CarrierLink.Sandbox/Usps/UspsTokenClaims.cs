using CarrierLink.Sandbox.Customers;

namespace CarrierLink.Sandbox.Usps;

/// <summary>
/// The account claims of a customer's access token: mail_owners, payment_accounts and contracts, the names USPS
/// publishes. Their contents are not published, so this is the sandbox's reading (docs/decisions/0005): one mail
/// owner (CRID with its MID and label MID) and one EPS payment account, or empty arrays for a customer created
/// with account_in_token false, whose platform must learn the numbers from the merchant.
/// </summary>
public static class UspsTokenClaims
{
    public static IReadOnlyDictionary<string, object> For(Customer customer)
    {
        if (customer.Usps is not { } ids || !customer.AccountInToken)
            return new Dictionary<string, object> { ["mail_owners"] = Array.Empty<object>(), ["payment_accounts"] = Array.Empty<object>(), ["contracts"] = Array.Empty<object>() };

        return new Dictionary<string, object>
        {
            ["mail_owners"] = new object[] { new Dictionary<string, object> { ["crid"] = ids.Crid, ["mid"] = ids.Mid, ["manifest_mid"] = ids.ManifestMid } },
            ["payment_accounts"] = new object[] { new Dictionary<string, object> { ["account_type"] = "EPS", ["account_number"] = ids.AccountNumber } },
            ["contracts"] = Array.Empty<object>(),
        };
    }
}
