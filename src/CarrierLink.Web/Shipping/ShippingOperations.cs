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
    public const string ConfirmAccountDetails = "account_details";

    /// <summary>The catalogue's name for the operation family (<see cref="CarrierLink.Carriers.Catalog.ShippingOperations"/>).</summary>
    public static string InCatalogue(string operation) => operation switch
    {
        Label => CarrierLink.Carriers.Catalog.ShippingOperations.Labels,
        Pickup or CancelPickup => CarrierLink.Carriers.Catalog.ShippingOperations.Pickups,
        _ => operation,
    };

    public static string Describe(string operation) => operation switch
    {
        Rates => "Get rates",
        Label => "Create the label",
        Void => "Void the label",
        EndOfDay => "Create the End of Day form",
        Pickup => "Schedule the pickup",
        CancelPickup => "Cancel the pickup",
        ConfirmAccountDetails => "Confirm the account details",
        _ => operation,
    };
}

/// <summary>What CarrierLink says about End of Day forms it holds without their PDF.</summary>
public static class EndOfDayForms
{
    public const string PdfNotReceived =
        "The carrier made this form when CarrierLink first asked, but its answer with the PDF was lost on the way, and the carrier does not send a form twice. " +
        "Its labels are on the form; the carrier can accept the parcels by scanning each label.";
}
