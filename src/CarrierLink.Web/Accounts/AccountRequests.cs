using System.Text.Json;
using System.Text.Json.Serialization;

namespace CarrierLink.Web.Accounts;

/// <summary>
/// carrier and nickname, and what the carrier's connect method needs: username and password (One Balance), shipper_number
/// (UPS), account_number, customer_name, street, city, state, postal_code, country_code (FedEx). Every further member is
/// a text input of the connect method.
/// </summary>
public sealed record CreateAccountRequest(string? Carrier, string? Nickname)
{
    [JsonExtensionData] public Dictionary<string, JsonElement>? Inputs { get; init; }
}

public sealed record RemindLaterRequest(int? Hours);

/// <summary>password (One Balance), or the registration's inputs (FedEx: account_number and address); nothing for a sign-in page.</summary>
public sealed record ReconnectRequest
{
    [JsonExtensionData] public Dictionary<string, JsonElement>? Inputs { get; init; }
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

/// <summary>An OAuth reconnect's answer: the carrier's sign-in page, where the merchant approves CarrierLink again.</summary>
public sealed record SignInResponse(Uri AuthorizationUrl);
