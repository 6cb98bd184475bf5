using CarrierLink.Web.Pages.Settings.ShipFrom;

namespace CarrierLink.Web.Pages.Ship;

/// <summary>The Rates form: a quote only, so it stands apart from the label form (neither fills in the other).</summary>
public sealed class RatesForm
{
    public string? FromZip { get; set; }
    public string? ToZip { get; set; }
    public string? WeightOz { get; set; }
}

/// <summary>The label form: a saved ship-from address (or, before the first shipment, one typed in), a recipient, a parcel and a service.</summary>
public sealed class LabelForm
{
    public Guid? ShipFromId { get; set; }
    public AddressForm From { get; set; } = new();
    public AddressForm To { get; set; } = new();
    public string? WeightOz { get; set; }

    /// <summary>The parcel's size in inches: USPS prices and accepts a label only with all three (greater than 0).</summary>
    public string? LengthIn { get; set; }
    public string? WidthIn { get; set; }
    public string? HeightIn { get; set; }
    public string? MailClass { get; set; }
}

/// <summary>The price the carrier quoted for the label about to be bought, and the key that makes buying it happen once.</summary>
public sealed record LabelQuote(string ServiceName, decimal Price, int? DeliveryDays, string IdempotencyKey);
