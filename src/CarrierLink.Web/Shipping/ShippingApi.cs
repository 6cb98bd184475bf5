using System.ComponentModel;
using System.Text.Json;
using CarrierLink.Web.Api;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Shipping;

/// <summary>The contract's shipping operations under /api/v1/carrier-accounts/{id}/... (route names as http-api.md spells them).</summary>
public static class ShippingApi
{
    private const string IdempotencyKeyHelp =
        "A key of your choosing (a UUID is ideal), the same on every retry of this request: a retry never buys a second label "
        + "or books a second pickup, and answers as the first request did.";

    public static IEndpointRouteBuilder MapShippingApi(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/api/v1/carrier-accounts/{id}").RequireAuthorization(ApiAuthorization.Policy).WithTags("Shipping");
        account.MapPost("/rates", GetRates).WithSummary("Get rates");
        account.MapPost("/labels", BuyLabel).WithSummary("Buy a label");
        account.MapGet("/labels/{tracking_number}/pdf", LabelPdf).WithSummary("Download a label's PDF");
        account.MapPost("/labels/{tracking_number}/void", VoidLabel).WithSummary("Void a label");
        account.MapPost("/end-of-day", CreateEndOfDay).WithSummary("Create the End of Day form (USPS SCAN form)");
        account.MapGet("/end-of-day/{manifest_number}/pdf", ManifestPdf).WithSummary("Download an End of Day form's PDF");
        account.MapPost("/pickups", SchedulePickup).WithSummary("Schedule a pickup");
        account.MapDelete("/pickups/{confirmation_number}", CancelPickup).WithSummary("Cancel a pickup");
        account.MapGet("/reconciliation", Reconciliation).WithSummary("Operations whose outcome at the carrier is not yet known");
        return app;
    }

    private static async Task<Results<Ok<RatesResponse>, NotFoundProblem, BadRequestProblem, OperationProblem>> GetRates(
        HttpContext http, string id, RatesInput? body, CarrierLinkDb db, ShippingService shipping, IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body is null) return ApiProblems.Validation("body", "a JSON object is required");
        var errors = new InputErrors();
        if (ShippingInputValidation.Validate(body, errors) is not { } request) return ApiProblems.Validation(errors.ToDictionary());
        var outcome = await shipping.GetRatesAsync(account, request, cancellationToken);
        return outcome.Succeeded(out var rates)
            ? TypedResults.Ok(new RatesResponse(rates.Select(r => new RateResponse(r.MailClass, r.Service, r.Price, r.Currency, r.Zone, r.DeliveryDays)).ToList()))
            : outcome.ToProblem(connect.Value);
    }

    private static async Task<Results<Created<LabelResponse>, NotFoundProblem, BadRequestProblem, OperationProblem>> BuyLabel(
        HttpContext http, string id, LabelInput? body, [FromHeader(Name = "Idempotency-Key"), Description(IdempotencyKeyHelp)] string? idempotencyKey,
        CarrierLinkDb db, ShippingService shipping, IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body is null) return ApiProblems.Validation("body", "a JSON object is required");
        if (IdempotencyKeyProblem(idempotencyKey) is { } badKey) return badKey;
        var errors = new InputErrors();
        if (ShippingInputValidation.Validate(body, errors, shipping.Today) is not { } request) return ApiProblems.Validation(errors.ToDictionary());
        var outcome = await shipping.BuyLabelAsync(account, request, idempotencyKey, cancellationToken);
        return outcome.Succeeded(out var label)
            ? TypedResults.Created($"/api/v1/carrier-accounts/{account.Id}/labels/{label.TrackingNumber}/pdf", ToResponse(account, label))
            : outcome.ToProblem(connect.Value);
    }

    private static async Task<Results<Ok<VoidResponse>, NotFoundProblem, OperationProblem>> VoidLabel(
        HttpContext http, string id, [FromRoute(Name = "tracking_number")] string trackingNumber, CarrierLinkDb db, ShippingService shipping,
        IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        var outcome = await shipping.VoidLabelAsync(account, trackingNumber, cancellationToken);
        return outcome.Succeeded(out var label) ? TypedResults.Ok(new VoidResponse(label.TrackingNumber, label.Status)) : outcome.ToProblem(connect.Value);
    }

    private static async Task<Results<Ok<EndOfDayResponse>, NotFoundProblem, BadRequestProblem, OperationProblem>> CreateEndOfDay(
        HttpContext http, string id, EndOfDayInput? body, CarrierLinkDb db, ShippingService shipping, IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        var errors = new InputErrors();
        var date = errors.Date("mailing_date", body?.MailingDate, shipping.Today);
        if (errors.Any) return ApiProblems.Validation(errors.ToDictionary());
        var outcome = await shipping.CreateEndOfDayFormAsync(account, body?.TrackingNumbers, date!.Value, cancellationToken);
        if (!outcome.Succeeded(out var manifest)) return outcome.ToProblem(connect.Value);
        return TypedResults.Ok(new EndOfDayResponse(
            manifest.ManifestNumber,
            JsonSerializer.Deserialize<List<string>>(manifest.TrackingNumbersJson),
            manifest.FormPdf.Length > 0 ? $"/api/v1/carrier-accounts/{account.Id}/end-of-day/{manifest.ManifestNumber}/pdf" : null,
            manifest.FormPdf.Length > 0 ? null : EndOfDayForms.PdfNotReceived));
    }

    private static async Task<Results<Created<PickupResponse>, NotFoundProblem, BadRequestProblem, OperationProblem>> SchedulePickup(
        HttpContext http, string id, PickupInput? body, [FromHeader(Name = "Idempotency-Key"), Description(IdempotencyKeyHelp)] string? idempotencyKey,
        CarrierLinkDb db, ShippingService shipping, IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body is null) return ApiProblems.Validation("body", "a JSON object is required");
        var errors = new InputErrors();
        if (IdempotencyKeyProblem(idempotencyKey) is { } badKey) return badKey;
        if (ShippingInputValidation.Validate(body, errors) is not { } request) return ApiProblems.Validation(errors.ToDictionary());
        var outcome = await shipping.SchedulePickupAsync(account, request, idempotencyKey, cancellationToken);
        if (!outcome.Succeeded(out var pickup)) return outcome.ToProblem(connect.Value);
        return TypedResults.Created($"/api/v1/carrier-accounts/{account.Id}/pickups/{pickup.ConfirmationNumber}",
            new PickupResponse(pickup.ConfirmationNumber, pickup.PickupDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static async Task<Results<Ok<ReconciliationReportResponse>, NotFoundProblem>> Reconciliation(
        HttpContext http, string id, CarrierLinkDb db, CancellationToken cancellationToken) =>
        await http.FindAccountForOperationAsync(db, id, cancellationToken) is { } account
            ? TypedResults.Ok(await ReconciliationReportResponse.ReadAsync(db, account.Id, cancellationToken))
            : ApiProblems.NotFound();

    private static async Task<Results<NoContent, NotFoundProblem, OperationProblem>> CancelPickup(
        HttpContext http, string id, [FromRoute(Name = "confirmation_number")] string confirmationNumber, CarrierLinkDb db, ShippingService shipping,
        IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        var outcome = await shipping.CancelPickupAsync(account, confirmationNumber, cancellationToken);
        return outcome.Succeeded(out _) ? TypedResults.NoContent() : outcome.ToProblem(connect.Value);
    }

    private static async Task<Results<PdfFile, NotFoundProblem>> LabelPdf(
        HttpContext http, string id, [FromRoute(Name = "tracking_number")] string trackingNumber, CarrierLinkDb db, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        var label = await db.Labels.AsNoTracking().FirstOrDefaultAsync(l => l.AccountId == account.Id && l.TrackingNumber == trackingNumber, cancellationToken);
        return label is null ? ApiProblems.NotFound("label") : new PdfFile(label.LabelPdf, $"{label.TrackingNumber}.pdf");
    }

    private static async Task<Results<PdfFile, NotFoundProblem>> ManifestPdf(
        HttpContext http, string id, [FromRoute(Name = "manifest_number")] string manifestNumber, CarrierLinkDb db, CancellationToken cancellationToken)
    {
        if (await http.FindAccountForOperationAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        var manifest = await db.Manifests.AsNoTracking().FirstOrDefaultAsync(m => m.AccountId == account.Id && m.ManifestNumber == manifestNumber, cancellationToken);
        if (manifest is null) return ApiProblems.NotFound("End of Day form");
        return manifest.FormPdf.Length > 0
            ? new PdfFile(manifest.FormPdf, $"{manifest.ManifestNumber}.pdf")
            : new NotFoundProblem("form-pdf-not-received", "The carrier's PDF of this form never reached CarrierLink", EndOfDayForms.PdfNotReceived);
    }

    private static BadRequestProblem? IdempotencyKeyProblem(string? key) =>
        key is not null && (key.Length is 0 or > LabelPurchases.MaxKeyLength)
            ? ApiProblems.Validation("Idempotency-Key", $"must be 1 to {LabelPurchases.MaxKeyLength} characters")
            : null;

    public static LabelResponse ToResponse(CarrierAccount account, ShippingLabel label) =>
        new(label.TrackingNumber, label.Price, label.Currency, $"/api/v1/carrier-accounts/{account.Id}/labels/{label.TrackingNumber}/pdf", label.Status);
}
