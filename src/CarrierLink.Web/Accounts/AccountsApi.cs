using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Api;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Data;
using CarrierLink.Web.Merchants;
using CarrierLink.Web.Reminders;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Accounts;

public sealed record CreateAccountRequest(string? Carrier, string? Nickname, string? Username, string? Password);

public sealed record RemindLaterRequest(int? Hours);

public sealed record UpdateAccountRequest(string? Nickname, JsonElement? Settings);

public sealed record CarrierResponse(string Code, string Name, string ConnectMethod, IReadOnlyList<string> Operations, bool Available);

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
        accounts.MapGet("/{id}/events", ListEvents);
        accounts.MapPost("/{id}/remind-later", RemindLater);
        return app;
    }

    private static IResult ListCarriers(AccountCommands commands) =>
        Results.Ok(CarrierCatalog.All.Select(c => new CarrierResponse(
            c.Code, c.Name, ConnectMethodSlug(c.ConnectMethod), c.Operations, commands.CanConnect(c.Code))));

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
        await FindAsync(http, db, id, cancellationToken) is { } account
            ? Results.Ok(AccountResponse.From(account, await reminders.MerchantSnoozeAsync(account.Id, cancellationToken)))
            : ApiProblems.NotFound();

    private static async Task<IResult> RemindLater(HttpContext http, string id, RemindLaterRequest? body, CarrierLinkDb db, ReconnectReminders reminders, CancellationToken cancellationToken)
    {
        if (await FindAsync(http, db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body?.Hours is < 1 or > ReminderOptions.MaxHours)
            return ApiProblems.Validation("hours", $"must be between 1 and {ReminderOptions.MaxHours}");
        var until = await reminders.SnoozeAsync(account, userId: null, body?.Hours, cancellationToken);
        return Results.Ok(AccountResponse.From(account, until));
    }

    private static async Task<IResult> CreateAccount(HttpContext http, CreateAccountRequest? body, AccountCommands commands, OAuthConnectFlow oauth, CancellationToken cancellationToken)
    {
        if (body is null) return ApiProblems.Validation("body", "a JSON object is required");
        var result = await commands.CreateAsync(http.MerchantId(), body.Carrier, body.Nickname, null, cancellationToken);
        if (result is not AccountCommandResult.Done done) return ApiProblems.Validation(((AccountCommandResult.Rejected)result).Errors);
        var authorizationUrl = await oauth.StartAsync(done.Account, null, cancellationToken);
        return Results.Created($"/api/v1/carrier-accounts/{done.Account.Id}",
            new { account = AccountResponse.From(done.Account), authorization_url = authorizationUrl });
    }

    private static async Task<IResult> UpdateAccount(HttpContext http, string id, UpdateAccountRequest? body, CarrierLinkDb db, AccountCommands commands, CancellationToken cancellationToken)
    {
        if (await FindAsync(http, db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body is null) return ApiProblems.Validation("body", "a JSON object is required");
        if (body.Nickname is null && body.Settings is null) return ApiProblems.Validation("body", "send nickname, settings or both");
        var result = await commands.UpdateAsync(account, body.Nickname, body.Settings, null, cancellationToken);
        return result is AccountCommandResult.Done done
            ? Results.Ok(AccountResponse.From(done.Account))
            : ApiProblems.Validation(((AccountCommandResult.Rejected)result).Errors);
    }

    private static async Task<IResult> DeleteAccount(HttpContext http, string id, CarrierLinkDb db, AccountCommands commands, CancellationToken cancellationToken)
    {
        if (await FindAsync(http, db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        await commands.DisconnectAsync(account, null, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> Reconnect(HttpContext http, string id, CarrierLinkDb db, OAuthConnectFlow oauth, CancellationToken cancellationToken)
    {
        if (await FindAsync(http, db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (account.State == ConnectionState.Disconnected)
            return ApiProblems.Conflict("account-disconnected", "The account was removed", "A removed account cannot be reconnected; add it again.");
        if (account.State == ConnectionState.SupportRequired || CarrierCatalog.Find(account.Carrier)?.ConnectMethod == ConnectMethod.SupportOnly)
            return ApiProblems.Conflict("support-required", "Only support can reconnect this account",
                "Contact Customer Service: open a support request with POST /api/v1/carrier-accounts/{id}/support-requests.");
        if (!oauth.Supports(account.Carrier))
            return ApiProblems.Validation("carrier", "this carrier is not reconnected through a sign-in page");
        var url = await oauth.StartAsync(account, null, cancellationToken);
        return Results.Ok(new { authorization_url = url });
    }

    private static async Task<IResult> ListEvents(HttpContext http, string id, CarrierLinkDb db, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (await FindAsync(http, db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
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

    /// <summary>Malformed ids answer 404 like unknown ones: an id is only ever one we handed out.</summary>
    private static async Task<CarrierAccount?> FindAsync(HttpContext http, CarrierLinkDb db, string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var accountId) ? await db.FindAccountAsync(http.MerchantId(), accountId, cancellationToken) : null;

    private static string ConnectMethodSlug(ConnectMethod method) => method switch
    {
        ConnectMethod.OAuth => "oauth",
        ConnectMethod.Password => "password",
        ConnectMethod.SupportOnly => "support_only",
        ConnectMethod.ApiKey => "api_key",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
