using System.Security.Cryptography;
using CarrierLink.Sandbox.Customers;

namespace CarrierLink.Sandbox.Ups;

/// <summary>
/// Numbers shaped like UPS's: shipper (account) numbers of six letters and digits, 1Z tracking numbers that embed
/// the shipper number, and pickup request numbers (PRN). The shapes follow UPS's yaml (ShipperNumber maxLength 6,
/// TrackingNumber "1Z rules", length 18; PRN maxLength 11); the random parts are the sandbox's own.
/// </summary>
public static class UpsShipperNumbers
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";

    /// <summary>A new customer's one UPS account, unique among <paramref name="existing"/> (called under the store's lock).</summary>
    public static UpsAccountIds NewAccount(IEnumerable<Customer> existing)
    {
        var taken = existing.SelectMany(c => c.Ups?.ShipperNumbers ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            var number = Random(6);
            if (!taken.Contains(number)) return new UpsAccountIds([number]);
        }
    }

    public static bool IsShipperNumber(string? text) => text is { Length: 6 } && text.All(char.IsAsciiLetterOrDigit);

    /// <summary>"1Z" + shipper number + two-digit service + seven-digit serial + check digit: 18 characters.</summary>
    public static string TrackingNumber(string shipperNumber, string serviceCode)
    {
        var body = shipperNumber.ToUpperInvariant() + serviceCode.PadLeft(2, '0')[^2..] + Digits(7);
        return "1Z" + body + CheckDigit(body);
    }

    /// <summary>The 1Z check digit: letters count as (code - 63) mod 10; odd positions once, even positions twice.</summary>
    public static char CheckDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var value = char.IsAsciiDigit(body[i]) ? body[i] - '0' : (body[i] - 63) % 10;
            sum += i % 2 == 1 ? value * 2 : value;
        }
        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    /// <summary>A pickup request number: eleven characters, as in UPS's samples ("2929602E9CP").</summary>
    public static string PickupRequestNumber() => Digits(7) + Random(4);

    private static string Digits(int count) =>
        new(Enumerable.Range(0, count).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))).ToArray());

    private static string Random(int count) =>
        new(Enumerable.Range(0, count).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]).ToArray());
}
