using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CarrierLink.Web.Api;

/// <summary>The document's title and introduction, the bearer API key scheme, and the tags' descriptions.</summary>
public sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string SecurityScheme = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "CarrierLink API",
            Version = "v1",
            Description = """
                Connect merchants' carrier accounts (USPS, UPS, FedEx, Stamps.com One Balance, UPS One Balance) once and ship
                through them: rates, labels, voids, End of Day forms and pickups, with the accounts' health kept by CarrierLink.

                **Authentication**: every request sends `Authorization: Bearer <api_key>`. A key sees only its own merchant's
                data; another merchant's id answers 404 exactly as an id that does not exist.

                **JSON** uses snake_case. **Lists** are paginated with `?limit=&cursor=` and answer `{"data": [...], "next_cursor": ...}`.

                **Errors** are RFC 9457 `application/problem+json` with a short `type` slug, `title`, `status`, `detail`
                and the fields each type names (`errors` for `validation`). Each response below lists the types it can carry.

                **Retries**: a label or pickup request retried with the same `Idempotency-Key` header is never carried out twice.
                """,
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "API key",
            Description = "A CarrierLink API key (Settings > API keys, or `merchants create` on the command line).",
        };
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Carriers", Description = "The carriers this CarrierLink offers and how each connects." },
            new() { Name = "Carrier accounts", Description = "Connect, reconnect, change and remove a merchant's carrier accounts; their timeline." },
            new() { Name = "Support requests", Description = "Accounts only the carrier's Customer Service can reconnect." },
            new() { Name = "Shipping", Description = "Rates, labels, voids, End of Day forms and pickups through a connected account." },
            new() { Name = "API keys", Description = "The merchant's API keys: create, rotate, revoke." },
            new() { Name = "Webhook endpoints", Description = "Where CarrierLink posts the merchant's events, and the delivery log." },
        };
        return Task.CompletedTask;
    }
}
