using System.Text.RegularExpressions;

namespace CarrierLink.Carriers.Usps;

/// <summary>
/// USPS refusals that report an outcome rather than a fault: USPS's answer to a repeat of work it already did,
/// whose first answer was lost on the way. Codes and wording from USPS's error inventory
/// (../shared/spec/upstream/usps-error-inventory.tsv), so CarrierLink turns them into the state they prove.
/// </summary>
internal static partial class UspsSettledAnswers
{
    /// <summary>DELETE /labels/v3/label: "Order already canceled" — an earlier void went through.</summary>
    public const string LabelAlreadyCanceled = "160186";

    /// <summary>POST /scan-forms/v3/scan-form: "barcode [barcode] is already part of another SCAN Form with efn [EFN]".</summary>
    public const string AlreadyOnScanForm = "160040";

    /// <summary>POST /pickup/v3/carrier-pickup: "Pickup already exists for this address." (no number given, and no lookup but by number).</summary>
    public const string PickupAlreadyExists = "020001";

    /// <summary>"barcode 9400... is already part of another SCAN Form with efn 9275..." → the barcode and the form it is on.</summary>
    [GeneratedRegex(@"^barcode\s+(?<barcode>\S+)\s+is already part of another SCAN Form with efn\s+(?<efn>\S+?)\.?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    public static partial Regex OnScanForm();
}
