namespace CarrierLink.Carriers.Usps;

/// <summary>The claim names in a USPS access token that name the business account and how it pays.</summary>
public static class UspsIdentity
{
    public const string ManifestMid = "manifest_mid";
    public const string PaymentAccountNumber = "account_number";
    public const string PaymentAccountType = "account_type";
}
