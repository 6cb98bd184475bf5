using System.Net;
using System.Text.Json;

namespace CarrierLink.Carriers.FedEx;

/// <summary>FedEx's error envelope: {"transactionId", "errors": [{"code", "message", "parameterList"}]}.</summary>
internal static class FedExErrorBody
{
    /// <summary>The codes and messages of the errors (messages HTML-decoded: FedEx writes "&amp;reg;").</summary>
    public static IReadOnlyList<(string Code, string Message)> Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array) return [];
            return errors.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object)
                .Select(e => (Text(e, "code") ?? "", WebUtility.HtmlDecode(Text(e, "message") ?? "")))
                .ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static string? Message(string body) => Read(body) is { Count: > 0 } errors
        ? string.Join(" ", errors.Select(e => e.Message.Length > 0 ? e.Message : e.Code))
        : null;

    public static bool Has(string body, string code) => Read(body).Any(e => e.Code == code);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>FedEx error codes CarrierLink decides on (published in FedEx's API files unless marked otherwise).</summary>
internal static class FedExCodes
{
    /// <summary>Invented by the sandbox (FedEx publishes no code for a suspended account).</summary>
    public const string AccountSuspended = "ACCOUNT.SUSPENDED.ERROR";

    public const string SessionExpired = "SESSION.EXPIRED.ERROR";
    public const string UnauthorizedAccess = "UNAUTHORIZED.ACCESS.ERROR";
    public const string AccountNotFound = "ACCOUNT.NUMBER.NOTFOUND";
    public const string AccountNumberRequired = "ACCOUNT.NUMBER.REQUIRED";
    public const string AddressInvalid = "ADDRESS.DETAIL.INVALID";
    public const string PinInvalidOrExpired = "PIN.OPTION.INVALIDEXPIRED";
    public const string PinRequired = "PIN.PINSECURECODE.REQUIRED";
    public const string InvoiceNotFound = "INVOICEDETAILS.NUMBER.NOTEXIST";
    public const string InvoiceUnknown = "INVOICE.UNKNOWN.ERROR";

    /// <summary>The neutral field a registration refusal is about, so a form can put the message beside the right input.</summary>
    public static string FieldOf(string code) => code switch
    {
        SessionExpired or UnauthorizedAccess => "account_auth_token",
        AccountNotFound or AccountNumberRequired or "ACCOUNTVALIDATION.UNKNOWN.ERROR" or "USER.ACCOUNT.NOTFOUND" => "account_number",
        "CUSTOMER.NAME.REQUIRED" => "customer_name",
        AddressInvalid or "ADDRESS.VALIDATION.UNKNOWN.ERROR" => "address",
        PinInvalidOrExpired or PinRequired or "PIN.UNKNOWN.ERROR" => "pin",
        "PIN.OPTION.REQUIRED" or "EMAIL.NOT.REGISTERED" or "PHONENUMBER.NOT.REGISTERED" or "ISSUE.PIN.FAILED" => "method",
        InvoiceNotFound or InvoiceUnknown or "INVOICE.DETAILS.REQUIRED" or "INVOICEDETAILS.NUMBER.REQUIRED" => "invoice",
        _ => "carrier",
    };
}
