using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Accounts;

public sealed record FailureResponse(DateTime At, string Kind, string Message);

/// <summary>What the health engine knows of the account: when it last asked the carrier, what it does next, what it holds.</summary>
public sealed record HealthResponse(
    DateTime? LastCheckedAt,
    DateTime? NextCheckAt,
    string? NextCheck,
    DateTime? TroubleSince,
    int TransientFailures,
    bool HeldByIncident,
    DateTime? GrantExpiresAt);

/// <summary>The contract's account shape. It never carries a token, password or secret.</summary>
public sealed record AccountResponse(
    Guid Id,
    string Carrier,
    string Nickname,
    string State,
    string? StateReason,
    DateTime StateChangedAt,
    DateTime? SnoozedUntil,
    string? CarrierAccountRef,
    JsonElement Settings,
    DateTime? LastSuccessAt,
    FailureResponse? LastFailure,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string? StateReasonCode,
    HealthResponse Health,
    bool AccountDetailsRequired)
{
    /// <param name="grantExpiresAt">When the carrier's grant ends for good (USPS: the refresh token's hard expiry), where known.</param>
    public static AccountResponse From(CarrierAccount account, DateTime? snoozedUntil = null, DateTime? grantExpiresAt = null) => new(
        account.Id,
        account.Carrier,
        account.Nickname,
        account.State.ToSlug(),
        account.StateReason,
        account.StateChangedAt,
        snoozedUntil,
        MaskedRef(account),
        JsonDocument.Parse(account.SettingsJson).RootElement.Clone(),
        account.LastSuccessAt,
        account.LastFailureAt is { } at ? new FailureResponse(at, account.LastFailureKind ?? "transient", account.LastFailureMessage ?? "") : null,
        account.CreatedAt,
        account.UpdatedAt,
        account.StateReasonCode,
        new HealthResponse(account.LastCheckedAt, account.NextDueAt, account.DueReason, account.TroubleSince, account.TransientFailures,
            account.HeldByIncidentId is not null, grantExpiresAt),
        account.State == ConnectionState.Connected && CarrierCatalog.Find(account.Carrier) is { } carrier && carrier.MissingAccountDetails(AccountIdentity.Of(account)));

    public static string? MaskedRef(CarrierAccount account) =>
        account.CarrierAccountId is null ? null : new CarrierAccountIdentity(account.CarrierAccountId, account.CarrierSubAccountId).Masked();
}

public sealed record EventResponse(DateTime At, string Type, string Detail);
