using System.Globalization;
using CarrierLink.Sandbox.Html;
using CarrierLink.Sandbox.Stamps.Accounts;

namespace CarrierLink.Sandbox.Stamps.Site;

/// <summary>/stamps/inbox/{username}: stands in for the customer's email, so a person can read the temporary password.</summary>
public static class InboxPage
{
    public static void MapStampsInbox(this IEndpointRouteBuilder app) =>
        app.MapGet("/stamps/inbox/{username}", (string username, StampsAccounts accounts, StampsMailbox mailbox) =>
        {
            if (accounts.Find(username) is not { } customer)
            {
                return StampsPage.Problem("Inbox not found", "There is no Stamps.com customer with this username.", StatusCodes.Status404NotFound);
            }
            var email = customer.Stamps?.Email ?? "";
            var messages = mailbox.For(customer.Username).Select(m => SafeHtml.Of($"""
                <article class="mail">
                <h2>{m.Subject}</h2>
                <p class="note">From Stamps.com to {m.To}, {m.SentAt.UtcDateTime.ToString("HH:mm 'UTC on' d MMMM yyyy", CultureInfo.InvariantCulture)}</p>
                <pre>{m.Body}</pre>
                </article>
                """)).ToList();
            return StampsPage.Render("Inbox", SafeHtml.Of($"""
                <div class="card">
                <h1>Inbox for {email}</h1>
                <p class="note">Sandbox stand-in for the customer's email: what Stamps.com sent this account, newest first.</p>
                {(messages.Count == 0 ? SafeHtml.Of($"<p>No messages.</p>") : SafeHtml.Join(messages))}
                <p><a href="/stamps">Go to the Stamps.com login page</a></p>
                </div>
                """));
        });
}
