using CarrierLink.Web.Notifications.Email;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Pages.Settings.Notifications;

/// <summary>Settings > Email notifications: which connection changes the signed-in user hears about, one by one or in a daily digest.</summary>
public sealed class IndexModel(UserEmailChoices choices, IOptions<EmailNotificationOptions> options) : MerchantPageModel
{
    public const string OneByOne = "single";
    public const string Digest = "digest";

    public EmailChoices Choices { get; private set; } = EmailChoices.Defaults;
    public string? Notice { get; private set; }
    public string? Error { get; private set; }
    public string DigestHour => $"{options.Value.DigestHourUtc:00}:00 UTC";

    public static IEnumerable<IGrouping<string, EmailTopic>> Groups => EmailTopics.All.GroupBy(t => t.Group);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (UserId is not { } userId) return Forbid();
        Breadcrumbs(("Settings", "/settings"), ("Email notifications", null));
        Choices = await choices.ForUserAsync(userId, cancellationToken);
        return Page();
    }

    /// <summary>
    /// Each kind of mail is its own checkbox, named by its event type (sent as "on" when ticked), so a post holds each
    /// kind at most once; a value other than "on" is refused, naming the kind.
    /// </summary>
    public async Task<IActionResult> OnPostAsync(string? delivery, CancellationToken cancellationToken)
    {
        if (UserId is not { } userId) return Forbid();
        Breadcrumbs(("Settings", "/settings"), ("Email notifications", null));
        var form = await Request.ReadFormAsync(cancellationToken);
        var chosen = EmailTopics.All.Where(t => form[t.EventType].Count > 0).ToList();
        if (delivery is not (OneByOne or Digest))
            Error = "Choose how the mails come: one mail per change, or a daily digest.";
        else if (chosen.FirstOrDefault(t => form[t.EventType] != "on") is { } garbled)
            Error = $"\"{garbled.Label}\" is either ticked or not; choose again.";
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Choices = await choices.ForUserAsync(userId, cancellationToken);
            return Page();
        }
        await choices.SaveAsync(userId, delivery == Digest, chosen.Select(t => t.EventType).ToHashSet(StringComparer.Ordinal), cancellationToken);
        Choices = await choices.ForUserAsync(userId, cancellationToken);
        Notice = chosen.Count == 0
            ? "Saved. You get no connection mail; the pages still show every change."
            : delivery == Digest ? $"Saved. Your mails come together once a day at {DigestHour}." : "Saved. Each change comes in its own mail.";
        return Page();
    }
}
