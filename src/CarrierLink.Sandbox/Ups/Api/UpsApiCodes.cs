namespace CarrierLink.Sandbox.Ups.Api;

/// <summary>
/// The codes the sandbox answers UPS API refusals with. ~ = seen in UPS's developer guides or third-party reports;
/// ✘ = the sandbox's own choice where UPS publishes nothing (the client decides only on the ✘ ones it must, each named below).
/// </summary>
public static class UpsApiCodes
{
    /// <summary>~ "The XML document is not well formed" (UPS's XML-era code kept by the JSON APIs).</summary>
    public const string NotWellFormed = "10001";

    /// <summary>~ "The document is well formed but the document is not valid": a required element is missing or invalid.</summary>
    public const string NotValid = "10002";

    /// <summary>~ Rating/Shipping: the service is unavailable between the locations (also: unknown service code).</summary>
    public const string ServiceUnavailable = "111210";

    /// <summary>~ A postal code that is not a US ZIP.</summary>
    public const string InvalidPostalCode = "111285";

    /// <summary>~ Over the per-package weight limit (150 lb).</summary>
    public const string TooHeavy = "111035";

    /// <summary>✘ Void: no shipment by that number for this login.</summary>
    public const string NoShipmentToVoid = "190102";

    /// <summary>✘ Void: the shipment was voided before (the client reads it as "an earlier void went through").</summary>
    public const string AlreadyVoided = "190117";

    /// <summary>✘ Pickup: the date is in the past, more than 30 days out, or a Sunday.</summary>
    public const string InvalidPickupDate = "9500510";

    /// <summary>✘ Pickup cancel: no pickup by that PRN for this login.</summary>
    public const string NoPickup = "9510113";

    /// <summary>✘ Pickup cancel: the pickup was cancelled before (the client reads it as "an earlier cancel went through").</summary>
    public const string PickupAlreadyCancelled = "9510114";
}
