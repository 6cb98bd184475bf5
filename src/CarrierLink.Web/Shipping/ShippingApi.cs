using System.Text.Json;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Api;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Shipping;

public sealed record RateResponse(string MailClass, string Service, decimal Price, string Currency, string? Zone, int? DeliveryDays);

public sealed record LabelResponse(string TrackingNumber, decimal Price, string Currency, string LabelPdfUrl, string Status);

/// <summary>The contract's shipping operations under /api/v1/carrier-accounts/{id}/...</summary>
public static class ShippingApi
{
    public static IEndpointRouteBuilder MapShippingApi(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/api/v1/carrier-accounts/{id}").RequireAuthorization(ApiAuthorization.Policy);
        account.MapPost("/rates", GetRates);
        account.MapPost("/labels", BuyLabel);
        account.MapGet("/labels/{trackingNumber}/pdf", LabelPdf);
        account.MapPost("/labels/{trackingNumber}/void", VoidLabel);
        account.MapPost("/end-of-day", CreateEndOfDay);
        account.MapGet("/end-of-day/{manifestNumber}/pdf", ManifestPdf);
        account.MapPost("/pickups", SchedulePickup);
        account.MapDelete("/pickups/{confirmationNumber}", CancelPickup);
        account.MapGet("/reconciliation", Reconciliation);
        return app;
    }

    private static async Task<IResult> GetRates(HttpContext http, string id, RatesInput? body, CarrierLinkDb db, ShippingService shipping, IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body is null) return ApiProblems.Validation("body", "a JSON object is required");
        var errors = new InputErrors();
        if (ShippingInputValidation.Validate(body, errors) is not { } request) return ApiProblems.Validation(errors.ToDictionary());
        var outcome = await shipping.GetRatesAsync(account, request, cancellationToken);
        return outcome.ToResult(connect.Value, rates => Results.Ok(new
        {
            rates = rates.Select(r => new RateResponse(r.MailClass, r.Service, r.Price, r.Currency, r.Zone, r.DeliveryDays)),
        }));
    }

    private static async Task<IResult> BuyLabel(HttpContext http, string id, LabelInput? body, CarrierLinkDb db, ShippingService shipping, IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body is null) return ApiProblems.Validation("body", "a JSON object is required");
        string? key = http.Request.Headers["Idempotency-Key"];
        if (key is not null && (key.Length is 0 or > LabelPurchases.MaxKeyLength))
            return ApiProblems.Validation("Idempotency-Key", $"must be 1 to {LabelPurchases.MaxKeyLength} characters");
        var errors = new InputErrors();
        if (ShippingInputValidation.Validate(body, errors, shipping.Today) is not { } request) return ApiProblems.Validation(errors.ToDictionary());
        var outcome = await shipping.BuyLabelAsync(account, request, key, cancellationToken);
        return outcome.ToResult(connect.Value, label => Results.Created($"/api/v1/carrier-accounts/{account.Id}/labels/{label.TrackingNumber}/pdf", ToResponse(account, label)));
    }

    private static async Task<IResult> VoidLabel(HttpContext http, string id, string trackingNumber, CarrierLinkDb db, ShippingService shipping, IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        var outcome = await shipping.VoidLabelAsync(account, trackingNumber, cancellationToken);
        return outcome.ToResult(connect.Value, label => Results.Ok(new { tracking_number = label.TrackingNumber, status = label.Status }));
    }

    private static async Task<IResult> CreateEndOfDay(HttpContext http, string id, EndOfDayInput? body, CarrierLinkDb db, ShippingService shipping, IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        var errors = new InputErrors();
        var date = errors.Date("mailing_date", body?.MailingDate, shipping.Today);
        if (errors.Any) return ApiProblems.Validation(errors.ToDictionary());
        var outcome = await shipping.CreateEndOfDayFormAsync(account, body?.TrackingNumbers, date!.Value, cancellationToken);
        return outcome.ToResult(connect.Value, manifest => Results.Ok(new
        {
            manifest_number = manifest.ManifestNumber,
            tracking_numbers = JsonSerializer.Deserialize<List<string>>(manifest.TrackingNumbersJson),
            form_pdf_url = manifest.FormPdf.Length > 0 ? $"/api/v1/carrier-accounts/{account.Id}/end-of-day/{manifest.ManifestNumber}/pdf" : null,
            form_pdf_missing = manifest.FormPdf.Length > 0 ? null : EndOfDayForms.PdfNotReceived,
        }));
    }

    private static async Task<IResult> SchedulePickup(HttpContext http, string id, PickupInput? body, CarrierLinkDb db, ShippingService shipping, IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body is null) return ApiProblems.Validation("body", "a JSON object is required");
        var errors = new InputErrors();
        string? key = http.Request.Headers["Idempotency-Key"];
        if (key is not null && (key.Length is 0 or > LabelPurchases.MaxKeyLength))
            return ApiProblems.Validation("Idempotency-Key", $"must be 1 to {LabelPurchases.MaxKeyLength} characters");
        if (ShippingInputValidation.Validate(body, errors) is not { } request) return ApiProblems.Validation(errors.ToDictionary());
        var outcome = await shipping.SchedulePickupAsync(account, request, key, cancellationToken);
        return outcome.ToResult(connect.Value, pickup => Results.Created($"/api/v1/carrier-accounts/{account.Id}/pickups/{pickup.ConfirmationNumber}",
            new { confirmation_number = pickup.ConfirmationNumber, pickup_date = pickup.PickupDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) }));
    }

    private static async Task<IResult> Reconciliation(HttpContext http, string id, CarrierLinkDb db, CancellationToken cancellationToken) =>
        await http.FindAccountForOperationAsync(db, id, cancellationToken) is { } account
            ? Results.Ok(await ReconciliationReportResponse.ReadAsync(db, account.Id, cancellationToken))
            : ApiProblems.NotFound();

    private static async Task<IResult> CancelPickup(HttpContext http, string id, string confirmationNumber, CarrierLinkDb db, ShippingService shipping, IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        var outcome = await shipping.CancelPickupAsync(account, confirmationNumber, cancellationToken);
        return outcome.ToResult(connect.Value, _ => Results.NoContent());
    }

    private static async Task<IResult> LabelPdf(HttpContext http, string id, string trackingNumber, CarrierLinkDb db, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        var label = await db.Labels.AsNoTracking().FirstOrDefaultAsync(l => l.AccountId == account.Id && l.TrackingNumber == trackingNumber, cancellationToken);
        return label is null ? ApiProblems.NotFound("label") : Results.File(label.LabelPdf, "application/pdf", $"{label.TrackingNumber}.pdf");
    }

    private static async Task<IResult> ManifestPdf(HttpContext http, string id, string manifestNumber, CarrierLinkDb db, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        var manifest = await db.Manifests.AsNoTracking().FirstOrDefaultAsync(m => m.AccountId == account.Id && m.ManifestNumber == manifestNumber, cancellationToken);
        if (manifest is null) return ApiProblems.NotFound("End of Day form");
        return manifest.FormPdf.Length > 0
            ? Results.File(manifest.FormPdf, "application/pdf", $"{manifest.ManifestNumber}.pdf")
            : Results.Problem(type: "form-pdf-not-received", title: "The carrier's PDF of this form never reached CarrierLink", statusCode: 404, detail: EndOfDayForms.PdfNotReceived);
    }

    public static LabelResponse ToResponse(CarrierAccount account, ShippingLabel label) =>
        new(label.TrackingNumber, label.Price, label.Currency, $"/api/v1/carrier-accounts/{account.Id}/labels/{label.TrackingNumber}/pdf", label.Status);
}
