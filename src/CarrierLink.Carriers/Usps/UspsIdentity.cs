namespace CarrierLink.Carriers.Usps;

/// <summary>The detail keys of a USPS account's identity (read from token claims or entered by the merchant): manifest MID and how it pays.</summary>
public static class UspsIdentity
{
    public const string ManifestMid = "manifest_mid";
    public const string PaymentAccountNumber = "account_number";
    public const string PaymentAccountType = "account_type";
}
