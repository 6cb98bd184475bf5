namespace CarrierLink.Sandbox.FedEx.Registration;

/// <summary>The registration API's errors, word for word from its components/examples (and the invoice 404 example).</summary>
public static class RegistrationErrors
{
    public static readonly FedExError AccountNumberRequired = new("ACCOUNT.NUMBER.REQUIRED", "Account number is required.");
    public static readonly FedExError CustomerNameRequired = new("CUSTOMER.NAME.REQUIRED", "Customer name is required.");
    public static readonly FedExError AccountNotFound = new("ACCOUNT.NUMBER.NOTFOUND",
        "Account Number not in database.  Please check the number entered and try again.  If you continue to have problems, please contact your local FedEx Customer Service representative (in U.S. and Canada, call 1-800-GO-FEDEX&reg;).");
    /// <summary>Also the sandbox's answer when the address is valid but not the account's own (FedEx publishes no separate code).</summary>
    public static readonly FedExError AddressInvalid = new("ADDRESS.DETAIL.INVALID", "The City, State/Province and ZIP/Postal code combination that you entered is not valid.");
    public static readonly FedExError SessionExpired = new("SESSION.EXPIRED.ERROR", "Your session is expired. Please enter your user ID and password to log in again.");
    public static readonly FedExError UnauthorizedAccess = new("UNAUTHORIZED.ACCESS.ERROR", "We are unable to process this request. Please try again later or contact FedEx Customer Service.");
    public static readonly FedExError PinInvalidOrExpired = new("PIN.OPTION.INVALIDEXPIRED", "Pin is invalid or expired..");
    public static readonly FedExError PinRequired = new("PIN.PINSECURECODE.REQUIRED", "We are unable to process this request. Please try again later.");
    public static readonly FedExError PinOptionRequired = new("PIN.OPTION.REQUIRED", "Please provide option.");
    public static readonly FedExError EmailNotRegistered = new("EMAIL.NOT.REGISTERED", "We are unable to process this request. Please try again later.");
    public static readonly FedExError PhoneNotRegistered = new("PHONENUMBER.NOT.REGISTERED", "We are unable to process this request. Please try again later.");
    public static readonly FedExError InvoiceDetailsRequired = new("INVOICE.DETAILS.REQUIRED", "Invoice details are required.");
    public static readonly FedExError InvoiceNumberRequired = new("INVOICEDETAILS.NUMBER.REQUIRED", "Please provide invoice number.");
    /// <summary>The 404 example of invoice/keysgeneration.</summary>
    public static readonly FedExError InvoiceNotFound = new("INVOICEDETAILS.NUMBER.NOTEXIST", "Invoice does not exist for the provided invoice number.");
    /// <summary>The sandbox's answer when the invoice exists but its date, amount or currency differ, or it is older than 90 days.</summary>
    public static readonly FedExError InvoiceUnknown = new("INVOICE.UNKNOWN.ERROR", "We are unable to process this request. Please try again later or contact FedEx Customer Service.");
}
