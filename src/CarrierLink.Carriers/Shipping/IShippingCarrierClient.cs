using CarrierLink.Carriers.OAuth;

namespace CarrierLink.Carriers.Shipping;

/// <summary>
/// Who a call is made as: the carrier access credential and the account it belongs to, when known (a USPS
/// sign-in may not name its account until the merchant enters the numbers).
/// </summary>
public sealed record CarrierSession(string AccessToken, CarrierAccountIdentity? Identity)
{
    public override string ToString() => $"CarrierSession({Identity?.Masked() ?? "account not named"})";
}

/// <summary>A carrier whose account numbers a merchant may type in, and which can confirm them without buying anything.</summary>
public interface IAccountDetailsCheck
{
    /// <summary>Success when the carrier accepts <see cref="CarrierSession.Identity"/> as the signed-in account's own.</summary>
    Task<CarrierResult<bool>> ConfirmAccountDetailsAsync(CarrierSession session, CancellationToken cancellationToken);
}

/// <summary>
/// The five shipping operations of product.md, flow A. Every outcome is a value: a 401 is
/// AuthRejected (the caller decides whether a refresh can save it), never an exception.
/// </summary>
public interface IShippingCarrierClient
{
    string Carrier { get; }

    Task<CarrierResult<IReadOnlyList<Rate>>> GetRatesAsync(CarrierSession session, RatesRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Buys a label under the carrier's idempotency key derived from <see cref="LabelRequest.Reference"/>
    /// (<see cref="CarrierIdempotencyKey"/>): the same request sent again returns the label already bought.
    /// </summary>
    Task<CarrierResult<PurchasedLabel>> BuyLabelAsync(CarrierSession session, LabelRequest request, CancellationToken cancellationToken);

    Task<CarrierResult<VoidedLabel>> VoidLabelAsync(CarrierSession session, string trackingNumber, string? carrierLabelId, CancellationToken cancellationToken);

    Task<CarrierResult<EndOfDayForm>> CreateEndOfDayFormAsync(CarrierSession session, EndOfDayRequest request, CancellationToken cancellationToken);

    Task<CarrierResult<ScheduledPickup>> SchedulePickupAsync(CarrierSession session, PickupRequest request, CancellationToken cancellationToken);

    Task<CarrierResult<bool>> CancelPickupAsync(CarrierSession session, string confirmationNumber, string? carrierPickupId, CancellationToken cancellationToken);
}
