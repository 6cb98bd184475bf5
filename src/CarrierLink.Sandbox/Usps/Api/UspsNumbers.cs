using System.Security.Cryptography;
using System.Text;

namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>Numbers shaped like USPS's: IMpb tracking numbers that embed the mailer's MID, SCAN form numbers, pickup confirmations.</summary>
public static class UspsNumbers
{
    /// <summary>"94" + service type code + MID + serial + mod-10 check digit: 22 digits, as on a real IMpb label.</summary>
    public static string TrackingNumber(string mailClass, string mid) => WithCheckDigit("94" + ServiceTypeCode(mailClass) + Fit(mid, 9) + Digits(7));

    /// <summary>PS Form 5630 (SCAN form) barcode: "92" + "750" + MID + serial + check digit.</summary>
    public static string ScanFormNumber(string mid) => WithCheckDigit("92750" + Fit(mid, 9) + Digits(7));

    public static string PickupConfirmation() => "WTC" + Digits(8);

    private static string ServiceTypeCode(string mailClass) => mailClass switch
    {
        UspsPriceTable.PriorityMail => "055",
        UspsPriceTable.PriorityMailExpress => "701",
        _ => "001",
    };

    private static string Fit(string digits, int length) => digits.Length >= length ? digits[..length] : digits.PadLeft(length, '0');

    private static string Digits(int count)
    {
        var text = new StringBuilder(count);
        for (var i = 0; i < count; i++) text.Append((char)('0' + RandomNumberGenerator.GetInt32(10)));
        return text.ToString();
    }

    /// <summary>USPS mod 10: from the right, weights 3,1,3,1…; the check digit tops the sum up to a multiple of ten.</summary>
    public static string WithCheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++) sum += (digits[digits.Length - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
        return digits + (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
