using System.Globalization;
using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.FedEx.Registration;
using CarrierLink.Sandbox.Html;

namespace CarrierLink.Sandbox.FedEx.Site;

/// <summary>
/// "FedEx.com": a landing page, and per account an inbox standing in for the customer's phone and email (the PINs
/// FedEx sent) beside the account's recent invoices (what a customer would read off a paper invoice).
/// </summary>
public static class FedExPages
{
    public const string SiteName = "FedEx.com";
    public const string Home = "/fedex";

    private static readonly SafeHtml Theme = new("""
        <style>
        html body header.site{background:#4d148c;border-bottom-color:#ff6200}
        html body .badge{background:#ff6200}
        html body h1,html body h2{color:#4d148c}
        html body .mail{border-top:1px solid #d5d5dd;padding-top:.75rem;margin-top:.75rem}
        </style>
        """);

    public static void MapFedExPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(Home, (CustomerStore customers) => Page("FedEx", SafeHtml.Of($"""
            <div class="card">
            <h1>FedEx Developer sandbox</h1>
            <p>Platforms connect FedEx accounts through the account registration API; FedEx may ask the customer for a PIN it sends by text, call or email, or for a recent invoice.</p>
            <h2>Customer inboxes</h2>
            <ul>{SafeHtml.Join(customers.All().Where(c => c.FedEx is not null).Select(c =>
                SafeHtml.Of($"""<li><a href="/fedex/inbox/{c.Username}">Account {c.Username}</a>: {c.FedEx!.CustomerName}</li>""")))}</ul>
            </div>
            """)));

        app.MapGet("/fedex/inbox/{account}", (string account, CustomerStore customers, FedExPinMailbox mailbox) =>
        {
            if (customers.Find(Carriers.FedEx, account)?.FedEx is not { } fedex)
                return Page("Inbox not found", SafeHtml.Of($"<div class=\"card\"><h1>Inbox not found</h1><p>There is no FedEx account {account}.</p></div>"),
                    StatusCodes.Status404NotFound);
            var messages = mailbox.For(fedex.AccountNumber).Select(m => SafeHtml.Of($"""
                <article class="mail">
                <p class="note">{m.Channel} to {m.To}, {m.SentAt.UtcDateTime.ToString("HH:mm 'UTC on' d MMMM yyyy", CultureInfo.InvariantCulture)}</p>
                <p>{m.Text}</p>
                </article>
                """)).ToList();
            var invoices = fedex.Invoices.Select(i => SafeHtml.Of(
                $"<li>Invoice {i.Number} of {i.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: {i.Amount.ToString("0.00", CultureInfo.InvariantCulture)} {i.Currency}</li>"));
            return Page("Inbox", SafeHtml.Of($"""
                <div class="card">
                <h1>Messages for account {fedex.AccountNumber}</h1>
                <p class="note">Sandbox stand-in for {fedex.CustomerName}'s phone ({fedex.Phone ?? "none on file"}) and email ({fedex.Email ?? "none on file"}): what FedEx sent, newest first.</p>
                {(messages.Count == 0 ? SafeHtml.Of($"<p>No messages.</p>") : SafeHtml.Join(messages))}
                <h2>Recent invoices</h2>
                <ul>{SafeHtml.Join(invoices)}</ul>
                </div>
                """));
        });
    }

    private static IResult Page(string title, SafeHtml body, int statusCode = StatusCodes.Status200OK) => Layout.Page(title, body, SiteName, Home, Theme, statusCode);
}
