namespace CarrierLink.Carriers.Shipping;

// The carrier-neutral shapes of http-api.md ("Shipping operations"): weights in ounces, sizes in inches.

public sealed record ShippingAddress(
    string Name,
    string? Company,
    string Street1,
    string? Street2,
    string City,
    string State,
    string Zip,
    string? Country = "US",
    string? Phone = null);

public sealed record RatesRequest(string FromZip, string ToZip, decimal WeightOz, decimal? LengthIn, decimal? WidthIn, decimal? HeightIn, string? MailClass);

public sealed record Rate(string MailClass, string Service, decimal Price, string Currency, string? Zone, int? DeliveryDays);

public sealed record LabelRequest(
    ShippingAddress FromAddress,
    ShippingAddress ToAddress,
    decimal WeightOz,
    string MailClass,
    decimal? LengthIn,
    decimal? WidthIn,
    decimal? HeightIn,
    DateOnly? MailingDate,
    string? Reference);

/// <param name="CarrierLabelId">The carrier's own id for the label where it differs from the tracking number (SERA).</param>
public sealed record PurchasedLabel(string TrackingNumber, decimal Price, string Currency, string? Zone, byte[] LabelPdf, string? CarrierLabelId = null)
{
    public override string ToString() => $"PurchasedLabel({TrackingNumber}, {Price} {Currency})";
}

public sealed record VoidedLabel(string TrackingNumber, string Status);

/// <param name="CarrierLabelIds">The carrier's ids of the same labels, in the same order, where it has its own.</param>
public sealed record EndOfDayRequest(IReadOnlyList<string> TrackingNumbers, DateOnly MailingDate, ShippingAddress FromAddress, IReadOnlyList<string?>? CarrierLabelIds = null);

public sealed record EndOfDayForm(string ManifestNumber, IReadOnlyList<string> TrackingNumbers, byte[] FormPdf)
{
    /// <summary>
    /// The carrier made this form for these labels earlier and only its answer was lost (USPS: "already part of
    /// another SCAN Form with efn ..."). The carrier does not send a form again, so <see cref="FormPdf"/> is empty.
    /// </summary>
    public bool MadeEarlier { get; init; }

    public override string ToString() => $"EndOfDayForm({ManifestNumber}, {TrackingNumbers.Count} labels)";
}

public sealed record PickupPackage(string Type, int Count);

/// <param name="ContactEmail">Where the carrier can reach the mailer about the pickup (USPS requires a contact).</param>
/// <param name="Reference">CarrierLink's name for this scheduling attempt: the carrier's idempotency key derives from it (SERA), so a resend is the same pickup.</param>
public sealed record PickupRequest(DateOnly PickupDate, ShippingAddress Address, IReadOnlyList<PickupPackage> Packages, string? Location, string? ContactEmail = null,
    string? Reference = null);

public sealed record ScheduledPickup(string ConfirmationNumber, DateOnly PickupDate, string? CarrierPickupId = null)
{
    /// <summary>
    /// The carrier refused because it already has a pickup at this address (USPS 020001), without saying which:
    /// after a lost answer, most likely the one CarrierLink asked for. <see cref="ConfirmationNumber"/> is empty.
    /// </summary>
    public bool AlreadyAtCarrier { get; init; }

    /// <summary>The carrier's words for <see cref="AlreadyAtCarrier"/>, for a merchant who did not retry.</summary>
    public string? CarrierMessage { get; init; }
}
