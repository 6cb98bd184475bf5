namespace CarrierLink.Web.Shipping;

/// <summary>Operation names as the timeline and the "offer it again" button use them.</summary>
public static class ShippingOperationNames
{
    public const string Rates = "rates";
    public const string Label = "label";
    public const string Void = "void";
    public const string EndOfDay = "end_of_day";
    public const string Pickup = "pickup";
    public const string CancelPickup = "cancel_pickup";

    public static string Describe(string operation) => operation switch
    {
        Rates => "Get rates",
        Label => "Create the label",
        Void => "Void the label",
        EndOfDay => "Create the End of Day form",
        Pickup => "Schedule the pickup",
        CancelPickup => "Cancel the pickup",
        _ => operation,
    };
}
