namespace CarrierLink.Web.Shipping;

// The contract's answers to the shipping operations (http-api.md, "Carrier-neutral bodies").

public sealed record RateResponse(string MailClass, string Service, decimal Price, string Currency, string? Zone, int? DeliveryDays);

public sealed record RatesResponse(IReadOnlyList<RateResponse> Rates);

/// <param name="LabelPdfUrl">Where the label's PDF is: GET it with the same API key.</param>
public sealed record LabelResponse(string TrackingNumber, decimal Price, string Currency, string LabelPdfUrl, string Status);

/// <param name="Status">voided, or disputed when the carrier will decide later.</param>
public sealed record VoidResponse(string TrackingNumber, string Status);

/// <param name="FormPdfUrl">Null when the carrier's PDF never arrived; FormPdfMissing then says so.</param>
public sealed record EndOfDayResponse(string ManifestNumber, List<string>? TrackingNumbers, string? FormPdfUrl, string? FormPdfMissing);

/// <param name="PickupDate">yyyy-MM-dd.</param>
public sealed record PickupResponse(string ConfirmationNumber, string PickupDate);
