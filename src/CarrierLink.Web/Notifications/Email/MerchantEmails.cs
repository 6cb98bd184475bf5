using System.Security.Cryptography;
using System.Text;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Notifications.Email;

/// <summary>
/// Mails to a merchant's users that do not come from the outbox, for other features to call. Each adds mail jobs to the
/// scope's <see cref="CarrierLinkDb"/> and does not save: the caller's SaveChangesAsync commits them with its own change,
/// so the mail goes if and only if the change happened, and is sent by the email worker with retries like any other.
/// </summary>
public sealed class MerchantEmails(CarrierLinkDb db, EmailQueue queue)
{
    /// <summary>
    /// "Your webhook endpoint ... is disabled", to each user of the merchant who wants it. Queuing the same endpoint's
    /// disabling (same <paramref name="disabledAt"/>) twice still mails each user once.
    /// </summary>
    /// <param name="why">In the merchant's words, e.g. "It failed every delivery for 5 days (last answer: HTTP 500)."</param>
    public async Task QueueWebhookEndpointDisabledAsync(
        Guid merchantId, Guid endpointId, string endpointUrl, string why, DateTime disabledAt, CancellationToken cancellationToken)
    {
        var source = SourceOf($"webhook-endpoint-disabled|{endpointId:N}|{disabledAt.Ticks}");
        await queue.AddAsync(db, [new MailToMerchant(merchantId, source, disabledAt, EventMails.WebhookEndpointDisabled(endpointUrl, why))], cancellationToken);
    }

    /// <summary>A stable id for a mail's source that is not an outbox message, so queuing it again finds the same jobs.</summary>
    private static Guid SourceOf(string name) => new(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));
}
