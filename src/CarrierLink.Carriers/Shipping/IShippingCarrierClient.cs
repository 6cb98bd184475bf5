using CarrierLink.Carriers.OAuth;

namespace CarrierLink.Carriers.Shipping;

/// <summary>Who a call is made as: the carrier access credential and the account it belongs to.</summary>
public sealed record CarrierSession(string AccessToken, CarrierAccountIdentity Identity)
{
    public override string ToString() => $"CarrierSession({Identity.Masked()})";
}

/// <summary>
/// The five shipping operations of product.md, flow A. Every outcome is a value: a 401 is
/// AuthRejected (the caller decides whether a refresh can save it), never an exception.
/// </summary>
public interface IShippingCarrierClient
{
    string Carrier { get; }

    Task<CarrierResult<IReadOnlyList<Rate>>> GetRatesAsync(CarrierSession session, RatesRequest request, CancellationToken cancellationToken);

    Task<CarrierResult<PurchasedLabel>> BuyLabelAsync(CarrierSession session, LabelRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Finds a label bought earlier with <see cref="LabelRequest.Reference"/>, so a purchase whose
    /// answer was lost is reconciled instead of bought again. Null when no such label exists.
    /// </summary>
    Task<CarrierResult<PurchasedLabel?>> FindLabelAsync(CarrierSession session, string reference, CancellationToken cancellationToken);

    Task<CarrierResult<VoidedLabel>> VoidLabelAsync(CarrierSession session, string trackingNumber, string? carrierLabelId, CancellationToken cancellationToken);

    Task<CarrierResult<EndOfDayForm>> CreateEndOfDayFormAsync(CarrierSession session, EndOfDayRequest request, CancellationToken cancellationToken);

    Task<CarrierResult<ScheduledPickup>> SchedulePickupAsync(CarrierSession session, PickupRequest request, CancellationToken cancellationToken);

    Task<CarrierResult<bool>> CancelPickupAsync(CarrierSession session, string confirmationNumber, string? carrierPickupId, CancellationToken cancellationToken);
}
