using System.Text.Json;
using System.Text.RegularExpressions;
using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.FedEx;
using CarrierLink.Sandbox.Stamps.Accounts;
using CarrierLink.Sandbox.Stamps.Api;
using CarrierLink.Sandbox.Usps.Api;
using CarrierLink.Sandbox.Usps.Oauth;

namespace CarrierLink.Sandbox.Control;

/// <summary>/_control/customers: create and list customers, and the things that happen to them behind CarrierLink's back.</summary>
public static partial class CustomerEndpoints
{
    /// <summary>security_answers (Stamps.com): the answers to the two default questions, in order (first pet, birth city).</summary>
    /// <summary>account_in_token (USPS): false makes access tokens name no account, as when USPS's claims do not say.</summary>
    /// <summary>mfa (FedEx): none, pin or invoice: how registering the account must be proven.</summary>
    public sealed record CreateCustomerRequest(string? Carrier, string? Username, string? Password, JsonElement? SecurityAnswers, bool? AccountInToken, string? Mfa = null);

    public sealed record PasswordRequest(string? Password);

    public static void MapCustomerControl(this RouteGroupBuilder control)
    {
        control.MapPost("/customers", CreateAsync);
        control.MapGet("/customers", (CustomerStore customers) => ControlJson.List(customers.All().Select(View)));
        control.MapGet("/customers/{carrier}/{username}", (string carrier, string username, CustomerStore customers) =>
            customers.Find(carrier, username) is { } customer ? Results.Json(View(customer)) : UnknownCustomer(carrier, username));

        // What the carrier holds for a customer: lets tests (and CarrierLink's idempotency checks) see that no second label was bought.
        control.MapGet("/customers/usps/{username}/labels", (string username, CustomerStore customers, LabelStore labels) =>
            customers.Find(Carriers.Usps, username) is null
                ? UnknownCustomer(Carriers.Usps, username)
                : ControlJson.List(labels.ForCustomer(username).Select(LabelView)));

        // Labels bought through One Balance (SERA), without their PDFs.
        control.MapGet("/customers/stamps/{username}/labels", (string username, CustomerStore customers, SeraStore labels) =>
            customers.Find(Carriers.Stamps, username) is null
                ? UnknownCustomer(Carriers.Stamps, username)
                : ControlJson.List(labels.ForCustomer(username).Select(StampsLabelView)));

        // The carrier's pickups, so a benchmark can count pickups CarrierLink has no record of, or two for one request.
        control.MapGet("/customers/usps/{username}/pickups", (string username, CustomerStore customers, PickupStore pickups) =>
            customers.Find(Carriers.Usps, username) is null
                ? UnknownCustomer(Carriers.Usps, username)
                : ControlJson.List(pickups.ForCustomer(username).Select(PickupView)));
        control.MapGet("/customers/stamps/{username}/pickups", (string username, CustomerStore customers, SeraStore pickups) =>
            customers.Find(Carriers.Stamps, username) is null
                ? UnknownCustomer(Carriers.Stamps, username)
                : ControlJson.List(pickups.PickupsForCustomer(username).Select(StampsPickupView)));

        control.MapPost("/customers/{carrier}/{username}/revoke", Revoke);

        control.MapPost("/customers/{carrier}/{username}/expire-tokens", (string carrier, string username, CustomerStore customers, TimeProvider time,
            StampsAuthenticators authenticators) =>
        {
            // Stamps.com authenticators have no refresh: expiring them is ending them.
            if (carrier == Carriers.Stamps && customers.Find(carrier, username) is { } customer) authenticators.RevokeCustomer(customer.Username);
            return Change(customers, carrier, username, c => c with { AccessTokensExpiredAt = time.GetUtcNow() });
        });

        control.MapPost("/customers/{carrier}/{username}/password", async (string carrier, string username, HttpContext context, CustomerStore customers,
            StampsAccounts stamps, TimeProvider time) =>
        {
            if (customers.Find(carrier, username) is not { } customer) return UnknownCustomer(carrier, username);
            var (body, problem) = await ControlJson.ReadAsync<PasswordRequest>(context);
            if (problem is not null) return problem;
            if (string.IsNullOrEmpty(body!.Password)) return ControlJson.Validation(new() { ["password"] = ["password is required."] });
            if (customer.Carrier == Carriers.Stamps)
            {
                // Length rules only (support staff can set an old password again); every authenticator stops working.
                return stamps.SetPasswordBehindTheBack(customer.Username, body.Password) switch
                {
                    PasswordChange.Changed changed => Results.Json(View(changed.Customer)),
                    PasswordChange.Rejected rejected => ControlJson.Validation(new() { ["password"] = [.. rejected.FailedRules.Select(PasswordRules.Explain)] }),
                    _ => UnknownCustomer(carrier, username),
                };
            }
            // USPS: OAuth grants do not depend on the password, so tokens keep working.
            return Change(customers, carrier, username, c => c.WithNewPassword(body.Password, time.GetUtcNow()));
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
        if (body!.Carrier == Carriers.FedEx) return FedExControl.Create(body.Username, body.Mfa, customers);

        var errors = new Dictionary<string, string[]>();
        if (!Carriers.IsSupported(body.Carrier)) errors["carrier"] = [$"carrier must be one of: {string.Join(", ", Carriers.Supported)}."];
        if (body.Username is null || !UsernamePattern().IsMatch(body.Username)) errors["username"] = ["username is required: 3 to 64 letters, digits, '.', '_', '-' or '@'."];
        if (string.IsNullOrEmpty(body.Password) || body.Password.Length > 128) errors["password"] = ["password is required (at most 128 characters)."];
        IReadOnlyDictionary<string, string>? answers = null;
        if (body.Carrier == Carriers.Stamps)
        {
            // A Stamps.com customer is held to Stamps.com's password rules from the start (its history starts with this password).
            if (!string.IsNullOrEmpty(body.Password) && PasswordRules.Check(body.Password, history: null) is { Count: > 0 } failed)
            {
                errors["password"] = [.. failed.Select(PasswordRules.Explain)];
            }
            answers = SecurityAnswers(body.SecurityAnswers, errors);
        }
        if (errors.Count > 0) return ControlJson.Validation(errors);

        return customers.Create(new NewCustomer(body.Carrier!, body.Username!, body.Password!, SecurityAnswers: answers, AccountInToken: body.AccountInToken ?? true)) switch
        {
            CreateCustomerResult.Created created => Results.Json(View(created.Customer), statusCode: StatusCodes.Status201Created)
                .WithHeader("Location", $"/_control/customers/{created.Customer.Carrier}/{Uri.EscapeDataString(created.Customer.Username)}"),
            _ => ControlJson.Conflict("customer-exists", $"A {body.Carrier} customer named '{body.Username}' already exists."),
        };
    }

    /// <summary>security_answers: absent (the defaults) or exactly two non-empty strings answering the two questions in order.</summary>
    private static IReadOnlyDictionary<string, string>? SecurityAnswers(JsonElement? value, Dictionary<string, string[]> errors)
    {
        if (value is null || value.Value.ValueKind == JsonValueKind.Null) return null;
        var count = StampsSecurityQuestions.Questions.Count;
        if (value.Value.ValueKind != JsonValueKind.Array || value.Value.GetArrayLength() != count
            || value.Value.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(a.GetString()) || a.GetString()!.Length > 100))
        {
            errors["security_answers"] = [$"security_answers must be an array of exactly {count} non-empty answers (at most 100 characters each), for: " +
                string.Join(" / ", StampsSecurityQuestions.Questions)];
            return null;
        }
        var answers = value.Value.EnumerateArray().Select(a => a.GetString()!).ToList();
        return StampsSecurityQuestions.For(answers[0], answers[1]);
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
            view["account_in_token"] = customer.AccountInToken;
        }
        if (customer.Stamps is { } stamps)
        {
            view["customer_id"] = stamps.CustomerId;
            view["email"] = stamps.Email;
            view["password_version"] = customer.PasswordVersion;
            view["password_changed_at"] = customer.PasswordChangedAt;
            view["password_change_required"] = customer.Temporary is not null;
        }
        if (customer.FedEx is { } fedex) FedExControl.Describe(view, fedex);
        if (customer.Ups is { } ups) view["shipper_numbers"] = ups.ShipperNumbers;
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
        customer_reference = label.CustomerReference,
        scan_form = label.ScanFormNumber,
        dispute_id = label.DisputeId,
        created_at = label.CreatedAt,
    };

    private static object StampsLabelView(SeraLabel label) => new
    {
        label_id = label.LabelId,
        tracking_number = label.TrackingNumber,
        carrier = label.Carrier,
        service_type = label.ServiceType,
        amount = label.Amount,
        status = label.Status,
        reference = label.Reference,
        ship_date = label.ShipDate,
        manifest_id = label.ManifestId,
        created_at = label.CreatedAt,
    };

    // USPS forgets a canceled pickup (GET answers 404), so every pickup it still has is scheduled.
    private static object PickupView(UspsPickup pickup) => new
    {
        confirmation_number = pickup.ConfirmationNumber,
        pickup_date = pickup.PickupDate,
        status = "scheduled",
        address = pickup.AddressKey,
    };

    private static object StampsPickupView(SeraPickup pickup) => new
    {
        pickup_id = pickup.PickupId,
        confirmation_number = pickup.ConfirmationNumber,
        pickup_date = pickup.PickupDate,
        carrier = pickup.Carrier,
        status = pickup.Canceled ? "canceled" : "scheduled",
        created_at = pickup.CreatedAt,
    };

    [GeneratedRegex("^[A-Za-z0-9._@-]{3,64}$")]
    private static partial Regex UsernamePattern();
}
