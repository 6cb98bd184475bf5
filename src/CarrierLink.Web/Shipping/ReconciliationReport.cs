using System.Text.Json;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Shipping;

/// <summary>An operation whose outcome CarrierLink does not know yet, or knows only in part (a pickup the carrier has without its number).</summary>
public sealed record UnsettledOperationResponse(string Operation, string Status, string Description, DateTime Since, DateTime LastTriedAt, JsonElement? Request);

/// <summary>A record CarrierLink corrected to what the carrier did while an answer was lost.</summary>
public sealed record ReconciledResponse(DateTime At, string Detail);

/// <summary>GET /api/v1/carrier-accounts/{id}/reconciliation and `reconciliation report`: what disagrees with the carrier, and what was done.</summary>
public sealed record ReconciliationReportResponse(Guid AccountId, IReadOnlyList<UnsettledOperationResponse> Unsettled, IReadOnlyList<ReconciledResponse> Reconciled)
{
    private static readonly string[] Open = [IdempotencyStatuses.Unknown, IdempotencyStatuses.InProgress, IdempotencyStatuses.UnconfirmedAtCarrier];

    public static async Task<ReconciliationReportResponse> ReadAsync(CarrierLinkDb db, Guid accountId, CancellationToken cancellationToken, int limit = 100)
    {
        var unsettled = await UnsettledAsync(db, accountId, limit, cancellationToken);
        var reconciled = await db.AccountEvents.AsNoTracking()
            .Where(e => e.AccountId == accountId && e.Type == ReconciliationEvents.Reconciled)
            .OrderByDescending(e => e.Id).Take(limit).ToListAsync(cancellationToken);
        return new ReconciliationReportResponse(accountId, unsettled, reconciled.Select(e => new ReconciledResponse(e.At, e.Detail)).ToList());
    }

    /// <summary>Only what is still unsettled (the Ship page's "checking with USPS"), without the history of corrections.</summary>
    public static async Task<IReadOnlyList<UnsettledOperationResponse>> UnsettledAsync(CarrierLinkDb db, Guid accountId, int limit, CancellationToken cancellationToken)
    {
        var records = await db.IdempotencyRecords.AsNoTracking()
            .Where(r => r.AccountId == accountId && Open.Contains(r.Status))
            .OrderBy(r => r.CreatedAt).Take(limit).ToListAsync(cancellationToken);
        return records.Select(r => new UnsettledOperationResponse(r.Operation, r.Status, Describe(r), r.CreatedAt, r.UpdatedAt, Request(r))).ToList();
    }

    private static JsonElement? Request(IdempotencyRecord record)
    {
        if (record.RequestJson is null) return null;
        using var document = JsonDocument.Parse(record.RequestJson);
        return document.RootElement.Clone();
    }

    /// <summary>What the merchant reads: "checking with the carrier" until the reconciliation settles it.</summary>
    public static string Describe(IdempotencyRecord record) => record.Status switch
    {
        IdempotencyStatuses.UnconfirmedAtCarrier => $"{ShippingOperationNames.Describe(record.Operation)}: scheduled at the carrier, which never sent its confirmation number.",
        _ => $"{ShippingOperationNames.Describe(record.Operation)}: the carrier's answer was lost; checking with the carrier.",
    };
}
