namespace CarrierLink.Web.Pages.Ship;

/// <summary>The Ship screen's inputs in form order, with the words a person reads when one is wrong.</summary>
public static class ShipWords
{
    public static IReadOnlyList<FieldWords> Rates { get; } =
    [
        new("from_zip", "rates-from", "From ZIP", "Enter the ZIP code you ship from"),
        new("to_zip", "rates-to", "To ZIP", "Enter the recipient's ZIP code"),
        new("weight_oz", "rates-weight", "Weight", "Enter the weight in ounces"),
    ];

    public static IReadOnlyList<FieldWords> Label { get; } =
    [
        new("ship_from", "ship-from", "Ship from", "Choose the address you ship from"),
        .. AddressWords.For("from_address", "from", "your"),
        .. AddressWords.For("to_address", "to", "the recipient's"),
        new("weight_oz", "label-weight", "Weight", "Enter the weight in ounces"),
        new("length_in", "label-length", "Length", "Enter the package's length in inches"),
        new("width_in", "label-width", "Width", "Enter the package's width in inches"),
        new("height_in", "label-height", "Height", "Enter the package's height in inches"),
        new("mail_class", "mail-class", "Service", "Choose a service"),
    ];

    public static IReadOnlyList<FieldWords> Pickup { get; } =
    [
        new("pickup_date", "pickup-date", "Pickup date", "Choose a pickup date"),
        new("packages[0].count", "pickup-count", "Packages", "Enter how many packages will be picked up"),
    ];
}
