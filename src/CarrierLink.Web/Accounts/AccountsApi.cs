using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Api;
using CarrierLink.Web.Connect.Methods;
using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using CarrierLink.Web.Reminders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Accounts;

/// <summary>
/// /api/v1/carriers and /api/v1/carrier-accounts (http-api.md, "Carriers and accounts"). Handlers return typed results,
/// so /openapi/v1.json follows from their signatures; connecting and the carrier's side are in AccountsApi.Connect.cs.
/// </summary>
public static partial class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(ApiAuthorization.Policy).WithTags("Carrier accounts");
        api.MapGet("/carriers", ListCarriers).WithTags("Carriers").WithSummary("List the carriers, how each connects and what it offers");

        var accounts = api.MapGroup("/carrier-accounts");
        accounts.MapGet("", ListAccounts).WithSummary("List the carrier accounts");
        accounts.MapGet("/{id}", GetAccount).WithSummary("Get a carrier account");
        accounts.MapPost("", CreateAccount).WithSummary("Connect a carrier account");
        accounts.MapPatch("/{id}", UpdateAccount).WithSummary("Change an account's nickname or settings");
        accounts.MapDelete("/{id}", DeleteAccount).WithSummary("Remove an account (revokes at the carrier, wipes credentials)");
        accounts.MapPost("/{id}/reconnect", Reconnect).WithSummary("Reconnect an account");
        accounts.MapPost("/{id}/verification", ContinueVerification).WithSummary("Continue a registration's verification (PIN or invoice)");
        accounts.MapGet("/{id}/events", ListEvents).WithSummary("The account's timeline, newest first");
        accounts.MapPost("/{id}/remind-later", RemindLater).WithSummary("Snooze the reconnect reminder");
        accounts.MapPut("/{id}/password", ChangePassword).WithSummary("Change a One Balance account's password");
        accounts.MapPut("/{id}/account-details", ConfirmAccountDetails).WithSummary("Enter the account numbers the carrier needs");
        accounts.MapPost("/{id}/support-requests", OpenSupportRequest).WithTags("Support requests")
            .WithSummary("Ask Customer Service to reconnect the account");
        accounts.MapGet("/{id}/support-requests", ListSupportRequests).WithTags("Support requests").WithSummary("The account's support requests");
        return app;
    }

    private static async Task<Ok<List<CarrierResponse>>> ListCarriers(
        ConnectMethods methods, CarrierIncidents incidents, CancellationToken cancellationToken)
    {
        var open = await incidents.OpenAsync(cancellationToken);
        return TypedResults.Ok(CarrierCatalog.All.Select(c => new CarrierResponse(
            c.Code, c.Name, ConnectMethodSlug(c.ConnectMethod), c.Operations, methods.CanConnect(c),
            open.FirstOrDefault(i => i.Carrier == c.Code) is { } incident
                ? new IncidentResponse(incident.OpenedAt, CarrierIncidents.HoldDetail(c.Code), incident.HeldAccounts)
                : null,
            c.ReconnectedBy == Reconnector.Support ? "support" : "merchant",
            c.Services.Select(s => new ServiceResponse(s.Code, s.Name)).ToList(),
            methods.FieldsFor(c).Select(f => f.Key).ToList())).ToList());
    }

    private static async Task<Results<Ok<PagedList<AccountResponse>>, BadRequestProblem>> ListAccounts(
        HttpContext http, CarrierLinkDb db, int? limit, string? cursor, string? carrier, CancellationToken cancellationToken)
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
        return TypedResults.Ok(new PagedList<AccountResponse>(rows.Take(page.Limit).Select(r => AccountResponse.From(r)).ToList(), next));
    }

    private static async Task<Results<Ok<AccountResponse>, NotFoundProblem>> GetAccount(
        HttpContext http, CarrierLinkDb db, ReconnectReminders reminders, string id, CancellationToken cancellationToken) =>
        await http.FindAccountAsync(db, id, cancellationToken) is { } account
            ? TypedResults.Ok(AccountResponse.From(account, await reminders.MerchantSnoozeAsync(account.Id, cancellationToken),
                await db.GrantExpiresAtAsync(account.Id, cancellationToken)))
            : ApiProblems.NotFound();

    private static async Task<Results<Ok<AccountResponse>, NotFoundProblem, BadRequestProblem>> RemindLater(
        HttpContext http, string id, RemindLaterRequest? body, CarrierLinkDb db, ReconnectReminders reminders, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body?.Hours is < 1 or > ReminderOptions.MaxHours)
            return ApiProblems.Validation("hours", $"must be between 1 and {ReminderOptions.MaxHours}");
        var until = await reminders.SnoozeAsync(account, userId: null, body?.Hours, cancellationToken);
        return TypedResults.Ok(AccountResponse.From(account, until));
    }

    private static async Task<Results<Ok<AccountResponse>, NotFoundProblem, BadRequestProblem>> UpdateAccount(
        HttpContext http, string id, UpdateAccountRequest? body, CarrierLinkDb db, AccountCommands commands, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body is null) return ApiProblems.Validation("body", "a JSON object is required");
        if (body.Nickname is null && body.Settings is null) return ApiProblems.Validation("body", "send nickname, settings or both");
        var result = await commands.UpdateAsync(account, body.Nickname, body.Settings, null, cancellationToken);
        return result is AccountCommandResult.Done done
            ? TypedResults.Ok(AccountResponse.From(done.Account))
            : ApiProblems.Validation(((AccountCommandResult.Rejected)result).Errors);
    }

    private static async Task<Results<NoContent, NotFoundProblem>> DeleteAccount(
        HttpContext http, string id, CarrierLinkDb db, AccountCommands commands, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        await commands.DisconnectAsync(account, null, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<PagedList<EventResponse>>, NotFoundProblem, BadRequestProblem>> ListEvents(
        HttpContext http, string id, CarrierLinkDb db, int? limit, string? cursor, CancellationToken cancellationToken)
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
        var events = rows.Take(page.Limit).Select(e => new EventResponse(e.At, e.Type, e.Detail)).ToList();
        return TypedResults.Ok(new PagedList<EventResponse>(events, next));
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
