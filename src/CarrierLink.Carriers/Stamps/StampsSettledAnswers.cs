namespace CarrierLink.Carriers.Stamps;

/// <summary>
/// SERA refusals that report an outcome rather than a fault: SERA's answer to a repeat of work it already did,
/// whose first answer was lost on the way. SERA does not publish its error codes (carrier-protocols.md: error JSON ✘);
/// these are the sandbox's, kept here as data so the real ones replace them in one place.
/// </summary>
internal static class StampsSettledAnswers
{
    /// <summary>PUT /v1/labels/{id}/void: an earlier void went through.</summary>
    public const string LabelAlreadyVoided = "label_already_voided";

    /// <summary>DELETE /v1/pickups/{id}: an earlier cancellation went through.</summary>
    public const string PickupAlreadyCanceled = "pickup_already_canceled";

    /// <summary>
    /// POST /v1/manifests: a validation_error detail per label already on a manifest, naming it
    /// (<c>{"field":"label_ids[0]","code":"label_manifested","label_id","manifest_id"}</c>).
    /// </summary>
    public const string LabelManifested = "label_manifested";

    public const string ValidationError = "validation_error";
}
