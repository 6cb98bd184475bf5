using System.Globalization;
using System.Text.Json;
using CarrierLink.Sandbox.Stamps.Accounts;

namespace CarrierLink.Sandbox.Stamps.Api;

/// <summary>
/// The SWS/IM calls CarrierLink makes with the stored username and password, as JSON: authenticate (an authenticator for
/// the SERA calls) and change-password. A wrong password here counts toward the same 5-failure lockout as the login page.
/// </summary>
public static class SwsimEndpoints
{
    public static void MapStampsSwsim(this IEndpointRouteBuilder app)
    {
        var swsim = app.MapGroup("/swsim/v1");
        swsim.MapPost("/authenticate", AuthenticateAsync);
        swsim.MapPost("/change-password", ChangePasswordAsync);
    }

    private static IResult InvalidRequest(string message, IReadOnlyList<string>? fields = null) =>
        StampsApiJson.Error(StatusCodes.Status400BadRequest, "invalid_request", message,
            fields is null ? null : new Dictionary<string, object?> { ["details"] = fields.Select(f => new { field = f, message = $"{f} is required." }).ToList() });

    private static IResult? Missing(JsonElement body, params string[] fields)
    {
        var missing = fields.Where(f => body.Raw(f) is null).ToList();
        return missing.Count == 0 ? null : InvalidRequest($"Missing required fields: {string.Join(", ", missing)}.", missing);
    }

    private static async Task<IResult> AuthenticateAsync(HttpContext context, StampsAccounts accounts, StampsAuthenticators authenticators)
    {
        var (body, problem) = await StampsApiJson.ReadObjectAsync(context, message => InvalidRequest(message));
        if (problem is not null) return problem;
        if (Missing(body, "integration_id", "username", "password") is { } missing) return missing;
        if (!Guid.TryParse(body.Raw("integration_id"), out _)) return InvalidRequest("integration_id must be a GUID.");

        return accounts.SignIn(body.Raw("username")!.Trim(), body.Raw("password")!, consumeTemporary: false) switch
        {
            StampsSignIn.SignedIn { Customer: var customer } => Results.Json(new
            {
                authenticator = authenticators.Issue(customer),
                expires_in = authenticators.LifetimeSeconds,
                customer_id = customer.Stamps?.CustomerId,
                username = customer.Username,
            }),
            StampsSignIn.MustChangePassword => PasswordChangeRequired(),
            StampsSignIn.LockedOut locked => Locked(locked.Until),
            StampsSignIn.Suspended => Suspended(),
            // A temporary password past its 24 hours no longer is the password.
            _ => InvalidCredentials(),
        };
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext context, StampsAccounts accounts)
    {
        var (body, problem) = await StampsApiJson.ReadObjectAsync(context, message => InvalidRequest(message));
        if (problem is not null) return problem;
        if (Missing(body, "username", "current_password") is { } missing) return missing;
        // An empty new password is a password that breaks min_length, not a missing field.
        if (!body.TryGetProperty("new_password", out var proposed) || proposed.ValueKind != JsonValueKind.String)
        {
            return InvalidRequest("Missing required fields: new_password.", ["new_password"]);
        }

        // "authenticator" is accepted and not needed: the current password is what authorizes the change.
        return accounts.Change(body.Raw("username")!.Trim(), body.Raw("current_password")!, proposed.GetString()!) switch
        {
            PasswordChange.Changed => Results.Json(new { changed = true }),
            PasswordChange.Rejected rejected => StampsApiJson.Error(StatusCodes.Status422UnprocessableEntity, "password_rejected",
                string.Join(" ", rejected.FailedRules.Select(PasswordRules.Explain)),
                new Dictionary<string, object?> { ["failed_rules"] = rejected.FailedRules }),
            PasswordChange.LockedOut locked => Locked(locked.Until),
            PasswordChange.Suspended => Suspended(),
            _ => InvalidCredentials(),
        };
    }

    private static IResult InvalidCredentials() =>
        StampsApiJson.Error(StatusCodes.Status401Unauthorized, "invalid_credentials", "The username or password is incorrect.");

    private static IResult Locked(DateTimeOffset until) => StampsApiJson.Error(StatusCodes.Status423Locked, "account_locked",
        $"The account is locked after 5 unsuccessful login attempts. Try again after {Iso(until)}.",
        new Dictionary<string, object?> { ["locked_until"] = Iso(until) });

    private static IResult PasswordChangeRequired() => StampsApiJson.Error(StatusCodes.Status403Forbidden, "password_change_required",
        "This account has a temporary password. Log in at Stamps.com and set a new password first.");

    private static IResult Suspended() => StampsApiJson.Error(StatusCodes.Status403Forbidden, "account_suspended",
        "This Stamps.com account is suspended. Contact Stamps.com Customer Support.");

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
