using System.Text.Json;

namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>POST /payments/v3/payment-authorization: PAYER and LABEL_OWNER roles in, a token for X-Payment-Authorization-Token out.</summary>
public static class PaymentsEndpoints
{
    public static void MapUspsPayments(this IEndpointRouteBuilder app)
    {
        var payments = app.MapUspsApi("/payments/v3", scope: "payments", customerRequired: true);
        payments.MapPost("/payment-authorization", AuthorizeAsync);
    }

    private static async Task<IResult> AuthorizeAsync(HttpContext context, PaymentAuthorizations authorizations)
    {
        var (body, problem) = await UspsJsonBody.ReadAsync(context);
        if (problem is not null) return problem;

        var customer = context.Customer();
        var roles = body.Find("roles") is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().ToList() : [];
        var errors = new List<object>();
        var names = new List<string>();
        foreach (var role in roles)
        {
            var name = role.Text("roleName");
            if (name is null)
            {
                errors.Add(UspsErrorCatalog.Item("160219"));
                continue;
            }
            names.Add(name);
            var fill = new Dictionary<string, string> { ["<role>"] = name };
            if (role.Text("CRID") is null) errors.Add(UspsErrorCatalog.Item("160218", fill));
            if (role.Text("MID") is null) errors.Add(UspsErrorCatalog.Item("160221", fill));
            if (role.Text("manifestMID") is null) errors.Add(UspsErrorCatalog.Item("160222", fill));
            switch (role.Text("accountType"))
            {
                case null:
                    errors.Add(UspsErrorCatalog.Item("160223", fill));
                    break;
                case "EPS" when role.Text("accountNumber") is null:
                    errors.Add(UspsErrorCatalog.Item("160224", fill));
                    break;
                case "EPS" or "PERMIT":
                    break;
                default:
                    errors.Add(UspsErrorCatalog.Item("160220", fill));
                    break;
            }
        }
        if (names.Count != names.Distinct(StringComparer.Ordinal).Count()) errors.Add(UspsErrorCatalog.Item("160227"));
        if (!names.Contains("PAYER")) errors.Add(UspsErrorCatalog.Item("160228"));
        if (!names.Contains("LABEL_OWNER")) errors.Add(UspsErrorCatalog.Item("160229"));
        if (errors.Count > 0) return UspsErrors.BadRequest(context.Request.Path, [.. errors]);

        // The label owner's CRID and MIDs must be the signed-in business's own, enrolled in USPS Ship: another
        // mailer's numbers (or a typo) are refused here, which is how a platform confirms numbers a merchant typed.
        var ids = customer.Usps!;
        var owner = roles.First(r => r.Text("roleName") == "LABEL_OWNER");
        if (owner.Text("CRID") != ids.Crid || owner.Text("MID") != ids.Mid || owner.Text("manifestMID") != ids.ManifestMid)
        {
            return UspsErrors.BadRequest(context.Request.Path, UspsErrorCatalog.Item("160302", parameter: "roles"));
        }

        // The payer must be the signed-in account's own EPS account: a platform cannot spend someone else's money.
        var payer = roles.First(r => r.Text("roleName") == "PAYER");
        var accountNumber = payer.Text("accountNumber") ?? "";
        if (payer.Text("accountType") == "EPS" && accountNumber != customer.Usps!.AccountNumber)
        {
            return UspsErrors.BadRequest(context.Request.Path, UspsErrorCatalog.Item("100001", new Dictionary<string, string> { ["%s"] = accountNumber }));
        }

        return Results.Json(new
        {
            paymentAuthorizationToken = authorizations.Issue(customer.Username, accountNumber),
            roles,
        }, UspsErrors.Json);
    }
}
