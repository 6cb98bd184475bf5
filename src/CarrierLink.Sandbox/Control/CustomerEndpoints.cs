using System.Text.RegularExpressions;
using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.Usps.Api;
using CarrierLink.Sandbox.Usps.Oauth;

namespace CarrierLink.Sandbox.Control;

/// <summary>/_control/customers: create and list customers, and the things that happen to them behind CarrierLink's back.</summary>
public static partial class CustomerEndpoints
{
    public sealed record CreateCustomerRequest(string? Carrier, string? Username, string? Password, Dictionary<string, string>? SecurityAnswers);

    public sealed record PasswordRequest(string? Password);

    public static void MapCustomerControl(this RouteGroupBuilder control)
    {
        control.MapPost("/customers", CreateAsync);
        control.MapGet("/customers", (CustomerStore customers) => Results.Json(new { data = customers.All().Select(View), next_cursor = (string?)null }));
        control.MapGet("/customers/{carrier}/{username}", (string carrier, string username, CustomerStore customers) =>
            customers.Find(carrier, username) is { } customer ? Results.Json(View(customer)) : UnknownCustomer(carrier, username));

        // What the carrier holds for a customer: lets tests (and CarrierLink's idempotency checks) see that no second label was bought.
        control.MapGet("/customers/usps/{username}/labels", (string username, CustomerStore customers, LabelStore labels) =>
            customers.Find(Carriers.Usps, username) is null
                ? UnknownCustomer(Carriers.Usps, username)
                : Results.Json(new { data = labels.ForCustomer(username).Select(LabelView), next_cursor = (string?)null }));

        control.MapPost("/customers/{carrier}/{username}/revoke", (string carrier, string username, CustomerStore customers, UspsGrants grants, AuthorizationCodes codes) =>
        {
            if (customers.Find(carrier, username) is not { } customer) return UnknownCustomer(carrier, username);
            // As if the customer withdrew every platform at the carrier: grants (so refresh and access tokens) and unexchanged codes.
            var revoked = grants.RevokeCustomer(customer.Username);
            codes.RevokeCustomer(customer.Username);
            var view = View(customer);
            view["grants_revoked"] = revoked;
            return Results.Json(view);
        });

        control.MapPost("/customers/{carrier}/{username}/expire-tokens", (string carrier, string username, CustomerStore customers, TimeProvider time) =>
            Change(customers, carrier, username, c => c with { AccessTokensExpiredAt = time.GetUtcNow() }));

        control.MapPost("/customers/{carrier}/{username}/password", async (string carrier, string username, HttpContext context, CustomerStore customers) =>
        {
            if (customers.Find(carrier, username) is null) return UnknownCustomer(carrier, username);
            var (body, problem) = await ControlJson.ReadAsync<PasswordRequest>(context);
            if (problem is not null) return problem;
            if (string.IsNullOrEmpty(body!.Password)) return ControlJson.Validation(new() { ["password"] = ["password is required."] });
            // USPS: OAuth grants do not depend on the password, so tokens keep working; carriers that sign in with the password notice.
            return Change(customers, carrier, username, c => c with { Password = body.Password });
        });

        control.MapPost("/customers/{carrier}/{username}/suspend", (string carrier, string username, CustomerStore customers) =>
            Change(customers, carrier, username, c => c with { Suspended = true }));
        control.MapPost("/customers/{carrier}/{username}/unsuspend", (string carrier, string username, CustomerStore customers) =>
            Change(customers, carrier, username, c => c with { Suspended = false }));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, CustomerStore customers)
    {
        var (body, problem) = await ControlJson.ReadAsync<CreateCustomerRequest>(context);
        if (problem is not null) return problem;

        var errors = new Dictionary<string, string[]>();
        if (!Carriers.IsSupported(body!.Carrier)) errors["carrier"] = [$"carrier must be one of: {string.Join(", ", Carriers.Supported)}."];
        if (body.Username is null || !UsernamePattern().IsMatch(body.Username)) errors["username"] = ["username is required: 3 to 64 letters, digits, '.', '_', '-' or '@'."];
        if (string.IsNullOrEmpty(body.Password) || body.Password.Length > 128) errors["password"] = ["password is required (at most 128 characters)."];
        if (errors.Count > 0) return ControlJson.Validation(errors);

        return customers.Create(new NewCustomer(body.Carrier!, body.Username!, body.Password!, SecurityAnswers: body.SecurityAnswers)) switch
        {
            CreateCustomerResult.Created created => Results.Json(View(created.Customer), statusCode: StatusCodes.Status201Created)
                .WithHeader("Location", $"/_control/customers/{created.Customer.Carrier}/{Uri.EscapeDataString(created.Customer.Username)}"),
            _ => ControlJson.Conflict("customer-exists", $"A {body.Carrier} customer named '{body.Username}' already exists."),
        };
    }

    private static IResult Change(CustomerStore customers, string carrier, string username, Func<Customer, Customer> change) =>
        customers.Update(carrier, username, change) is { } updated ? Results.Json(View(updated)) : UnknownCustomer(carrier, username);

    private static IResult UnknownCustomer(string carrier, string username) =>
        ControlJson.NotFound($"There is no {carrier} customer named '{username}'.");

    /// <summary>A customer as the control API shows it: the carrier's ids, never the password.</summary>
    public static Dictionary<string, object?> View(Customer customer)
    {
        var view = new Dictionary<string, object?>
        {
            ["carrier"] = customer.Carrier,
            ["username"] = customer.Username,
        };
        if (customer.Usps is { } ids)
        {
            view["crid"] = ids.Crid;
            view["mid"] = ids.Mid;
            view["manifest_mid"] = ids.ManifestMid;
            view["account_number"] = ids.AccountNumber;
            view["account_type"] = "EPS";
        }
        view["suspended"] = customer.Suspended;
        view["locked_until"] = customer.LockedUntil;
        view["access_tokens_expired_at"] = customer.AccessTokensExpiredAt;
        view["created_at"] = customer.CreatedAt;
        return view;
    }

    private static object LabelView(UspsLabel label) => new
    {
        tracking_number = label.TrackingNumber,
        status = label.Status,
        mail_class = label.MailClass,
        postage = label.Postage,
        zone = label.Zone,
        weight_lb = label.WeightLb,
        mailing_date = label.MailingDate,
        from_zip = label.FromZip,
        to_zip = label.ToZip,
        scan_form = label.ScanFormNumber,
        dispute_id = label.DisputeId,
        created_at = label.CreatedAt,
    };

    [GeneratedRegex("^[A-Za-z0-9._@-]{3,64}$")]
    private static partial Regex UsernamePattern();
}
