using System.Globalization;
using CarrierLink.Sandbox.Control;
using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.FedEx.Accounts;
using CarrierLink.Sandbox.FedEx.Api;
using CarrierLink.Sandbox.FedEx.Registration;

namespace CarrierLink.Sandbox.FedEx;

/// <summary>The control API's FedEx parts: creating an account, what the account shows, its labels, pickups and PIN messages.</summary>
public static class FedExControl
{
    public static void MapFedExControl(this RouteGroupBuilder control)
    {
        control.MapGet("/customers/fedex/{account}/labels", (string account, CustomerStore customers, FedExShipmentStore store) =>
            customers.Find(Carriers.FedEx, account) is null ? Unknown(account) : ControlJson.List(store.LabelsOf(account).Select(l => new
            {
                tracking_number = l.TrackingNumber,
                service_type = l.ServiceType,
                net_charge = l.NetCharge,
                ship_date = Date(l.ShipDate),
                to_postal_code = l.ToPostalCode,
                customer_reference = l.CustomerReference,
                customer_transaction_id = l.CustomerTransactionId,
                status = l.Cancelled ? "cancelled" : "shipped",
                shipping_cycle = l.ShippingCycle,
                created_at = l.CreatedAt,
            })));
        control.MapGet("/customers/fedex/{account}/pickups", (string account, CustomerStore customers, FedExShipmentStore store) =>
            customers.Find(Carriers.FedEx, account) is null ? Unknown(account) : ControlJson.List(store.PickupsOf(account).Select(p => new
            {
                confirmation_number = p.ConfirmationCode,
                location = p.Location,
                carrier_code = p.CarrierCode,
                pickup_date = Date(p.ScheduledDate),
                package_count = p.PackageCount,
                status = p.Cancelled ? "canceled" : "scheduled",
                created_at = p.CreatedAt,
            })));
    }

    /// <summary>POST /_control/customers for carrier fedex: username is the 9-digit account number (made up when left out); mfa none|pin|invoice.</summary>
    public static IResult Create(string? username, string? mfa, CustomerStore customers)
    {
        var errors = new Dictionary<string, string[]>();
        if (username is not null && !FedExAccountFactory.IsAccountNumber(username)) errors["username"] = ["username is the FedEx account number: 9 digits."];
        if (mfa is not null && !FedExMfa.All.Contains(mfa)) errors["mfa"] = [$"mfa must be one of: {string.Join(", ", FedExMfa.All)}."];
        if (errors.Count > 0) return ControlJson.Validation(errors);

        var account = username ?? FedExAccountFactory.NewAccountNumber();
        // FedEx accounts have no password the sandbox plays (no FedEx.com sign-in); the field is kept for the shared store.
        return customers.Create(new NewCustomer(Carriers.FedEx, account, Password: "", FedEx: new FedExSetup(mfa ?? FedExMfa.Pin))) switch
        {
            CreateCustomerResult.Created created => Results.Json(CustomerEndpoints.View(created.Customer), statusCode: StatusCodes.Status201Created)
                .WithHeader("Location", $"/_control/customers/fedex/{account}"),
            _ => ControlJson.Conflict("customer-exists", $"A fedex customer with account number '{account}' already exists."),
        };
    }

    /// <summary>The account as the control API shows it: number, name, address, MFA, where PINs go, and the invoices (the first is the one to use).</summary>
    public static void Describe(Dictionary<string, object?> view, FedExAccount account)
    {
        view["account_number"] = account.AccountNumber;
        view["customer_name"] = account.CustomerName;
        view["address"] = new
        {
            street_lines = account.Address.StreetLines,
            city = account.Address.City,
            state_or_province_code = account.Address.StateOrProvinceCode,
            postal_code = account.Address.PostalCode,
            country_code = account.Address.CountryCode,
            residential = account.Address.Residential,
        };
        view["mfa"] = account.Mfa;
        view["email"] = account.Email;
        view["phone"] = account.Phone;
        var invoices = account.Invoices.Select(i => new { number = i.Number, date = Date(i.Date), amount = i.Amount, currency = i.Currency }).ToList();
        view["invoice"] = invoices[0];
        view["invoices"] = invoices;
        view["inbox"] = $"/fedex/inbox/{account.AccountNumber}";
    }

    /// <summary>GET /_control/mailbox/fedex/{account}: the PINs FedEx sent, newest first.</summary>
    public static IEnumerable<object> Mailbox(FedExPinMailbox mailbox, string account) =>
        mailbox.For(account).Select(m => new { id = m.Id, to = m.To, channel = m.Channel, subject = "Your FedEx security code", body = m.Text, sent_at = m.SentAt });

    private static IResult Unknown(string account) => ControlJson.NotFound($"There is no fedex customer named '{account}'.");

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
