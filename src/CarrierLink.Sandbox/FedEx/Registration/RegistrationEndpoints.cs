using System.Text.Json;
using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.FedEx.Accounts;
using CarrierLink.Sandbox.FedEx.Auth;

namespace CarrierLink.Sandbox.FedEx.Registration;

/// <summary>
/// FedEx account registration (AccountRegistration-Resource): the platform (parent token) names an account and its
/// address; FedEx issues a child key at once or asks for proof: a PIN it sends by SMS, CALL or EMAIL, or an invoice.
/// The follow-up calls carry the session in the <c>accountAuthToken</c> header, as the spec's parameters say.
/// </summary>
public static partial class RegistrationEndpoints
{
    public const string AccountAuthTokenHeader = "accountAuthToken";

    /// <summary>FedEx accepts invoices of the last 90 days.</summary>
    public const int InvoiceMaxAgeDays = 90;

    public static void MapFedExRegistration(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/registration/v2").RequireFedExToken().AddEndpointFilter(async (context, next) =>
            // The platform registers accounts with its own (parent) token; a customer's token cannot register anyone.
            context.HttpContext.FedExCaller().IsParent
                ? await next(context)
                : FedExErrors.Error(StatusCodes.Status403Forbidden, FedExErrors.Forbidden, FedExErrors.CustomerTransactionId(context.HttpContext)));
        group.MapPost("/address/keysgeneration", ValidateAddressAsync);
        group.MapPost("/customerkeys/pingeneration", SendPinAsync);
        group.MapPost("/pin/keysgeneration", ValidatePinAsync);
        group.MapPost("/invoice/keysgeneration", ValidateInvoiceAsync);
    }

    private static async Task<IResult> ValidateAddressAsync(HttpContext context, CustomerStore customers, FedExRegistrations registrations, FedExChildKeys childKeys)
    {
        var body = await FedExJsonBody.ReadAsync(context);
        if (body is not { } request) return FedExErrors.BadRequest(FedExErrors.InvalidInput("send a JSON object."), context);
        var accountNumber = request.Text("accountNumber.value");
        if (accountNumber is null) return FedExErrors.BadRequest(RegistrationErrors.AccountNumberRequired, context);
        if (request.Text("customerName") is null) return FedExErrors.BadRequest(RegistrationErrors.CustomerNameRequired, context);
        if (customers.Find(Carriers.FedEx, accountNumber)?.FedEx is not { } account) return FedExErrors.BadRequest(RegistrationErrors.AccountNotFound, context);
        // Sandbox rule: the customer name is not compared (FedEx does not say it is); the address must be the account's.
        if (request.At("address") is not { } address || !SameAddress(address, account.Address)) return FedExErrors.BadRequest(RegistrationErrors.AddressInvalid, context);

        var caller = context.FedExCaller();
        if (account.Mfa == FedExMfa.None) return Keys(childKeys.Issue(account.AccountNumber, caller.ClientId), caller.ClientId, context);

        var options = new Dictionary<string, object> { ["invoice"] = "INVOICE" };
        var channels = PinChannels(account);
        if (channels.Count > 0) options["secureCode"] = channels;
        var mfa = new Dictionary<string, object?>
        {
            ["accountAuthToken"] = registrations.Start(account.AccountNumber, caller.ClientId),
            ["mfaRequired"] = true,
            ["email"] = account.MaskedEmail,
            ["phoneNumber"] = account.MaskedPhone,
            ["options"] = options,
        };
        // Note: the schema (MFAOptions) is an array of these, as is MFAOptions_inner's example; the response example
        // shows one bare object. The schema wins here; a client should read both.
        return FedExErrors.Ok(new { mfaOptions = new[] { mfa.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value) } }, context);
    }

    private static async Task<IResult> SendPinAsync(HttpContext context, CustomerStore customers, FedExRegistrations registrations, FedExPinMailbox mailbox)
    {
        var (found, refusal) = Session(context, registrations);
        if (found is null) return refusal!;
        var body = await FedExJsonBody.ReadAsync(context);
        var option = body?.Text("option");
        if (option is not ("SMS" or "CALL" or "EMAIL")) return FedExErrors.BadRequest(RegistrationErrors.PinOptionRequired, context);
        var account = customers.Find(Carriers.FedEx, found.Session.AccountNumber)?.FedEx;
        var to = option == "EMAIL" ? account?.Email : account?.Phone;
        if (to is null) return FedExErrors.BadRequest(option == "EMAIL" ? RegistrationErrors.EmailNotRegistered : RegistrationErrors.PhoneNotRegistered, context);

        mailbox.Send(found.Session.AccountNumber, option, to, registrations.NewPin(found.Hash));
        return FedExErrors.Ok(new { status = "sent secured Pin" }, context);
    }

    private static async Task<IResult> ValidatePinAsync(HttpContext context, FedExRegistrations registrations, FedExChildKeys childKeys)
    {
        var (found, refusal) = Session(context, registrations);
        if (found is null) return refusal!;
        var pin = (await FedExJsonBody.ReadAsync(context))?.Text("secureCodePin");
        if (pin is null) return FedExErrors.BadRequest(RegistrationErrors.PinRequired, context);
        if (!registrations.CheckPin(found.Hash, pin)) return FedExErrors.BadRequest(RegistrationErrors.PinInvalidOrExpired, context);
        registrations.Complete(found.Hash);
        return Keys(childKeys.Issue(found.Session.AccountNumber, found.Session.ClientId), found.Session.ClientId, context);
    }

    private static async Task<IResult> ValidateInvoiceAsync(HttpContext context, CustomerStore customers, FedExRegistrations registrations,
        FedExChildKeys childKeys, TimeProvider time)
    {
        var (found, refusal) = Session(context, registrations);
        if (found is null) return refusal!;
        var detail = (await FedExJsonBody.ReadAsync(context))?.At("invoiceDetail");
        if (detail is not { ValueKind: JsonValueKind.Object } invoice) return FedExErrors.BadRequest(RegistrationErrors.InvoiceDetailsRequired, context);
        if (invoice.At("number") is not { ValueKind: JsonValueKind.Number } numberElement || !numberElement.TryGetInt64(out var number))
            return FedExErrors.BadRequest(RegistrationErrors.InvoiceNumberRequired, context);

        var account = customers.Find(Carriers.FedEx, found.Session.AccountNumber)?.FedEx;
        var onFile = account?.Invoices.FirstOrDefault(i => i.Number == number);
        if (onFile is null) return FedExErrors.Error(StatusCodes.Status404NotFound, RegistrationErrors.InvoiceNotFound, FedExErrors.CustomerTransactionId(context));
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var matches = invoice.Text("date") == onFile.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            && invoice.Number("amount") == onFile.Amount
            && string.Equals(invoice.Text("currency"), onFile.Currency, StringComparison.OrdinalIgnoreCase)
            && onFile.Date >= today.AddDays(-InvoiceMaxAgeDays);
        if (!matches) return FedExErrors.BadRequest(RegistrationErrors.InvoiceUnknown, context);

        registrations.Complete(found.Hash);
        return Keys(childKeys.Issue(found.Session.AccountNumber, found.Session.ClientId), found.Session.ClientId, context);
    }

    /// <summary>The live session the accountAuthToken header names for this platform, or the refusal to answer instead.</summary>
    private static (SessionLookup.Found? Found, IResult? Refusal) Session(HttpContext context, FedExRegistrations registrations) =>
        registrations.Find(context.Request.Headers[AccountAuthTokenHeader].FirstOrDefault(), context.FedExCaller().ClientId) switch
        {
            SessionLookup.Found found => (found, null),
            SessionLookup.Expired => (null, FedExErrors.BadRequest(RegistrationErrors.SessionExpired, context)),
            _ => (null, FedExErrors.BadRequest(RegistrationErrors.UnauthorizedAccess, context)),
        };

    /// <summary>
    /// The keys, as CustomerKeyOutputVO names them. Its schema also requires apiKey, which no example shows: the
    /// sandbox sends the platform's own API key (client_id) there, which is what FedEx calls an API key.
    /// </summary>
    private static IResult Keys(IssuedChildKey key, string clientId, HttpContext context) =>
        FedExErrors.Ok(new Dictionary<string, string> { ["child_Key"] = key.Key, ["child_secret"] = key.Secret, ["apiKey"] = clientId }, context);

    private static List<string> PinChannels(FedExAccount account) =>
        [.. account.Phone is null ? Array.Empty<string>() : ["SMS", "CALL"], .. account.Email is null ? Array.Empty<string>() : ["EMAIL"]];

    private static bool SameAddress(JsonElement given, FedExAddress onFile)
    {
        static string Norm(string? text) => string.Join(' ', (text ?? "").ToUpperInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var street = given.Items("streetLines") is [{ ValueKind: JsonValueKind.String } line, ..] ? line.GetString() : null;
        var postal = given.Text("postalCode") ?? "";
        return Norm(street) == Norm(onFile.StreetLines[0])
            && Norm(given.Text("city")) == Norm(onFile.City)
            && Norm(given.Text("stateOrProvinceCode")) == Norm(onFile.StateOrProvinceCode)
            && (postal.Length >= 5 ? postal[..5] : postal) == onFile.PostalCode
            && Norm(given.Text("countryCode")) == Norm(onFile.CountryCode);
    }
}
