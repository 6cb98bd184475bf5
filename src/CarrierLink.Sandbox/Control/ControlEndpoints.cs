using System.Text.RegularExpressions;
using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.FedEx;
using CarrierLink.Sandbox.FedEx.Registration;
using CarrierLink.Sandbox.Stamps.Accounts;
using CarrierLink.Sandbox.Usps;

namespace CarrierLink.Sandbox.Control;

/// <summary>The control API (/_control) for tests and demos, as named in http-api.md.</summary>
public static partial class ControlEndpoints
{
    public sealed record SettingsRequest(int? AccessTokenSeconds, int? RefreshTokenSeconds, bool? RotateRefreshTokens, int? ConsentAutoReturnSeconds);

    /// <param name="Error">An OAuth error code (USPS OAuth paths only) answered instead of the generic one, with status (default 400).</param>
    public sealed record FaultRequest(
        string? Carrier, string? Endpoint, int? Status, int? DelayMs, bool? Drop, bool? Malformed, double? Rate, bool? After, string? Error);

    public static void MapControlApi(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/_control").RequireControlAccess();
        control.MapCustomerControl();
        control.MapFedExControl();

        control.MapGet("/settings/{carrier}", (string carrier, UspsSettingsStore usps) =>
            carrier == Carriers.Usps ? Results.Json(usps.Current) : UnknownCarrier(carrier));
        control.MapPut("/settings/{carrier}", PutSettingsAsync);

        control.MapPost("/faults", AddFaultAsync);
        control.MapGet("/faults", (FaultStore faults) => ControlJson.List(faults.All()));
        control.MapDelete("/faults", (FaultStore faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        control.MapDelete("/faults/{id}", (string id, FaultStore faults) =>
            faults.Remove(id) ? Results.NoContent() : ControlJson.NotFound($"There is no fault '{id}'."));

        control.MapGet("/counters", (SandboxCounters counters) => Results.Json(counters.Snapshot()));
        control.MapDelete("/counters", (SandboxCounters counters) =>
        {
            counters.Reset();
            return Results.NoContent();
        });

        // USPS sends its customers no email the sandbox plays; Stamps.com's temporary passwords and FedEx's PINs land here, newest first.
        control.MapGet("/mailbox/{carrier}/{username}", (string carrier, string username, CustomerStore customers, StampsMailbox mailbox, FedExPinMailbox pins) =>
            customers.Find(carrier, username) is not { } customer
                ? ControlJson.NotFound($"There is no {carrier} customer named '{username}'.")
                : ControlJson.List(customer.Carrier switch
                {
                    Carriers.Stamps => mailbox.For(customer.Username).Select(m => new { id = m.Id, to = m.To, subject = m.Subject, body = m.Body, sent_at = m.SentAt }).ToList<object>(),
                    Carriers.FedEx => FedExControl.Mailbox(pins, customer.Username).ToList(),
                    _ => [],
                }));
    }

    private static async Task<IResult> PutSettingsAsync(string carrier, HttpContext context, UspsSettingsStore usps)
    {
        if (carrier != Carriers.Usps) return UnknownCarrier(carrier);
        var (body, problem) = await ControlJson.ReadAsync<SettingsRequest>(context);
        if (problem is not null) return problem;

        var errors = new Dictionary<string, string[]>();
        if (body!.AccessTokenSeconds is <= 0) errors["access_token_seconds"] = ["access_token_seconds must be positive."];
        if (body.RefreshTokenSeconds is <= 0) errors["refresh_token_seconds"] = ["refresh_token_seconds must be positive."];
        if (body.ConsentAutoReturnSeconds is < 0) errors["consent_auto_return_seconds"] = ["consent_auto_return_seconds must be zero or more."];
        if (errors.Count > 0) return ControlJson.Validation(errors);

        // Applies to tokens and pages from now on; tokens already issued keep the lifetime they were issued with.
        return Results.Json(usps.Update(current => new UspsSettings(
            body.AccessTokenSeconds ?? current.AccessTokenSeconds,
            body.RefreshTokenSeconds ?? current.RefreshTokenSeconds,
            body.RotateRefreshTokens ?? current.RotateRefreshTokens,
            body.ConsentAutoReturnSeconds ?? current.ConsentAutoReturnSeconds)));
    }

    private static async Task<IResult> AddFaultAsync(HttpContext context, FaultStore faults)
    {
        var (body, problem) = await ControlJson.ReadAsync<FaultRequest>(context);
        if (problem is not null) return problem;

        var errors = new Dictionary<string, string[]>();
        if (!Carriers.IsSupported(body!.Carrier)) errors["carrier"] = [$"carrier must be one of: {string.Join(", ", Carriers.Supported)}."];
        if (body.Status is < 400 or > 599) errors["status"] = ["status must be an error status between 400 and 599."];
        if (body.DelayMs is < 0 or > 120_000) errors["delay_ms"] = ["delay_ms must be between 0 and 120000."];
        if (body.Rate is < 0 or > 1) errors["rate"] = ["rate is a probability between 0 and 1."];
        if (body.Error is not null && (body.Carrier != Carriers.Usps || !OAuthErrorCode().IsMatch(body.Error)))
        {
            errors["error"] = ["error is an OAuth error code (such as invalid_grant), for carrier usps only."];
        }
        if (body.Status is null && body.DelayMs is null or 0 && body.Drop != true && body.Malformed != true && body.Error is null)
        {
            errors["fault"] = ["Say what goes wrong: status, delay_ms, drop, malformed or error."];
        }
        if (errors.Count > 0) return ControlJson.Validation(errors);

        // rate defaults to 1 (every matching call) when left out.
        var fault = faults.Add(new Fault(Secrets.NewId(), body.Carrier!, body.Endpoint, body.Status, body.DelayMs, body.Drop == true, body.Malformed == true,
            body.Rate ?? 1, body.After == true, body.Error));
        return Results.Json(fault, statusCode: StatusCodes.Status201Created);
    }

    private static IResult UnknownCarrier(string carrier) => ControlJson.NotFound($"The sandbox has no settings for carrier '{carrier}'.");

    [GeneratedRegex("^[a-z_]{3,64}$")]
    private static partial Regex OAuthErrorCode();
}
