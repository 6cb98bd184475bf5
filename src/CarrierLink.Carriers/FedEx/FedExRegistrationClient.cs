using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Registration;
using Microsoft.Extensions.Options;

namespace CarrierLink.Carriers.FedEx;

/// <summary>
/// FedEx account registration (AccountRegistration-Resource) under the platform's parent credentials, and access
/// tokens for a registered account (POST /oauth/token, grant_type csp_credentials with the child key and secret).
/// The registration session travels in the accountAuthToken header, as FedEx's spec names it.
/// </summary>
public sealed partial class FedExRegistrationClient(HttpClient http, IOptions<FedExOptions> options, TimeProvider time, FedExParentToken parent)
    : IRegistrationCarrierClient
{
    private const string AccountAuthTokenHeader = "accountAuthToken";
    private readonly FedExOptions _options = options.Value;

    public string Carrier => CarrierCodes.FedEx;

    public bool IsConfigured => _options.IsConfigured;

    public Task<CarrierResult<RegistrationStep>> RegisterAsync(AccountRegistration registration, CancellationToken cancellationToken)
    {
        var address = registration.Address;
        var body = new
        {
            // The registration schema requires "key" beside "value"; FedEx's example leaves it empty, and so does CarrierLink.
            accountNumber = new { key = "", value = registration.AccountNumber.Trim() },
            customerName = registration.CustomerName.Trim(),
            address = new
            {
                streetLines = address.StreetLines,
                city = address.City,
                stateOrProvinceCode = address.StateOrProvinceCode,
                postalCode = address.PostalCode,
                countryCode = address.CountryCode,
                residential = address.Residential,
            },
        };
        return AsPlatformAsync("registration/v2/address/keysgeneration", null, body, ReadStep, cancellationToken);
    }

    public Task<CarrierResult<bool>> SendPinAsync(string accountAuthToken, string method, CancellationToken cancellationToken) =>
        AsPlatformAsync("registration/v2/customerkeys/pingeneration", accountAuthToken, new { option = method }, _ => new CarrierResult<bool>.Success(true), cancellationToken);

    public Task<CarrierResult<ChildCredentials>> VerifyPinAsync(string accountAuthToken, string pin, CancellationToken cancellationToken) =>
        AsPlatformAsync("registration/v2/pin/keysgeneration", accountAuthToken, new { secureCodePin = pin.Trim() }, ReadKeys, cancellationToken);

    public Task<CarrierResult<ChildCredentials>> VerifyInvoiceAsync(string accountAuthToken, InvoiceProof invoice, CancellationToken cancellationToken)
    {
        var body = new
        {
            invoiceDetail = new
            {
                number = invoice.Number,
                date = invoice.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                currency = invoice.Currency,
                amount = invoice.Amount,
            },
        };
        return AsPlatformAsync("registration/v2/invoice/keysgeneration", accountAuthToken, body, ReadKeys, cancellationToken);
    }

    /// <summary>Keys at once (child_Key, child_secret), or mfaOptions: an array per the schema, one object in FedEx's example; both are read.</summary>
    private static CarrierResult<RegistrationStep> ReadStep(JsonElement answer)
    {
        var output = answer.GetProperty("output");
        if (output.TryGetProperty("child_Key", out _)) return new CarrierResult<RegistrationStep>.Success(new RegistrationStep.Issued(Keys(output)));
        var mfa = output.GetProperty("mfaOptions");
        if (mfa.ValueKind == JsonValueKind.Array) mfa = mfa.EnumerateArray().First();
        var methods = new List<string>();
        if (mfa.TryGetProperty("options", out var offered))
        {
            if (offered.TryGetProperty("secureCode", out var codes) && codes.ValueKind == JsonValueKind.Array)
                methods.AddRange(codes.EnumerateArray().Select(c => c.GetString()).OfType<string>());
            if (offered.TryGetProperty("invoice", out var invoice) && invoice.ValueKind == JsonValueKind.String) methods.Add(MfaMethods.Invoice);
        }
        var challenge = new MfaChallenge(mfa.GetProperty("accountAuthToken").GetString()!, methods, Text(mfa, "email"), Text(mfa, "phoneNumber"));
        return new CarrierResult<RegistrationStep>.Success(new RegistrationStep.ProofRequired(challenge));
    }

    private static CarrierResult<ChildCredentials> ReadKeys(JsonElement answer) => new CarrierResult<ChildCredentials>.Success(Keys(answer.GetProperty("output")));

    private static ChildCredentials Keys(JsonElement output) =>
        new(output.GetProperty("child_Key").GetString()!, output.GetProperty("child_secret").GetString()!);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// A registration call under the platform's token. A 401 means the cached token died early (FedEx restarted,
    /// keys rotated): one fresh token is tried before giving up.
    /// </summary>
    private async Task<CarrierResult<T>> AsPlatformAsync<T>(string path, string? accountAuthToken, object body, Func<JsonElement, CarrierResult<T>> read,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var token = await ParentTokenAsync(forceNew: attempt > 0, cancellationToken);
            if (token is not CarrierResult<string>.Success { Value: var accessToken }) return token.Relay<T>();
            var request = FedExCalls.Request(HttpMethod.Post, _options.BaseUrl!, path, accessToken, body);
            if (accountAuthToken is not null) request.Headers.TryAddWithoutValidation(AccountAuthTokenHeader, accountAuthToken);
            // Not idempotent: a repeat issues another key or PIN (harmless, but the first answer may be lost).
            var result = await FedExCalls.SendAsync(http, request, time, idempotent: false, read, cancellationToken, RegistrationRefusal<T>);
            if (result is CarrierResult<T>.AuthRejected && attempt == 0) continue;
            return result is CarrierResult<T>.AuthRejected
                ? new CarrierResult<T>.Invalid("FedEx did not accept CarrierLink's own FedEx API credentials; check Carriers:FedEx ClientId and ClientSecret.")
                : result;
        }
    }

    /// <summary>A registration refusal in FedEx's words, placed on the field it is about (FedEx's code decides which).</summary>
    private static CarrierResult<T>? RegistrationRefusal<T>(HttpResponseMessage response, string body)
    {
        if (response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)) return null;
        var errors = FedExErrorBody.Read(body);
        if (errors.Count == 0 || errors.All(e => e.Code is "NOT.AUTHORIZED.ERROR")) return null;
        var fields = errors.GroupBy(e => FedExCodes.FieldOf(e.Code)).ToDictionary(g => g.Key, g => g.Select(e => $"{e.Message} ({e.Code})").ToArray());
        return new CarrierResult<T>.Invalid(string.Join(" ", errors.Select(e => e.Message)), fields);
    }
}
