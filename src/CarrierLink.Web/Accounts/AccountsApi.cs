using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Api;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Connect.Methods;
using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using CarrierLink.Web.Merchants;
using CarrierLink.Web.OneBalance;
using CarrierLink.Web.Support;
using CarrierLink.Web.Reminders;
using CarrierLink.Web.Shipping;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Accounts;

/// <summary>
/// carrier and nickname, and what the carrier's connect method needs: username and password (One Balance), shipper_number
/// (UPS), account_number, customer_name, street, city, state, postal_code, country_code (FedEx). Every further member is
/// a text input of the connect method.
/// </summary>
public sealed record CreateAccountRequest(string? Carrier, string? Nickname)
{
    [System.Text.Json.Serialization.JsonExtensionData] public Dictionary<string, JsonElement>? Inputs { get; init; }
}

public sealed record RemindLaterRequest(int? Hours);

/// <summary>password (One Balance), or the registration's inputs (FedEx: account_number and address); nothing for a sign-in page.</summary>
public sealed record ReconnectRequest
{
    [System.Text.Json.Serialization.JsonExtensionData] public Dictionary<string, JsonElement>? Inputs { get; init; }
}

public sealed record ChangePasswordRequest(string? NewPassword);

public sealed record SupportRequestBody(string? Message);

public sealed record SupportRequestResponse(Guid Id, Guid AccountId, string Status, string Message, DateTime CreatedAt, DateTime? ClosedAt, string? Resolution)
{
    public static SupportRequestResponse From(CarrierLink.Web.Data.SupportRequest r) => new(r.Id, r.AccountId, r.Status, r.Message, r.CreatedAt, r.ClosedAt, r.Resolution);
}

public sealed record UpdateAccountRequest(string? Nickname, JsonElement? Settings);

/// <summary>A carrier-wide incident: the carrier refuses many accounts' sign-ins at once, so none is asked to reconnect.</summary>
public sealed record IncidentResponse(DateTime OpenedAt, string Message, int HeldAccounts);

/// <param name="ReconnectedBy">merchant, or support (only Customer Service reconnects it).</param>
/// <param name="ConnectFields">What creating an account of this carrier takes besides carrier and nickname.</param>
public sealed record CarrierResponse(string Code, string Name, string ConnectMethod, IReadOnlyList<string> Operations, bool Available, IncidentResponse? Incident,
    string ReconnectedBy, IReadOnlyList<ServiceResponse> Services, IReadOnlyList<string> ConnectFields);

public sealed record ServiceResponse(string Code, string Name);

/// <summary>/api/v1/carriers and /api/v1/carrier-accounts (http-api.md, "Carriers and accounts").</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiAuthorization.Policy);
        api.MapGet("/carriers", ListCarriers);

        var accounts = api.MapGroup("/carrier-accounts");
        accounts.MapGet("/", ListAccounts);
        accounts.MapGet("/{id}", GetAccount);
        accounts.MapPost("/", CreateAccount);
        accounts.MapPatch("/{id}", UpdateAccount);
        accounts.MapDelete("/{id}", DeleteAccount);
        accounts.MapPost("/{id}/reconnect", Reconnect);
        accounts.MapPost("/{id}/verification", ContinueVerification);
        accounts.MapGet("/{id}/events", ListEvents);
        accounts.MapPost("/{id}/remind-later", RemindLater);
        accounts.MapPut("/{id}/password", ChangePassword);
        accounts.MapPut("/{id}/account-details", ConfirmAccountDetails);
        accounts.MapPost("/{id}/support-requests", OpenSupportRequest);
        accounts.MapGet("/{id}/support-requests", ListSupportRequests);
        return app;
    }

    private static async Task<IResult> ListCarriers(ConnectMethods methods, CarrierIncidents incidents, CancellationToken cancellationToken)
    {
        var open = await incidents.OpenAsync(cancellationToken);
        return Results.Ok(CarrierCatalog.All.Select(c => new CarrierResponse(
            c.Code, c.Name, ConnectMethodSlug(c.ConnectMethod), c.Operations, methods.CanConnect(c),
            open.FirstOrDefault(i => i.Carrier == c.Code) is { } incident
                ? new IncidentResponse(incident.OpenedAt, CarrierIncidents.HoldDetail(c.Code), incident.HeldAccounts)
                : null,
            c.ReconnectedBy == Reconnector.Support ? "support" : "merchant",
            c.Services.Select(s => new ServiceResponse(s.Code, s.Name)).ToList(),
            methods.FieldsFor(c).Select(f => f.Key).ToList())));
    }

    private static async Task<IResult> ListAccounts(HttpContext http, CarrierLinkDb db, int? limit, string? cursor, string? carrier, CancellationToken cancellationToken)
    {
        if (!Page.TryParse(limit, cursor, out var page, out var problem)) return problem!;
        Guid? after = null;
        if (page.After is not null)
        {
            if (!Guid.TryParse(page.After, out var afterId)) return ApiProblems.Validation("cursor", "is not a cursor this API returned");
            after = afterId;
        }
        var query = db.ActiveOf(http.MerchantId(), carrier).AsNoTracking();
        if (after is { } a) query = query.Where(x => x.Id.CompareTo(a) > 0);
        // Ids are version-7 GUIDs, so their order is creation order on both providers.
        var rows = await query.OrderBy(x => x.Id).Take(page.Limit + 1).ToListAsync(cancellationToken);
        var next = rows.Count > page.Limit ? Page.Cursor(rows[page.Limit - 1].Id.ToString()) : null;
        return Results.Ok(new PagedList<AccountResponse>(rows.Take(page.Limit).Select(r => AccountResponse.From(r)).ToList(), next));
    }

    private static async Task<IResult> GetAccount(HttpContext http, CarrierLinkDb db, ReconnectReminders reminders, string id, CancellationToken cancellationToken) =>
        await http.FindAccountAsync(db, id, cancellationToken) is { } account
            ? Results.Ok(AccountResponse.From(account, await reminders.MerchantSnoozeAsync(account.Id, cancellationToken), await db.GrantExpiresAtAsync(account.Id, cancellationToken)))
            : ApiProblems.NotFound();

    private static async Task<IResult> RemindLater(HttpContext http, string id, RemindLaterRequest? body, CarrierLinkDb db, ReconnectReminders reminders, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body?.Hours is < 1 or > ReminderOptions.MaxHours)
            return ApiProblems.Validation("hours", $"must be between 1 and {ReminderOptions.MaxHours}");
        var until = await reminders.SnoozeAsync(account, userId: null, body?.Hours, cancellationToken);
        return Results.Ok(AccountResponse.From(account, until));
    }

    private static async Task<IResult> CreateAccount(HttpContext http, CreateAccountRequest? body, AccountCommands commands, CancellationToken cancellationToken)
    {
        if (body is null) return ApiProblems.Validation("body", "a JSON object is required");
        if (!TryReadInputs(body.Inputs, out var input, out var problem)) return problem!;
        var step = await commands.CreateAsync(http.MerchantId(), body.Carrier, body.Nickname, input, null, cancellationToken);
        return step.ToResult(created: true);
    }

    private static async Task<IResult> UpdateAccount(HttpContext http, string id, UpdateAccountRequest? body, CarrierLinkDb db, AccountCommands commands, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body is null) return ApiProblems.Validation("body", "a JSON object is required");
        if (body.Nickname is null && body.Settings is null) return ApiProblems.Validation("body", "send nickname, settings or both");
        var result = await commands.UpdateAsync(account, body.Nickname, body.Settings, null, cancellationToken);
        return result is AccountCommandResult.Done done
            ? Results.Ok(AccountResponse.From(done.Account))
            : ApiProblems.Validation(((AccountCommandResult.Rejected)result).Errors);
    }

    private static async Task<IResult> DeleteAccount(HttpContext http, string id, CarrierLinkDb db, AccountCommands commands, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        await commands.DisconnectAsync(account, null, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> Reconnect(HttpContext http, string id, ReconnectRequest? body, CarrierLinkDb db, ConnectMethods methods, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (account.State == ConnectionState.Disconnected)
            return ApiProblems.Conflict("account-disconnected", "The account was removed", "A removed account cannot be reconnected; add it again.");
        var carrier = CarrierCatalog.Get(account.Carrier);
        if (account.State == ConnectionState.SupportRequired || carrier.ReconnectedBy == Reconnector.Support)
            return ApiProblems.Conflict("support-required", "Only support can reconnect this account",
                "Contact Customer Service: open a support request with POST /api/v1/carrier-accounts/{id}/support-requests.");
        if (!methods.CanConnect(carrier))
            return ApiProblems.Validation("carrier", $"{carrier.Name} accounts cannot be connected in this CarrierLink");
        if (!TryReadInputs(body?.Inputs, out var input, out var problem)) return problem!;
        var step = await methods.For(carrier).ReconnectAsync(account, input, null, cancellationToken);
        // Note: the contract's answers: a password reconnect returns the account itself, a sign-in its authorization_url.
        return step switch
        {
            ConnectStep.Connected connected => Results.Ok(AccountResponse.From(connected.Account)),
            ConnectStep.SignInAtCarrier signIn => Results.Ok(new { authorization_url = signIn.Url }),
            _ => step.ToResult(created: false),
        };
    }

    /// <summary>The next step of a registration that asked for proof: {method} to have a PIN sent, {pin}, or the invoice's fields.</summary>
    private static async Task<IResult> ContinueVerification(HttpContext http, string id, ReconnectRequest? body, CarrierLinkDb db, ConnectMethods methods, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (!TryReadInputs(body?.Inputs, out var input, out var problem)) return problem!;
        var step = await methods.For(CarrierCatalog.Get(account.Carrier)).ContinueAsync(account, input, null, cancellationToken);
        return step.ToResult(created: false);
    }

    /// <summary>The connect method's inputs: every member must be text (a number is not a shipper number).</summary>
    private static bool TryReadInputs(Dictionary<string, JsonElement>? members, out ConnectInput input, out IResult? problem)
    {
        input = ConnectInput.None;
        problem = null;
        if (members is null || members.Count == 0) return true;
        var notText = members.Where(p => p.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)).Select(p => p.Key).ToList();
        if (notText.Count > 0)
        {
            problem = ApiProblems.Validation(notText.ToDictionary(k => k, _ => new[] { "must be a string" }));
            return false;
        }
        input = new ConnectInput(members.ToDictionary(p => p.Key, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null));
        return true;
    }

    private static async Task<IResult> ChangePassword(HttpContext http, string id, ChangePasswordRequest? body, CarrierLinkDb db, PasswordConnections passwords, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (!passwords.Supports(account.Carrier)) return ApiProblems.Validation("carrier", "only One Balance accounts have a password in CarrierLink");
        if (body?.NewPassword is null) return ApiProblems.Validation("new_password", "is required");
        return await passwords.ChangePasswordAsync(account, body.NewPassword, null, cancellationToken) switch
        {
            PasswordOutcome.Done => Results.NoContent(),
            PasswordOutcome.Refused refused => Results.Problem(type: "password-rejected", title: "The new password was not accepted", statusCode: 422,
                detail: refused.Message, extensions: new Dictionary<string, object?> { ["failed_rules"] = refused.FailedRules }),
            PasswordOutcome.Unavailable unavailable => ApiProblems.Unavailable(unavailable.Message, unavailable.RetryAfter),
            PasswordOutcome.ReconnectRequired broken => Results.Problem(type: "reconnect-required", title: "Reconnect this account", statusCode: 424,
                detail: broken.Message, extensions: new Dictionary<string, object?> { ["account_id"] = broken.Account.Id, ["state"] = broken.Account.State.ToSlug() }),
            PasswordOutcome.NotAllowed notAllowed => ApiProblems.Conflict("password-change-not-allowed", "The password cannot be changed now", notAllowed.Message),
            _ => throw new InvalidOperationException("Unhandled password outcome."),
        };
    }

    /// <summary>The account numbers the carrier's sign-in did not name, confirmed by the carrier before they are saved.</summary>
    private static async Task<IResult> ConfirmAccountDetails(HttpContext http, string id, Dictionary<string, JsonElement>? body, CarrierLinkDb db,
        AccountDetailsCommands details, IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body is null) return ApiProblems.Validation("body", "must be a JSON object of the account's details");
        var notText = body.Where(p => p.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)).Select(p => p.Key).ToList();
        if (notText.Count > 0) return ApiProblems.Validation(notText.ToDictionary(k => k, _ => new[] { "must be a string" }));
        var entered = body.ToDictionary(p => p.Key, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null);
        var outcome = await details.ConfirmAsync(account, entered, null, cancellationToken);
        return outcome.ToResult(connect.Value, confirmed => Results.Ok(AccountResponse.From(confirmed)));
    }

    private static async Task<IResult> OpenSupportRequest(HttpContext http, string id, SupportRequestBody? body, CarrierLinkDb db, SupportRequests support, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body?.Message is { Length: > SupportRequests.MaxMessageLength }) return ApiProblems.Validation("message", $"must be at most {SupportRequests.MaxMessageLength} characters");
        return await support.OpenAsync(account, body?.Message, null, cancellationToken) switch
        {
            SupportOpening.Opened opened => Results.Created($"/api/v1/carrier-accounts/{account.Id}/support-requests", SupportRequestResponse.From(opened.Request)),
            SupportOpening.Refused refused => ApiProblems.Conflict("support-not-needed", "Customer Service does not reconnect this account", refused.Refusal.Message,
                new Dictionary<string, object?> { ["field"] = refused.Refusal.Field, ["carrier"] = refused.Account.Carrier, ["state"] = refused.Account.State.ToSlug() }),
            _ => throw new InvalidOperationException("Unhandled support opening."),
        };
    }

    private static async Task<IResult> ListSupportRequests(HttpContext http, string id, CarrierLinkDb db, SupportRequests support, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        var requests = await support.OfAccountAsync(account.Id, cancellationToken);
        return Results.Ok(new PagedList<SupportRequestResponse>(requests.Select(SupportRequestResponse.From).ToList(), null));
    }

    private static async Task<IResult> ListEvents(HttpContext http, string id, CarrierLinkDb db, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (!Page.TryParse(limit, cursor, out var page, out var problem)) return problem!;
        long? before = null;
        if (page.After is not null)
        {
            if (!long.TryParse(page.After, out var b)) return ApiProblems.Validation("cursor", "is not a cursor this API returned");
            before = b;
        }
        var rows = await db.TimelineAsync(account.Id, page.Limit + 1, before, cancellationToken);
        var next = rows.Count > page.Limit ? Page.Cursor(rows[page.Limit - 1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;
        return Results.Ok(new PagedList<EventResponse>(rows.Take(page.Limit).Select(e => new EventResponse(e.At, e.Type, e.Detail)).ToList(), next));
    }

    private static string ConnectMethodSlug(ConnectMethod method) => method switch
    {
        ConnectMethod.OAuth => "oauth",
        ConnectMethod.Password => "password",
        ConnectMethod.SupportOnly => "support_only",
        // The contract's name (http-api.md): FedEx registers the account for a child key and secret.
        ConnectMethod.Registration => "api_key",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
