using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.Ups.Oauth;

namespace CarrierLink.Sandbox.Ups.Api;

/// <summary>
/// Who called a UPS API, and the transaction headers UPS publishes on every operation (transId, "an identifier
/// unique to the request", length 32; transactionSrc, the calling application, length 512): kept with what the call made.
/// </summary>
public sealed record UpsCaller(Customer Customer, string ClientId, string? TransId, string? TransactionSrc)
{
    public bool Owns(string? shipperNumber) =>
        shipperNumber is not null && (Customer.Ups?.ShipperNumbers ?? []).Contains(shipperNumber.Trim(), StringComparer.OrdinalIgnoreCase);
}

public static class UpsApiAuthorization
{
    /// <summary>
    /// A group of UPS API endpoints behind the access-token check: a bad, expired, revoked or expire-tokens'd token is
    /// 401 250002 "Invalid Authentication Information."; a suspended login's token is 403 (UPS's "Blocked Merchant").
    /// </summary>
    public static RouteGroupBuilder MapUpsApi(this IEndpointRouteBuilder app, string prefix)
    {
        var group = app.MapGroup(prefix);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var header = http.Request.Headers.Authorization.ToString();
            const string bearer = "Bearer ";
            var token = header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? header[bearer.Length..].Trim() : null;
            var record = http.RequestServices.GetRequiredService<UpsGrants>().FindAccessToken(token);
            var customer = record is null ? null : http.RequestServices.GetRequiredService<CustomerStore>().Find(Carriers.Ups, record.Username);
            if (record is null || customer is null) return UpsErrors.Unauthorized();
            // The exact instant, so "issued just before expire-tokens" and "just after" differ.
            if (customer.AccessTokensExpiredAt is { } cutoff && record.IssuedAt <= cutoff) return UpsErrors.Unauthorized();
            if (customer.Suspended) return UpsErrors.Blocked();

            http.Items[typeof(UpsCaller)] = new UpsCaller(customer, record.ClientId,
                Header(http, "transId", 32), Header(http, "transactionSrc", 512));
            return await next(context);
        });
        return group;
    }

    public static UpsCaller UpsCaller(this HttpContext context) => (UpsCaller)context.Items[typeof(UpsCaller)]!;

    /// <summary>The header's value, cut to the published length (UPS publishes lengths, not a refusal).</summary>
    private static string? Header(HttpContext context, string name, int maxLength) =>
        context.Request.Headers[name].ToString() is { Length: > 0 } value ? value[..Math.Min(maxLength, value.Length)] : null;
}
