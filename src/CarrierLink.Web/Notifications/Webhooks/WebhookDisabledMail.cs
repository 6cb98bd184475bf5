using System.Globalization;
using System.Net;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Data;
using CarrierLink.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications.Webhooks;

/// <summary>
/// Tells a merchant's users, by one plain mail each, that CarrierLink turned one of their webhook endpoints off
/// (Standard Webhooks: tell the consumer through another channel). A node takes the mail by clearing its due mark
/// with a conditional UPDATE, and puts the mark back if the mail could not be sent, so it goes out once.
/// </summary>
public sealed partial class WebhookDisabledMail(
    CarrierLinkDb db, MailSender mail, IOptions<ConnectOptions> connect, IOptions<WebhookOptions> options, ILogger<WebhookDisabledMail> logger)
{
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var due = await db.WebhookEndpoints.AsNoTracking().Where(e => e.DisabledMailDueAt != null).Take(10).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var endpoint in due)
        {
            var taken = await db.WebhookEndpoints.Where(e => e.Id == endpoint.Id && e.DisabledMailDueAt != null)
                .ExecuteUpdateAsync(e => e.SetProperty(x => x.DisabledMailDueAt, (DateTime?)null), cancellationToken);
            if (taken == 0) continue;
            try
            {
                var users = await db.Users.AsNoTracking().Where(u => u.MerchantId == endpoint.MerchantId).Select(u => u.Email)
                    .ToListAsync(cancellationToken);
                var (subject, text, html) = Compose(endpoint);
                foreach (var user in users) await mail.SendAsync(user, subject, text, html, cancellationToken);
                sent++;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogMailFailed(logger, endpoint.Id, e.GetType().Name);
                await db.WebhookEndpoints.Where(x => x.Id == endpoint.Id && x.DisabledAt != null && x.DisabledMailDueAt == null)
                    .ExecuteUpdateAsync(x => x.SetProperty(y => y.DisabledMailDueAt, endpoint.DisabledMailDueAt), CancellationToken.None);
            }
        }
        return sent;
    }

    private (string Subject, string Text, string Html) Compose(WebhookEndpoint endpoint)
    {
        // Only scheme, host and path: a query may carry the receiver's own token.
        var shown = Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : endpoint.Url;
        var when = Words(endpoint.DisabledAt!.Value);
        var why = endpoint.DisabledReason == WebhookDisabledReasons.Gone
            ? "It answered 410 Gone, which asks senders to stop sending to it."
            : $"Every attempt to deliver to it failed for {options.Value.DisableAfterFailingDays} days"
              + (endpoint.FailingSince is { } since ? $", since {Words(since)}." : ".");
        var page = new Uri(connect.Value.PublicBaseUrl!, $"settings/webhooks/{endpoint.Id}").ToString();
        var subject = "CarrierLink stopped sending webhooks to " + (uri?.Host ?? shown);
        string[] paragraphs =
        [
            $"CarrierLink turned off your webhook endpoint {shown} on {when}.",
            why,
            "Connection events since then were not sent to it. When your system is ready again, turn the endpoint back on and "
                + "use Send again on the events it missed:",
        ];
        var text = string.Join("\n\n", paragraphs) + $"\n\n{page}\n";
        var html = string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"))
            + $"<p><a href=\"{WebUtility.HtmlEncode(page)}\">{WebUtility.HtmlEncode(page)}</a></p>";
        return (subject, text, html);
    }

    private static string Words(DateTime at) => at.ToString("d MMMM yyyy 'at' HH:mm 'UTC'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The mail about turned-off webhook endpoint {EndpointId} could not be sent ({Error}); it is tried again.")]
    private static partial void LogMailFailed(ILogger logger, Guid endpointId, string error);
}
