namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>POST /prices/v3/base-rates/search: one base rate for a mail class, zone and weight (pounds).</summary>
public static class PricesEndpoints
{
    private static readonly DateOnly EarliestMailingDate = new(2022, 10, 2);

    public static void MapUspsPrices(this IEndpointRouteBuilder app)
    {
        // Prices need no business account: USPS answers them for a client_credentials token too.
        var prices = app.MapUspsApi("/prices/v3", scope: "prices", customerRequired: false);
        prices.MapPost("/base-rates/search", SearchAsync);
    }

    private static async Task<IResult> SearchAsync(HttpContext context, TimeProvider time)
    {
        var (body, problem) = await UspsJsonBody.ReadAsync(context);
        if (problem is not null) return problem;
        var path = context.Request.Path;

        var origin = body.Text("originZIPCode");
        var destination = body.Text("destinationZIPCode");
        var weight = body.Number("weight");
        var mailClass = body.Text("mailClass");
        if (origin is null || destination is null || weight is null || mailClass is null)
        {
            return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("030010"));
        }
        if (!UspsJsonBody.IsZip5(origin[..Math.Min(5, origin.Length)]) || !UspsJsonBody.IsZip5(destination[..Math.Min(5, destination.Length)]))
        {
            return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("030001"));
        }
        if (!UspsPriceTable.IsKnown(mailClass)) return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("030020"));
        if (weight <= 0 || weight > UspsPriceTable.MaxWeightLb) return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("030004"));
        if (UspsPriceTable.Oversize(mailClass, body.Number("length"), body.Number("width"), body.Number("height")))
        {
            return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("030008"));
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var mailingDate = body.Text("mailingDate") is { } text ? UspsJsonBody.Date(text) : today;
        if (mailingDate is null || mailingDate < EarliestMailingDate) return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("030003"));

        var quote = UspsPriceTable.Quote(mailClass, origin[..5], destination[..5], weight.Value);
        return Results.Json(new
        {
            totalBasePrice = quote.Price,
            rates = new[]
            {
                new
                {
                    SKU = quote.Sku,
                    description = quote.Description,
                    priceType = body.Text("priceType") ?? "COMMERCIAL",
                    price = quote.Price,
                    weight = quote.WeightLb,
                    dimWeight = 0,
                    fees = Array.Empty<object>(),
                    startDate = "2026-01-18",
                    endDate = "",
                    warnings = Array.Empty<object>(),
                    mailClass = quote.MailClass,
                    zone = quote.Zone,
                },
            },
        }, UspsErrors.Json);
    }
}
