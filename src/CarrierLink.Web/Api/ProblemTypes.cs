namespace CarrierLink.Web.Api;

/// <summary>A problem type the API answers with: its slug, its status and when it comes.</summary>
public sealed record ProblemType(string Slug, int Status, string When);

/// <summary>
/// Every problem <c>type</c> CarrierLink's API answers with (http-api.md names the contract's; the rest are ours). The
/// OpenAPI document lists them under each status, so a client can switch on the slug without reading the code.
/// </summary>
public static class ProblemTypes
{
    public static readonly IReadOnlyList<ProblemType> All =
    [
        new("validation", 400, "The request is invalid, or the carrier rejected a field: see errors."),
        new("unauthorized", 401, "No API key, or not a valid one: send 'Authorization: Bearer <api_key>'."),
        new("not-found", 404, "No such resource for this API key's merchant (another merchant's id answers the same)."),
        new("form-pdf-not-received", 404, "The carrier never sent the End of Day form's PDF."),
        new("method-not-allowed", 405, "The path exists but not with this method."),
        new("account-disconnected", 409, "The account was removed; add it again."),
        new("support-required", 409, "Only the carrier's Customer Service reconnects this account: open a support request."),
        new("support-not-needed", 409, "The account does not need Customer Service."),
        new("verification-expired", 409, "The carrier's verification expired; start again with reconnect."),
        new("carrier-refused", 409, "The carrier refused to connect the account."),
        new("reconnect-not-allowed", 409, "The account cannot be reconnected this way."),
        new("account-suspended", 409, "The carrier suspended the account."),
        new("account-not-connected", 409, "The account is not connected (pending, needs_reconnect ...)."),
        new("account-details-required", 409, "The carrier needs the account's numbers first: PUT them to account_details_url."),
        new("password-change-not-allowed", 409, "The password cannot be changed now."),
        new("request-in-progress", 409, "The same Idempotency-Key's request is still being carried out; retry later."),
        new("label-outcome-unknown", 409, "CarrierLink cannot tell whether the carrier bought this label; see the reconciliation report."),
        new("pickup-unconfirmed-at-carrier", 409, "The carrier has the pickup but never sent its confirmation number."),
        new("too-many-api-keys", 409, "The merchant has as many active API keys as allowed."),
        new("too-many-webhook-endpoints", 409, "The merchant has as many webhook endpoints as allowed."),
        new("webhook-endpoint-disabled", 409, "The webhook endpoint is turned off."),
        new("webhook-delivery-in-flight", 409, "The delivery is being sent right now."),
        new("payload-too-large", 413, "The body is larger than any request to this API needs."),
        new("unsupported-media-type", 415, "The body is not JSON: send Content-Type: application/json."),
        new("password-rejected", 422, "The carrier's password rules refused the new password: see failed_rules."),
        new("idempotency-key-reused", 422, "This Idempotency-Key was used for a different request."),
        new("reconnect-required", 424, "The carrier rejected the credentials; the account is now needs_reconnect: see reconnect_url."),
        new("support-required", 424, "The carrier rejected the credentials and only Customer Service reconnects the account."),
        new("too-many-requests", 429, "Too many wrong API keys from this address: wait Retry-After seconds."),
        new("internal-error", 500, "CarrierLink could not finish the request; nothing was lost."),
        new("carrier-unavailable", 503, "The carrier is failing (after retries): retry after Retry-After; the account's state did not change."),
        new("database-unavailable", 503, "CarrierLink cannot reach its database: retry after Retry-After."),
    ];

    public static IEnumerable<ProblemType> WithStatus(int status) => All.Where(t => t.Status == status);
}
