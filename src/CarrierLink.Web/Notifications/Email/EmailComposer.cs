using System.Globalization;
using System.Net;
using System.Text;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Data;
using CarrierLink.Web.Mail;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications.Email;

/// <summary>
/// Writes the mails from their jobs at sending time: a single mail or a user's daily digest, each in plain text and
/// HTML with the same words, an unsubscribe link for each kind of mail in it and a List-Unsubscribe header (RFC 2369,
/// one-click per RFC 8058) that mail programs show as their own "Unsubscribe" button.
/// </summary>
public sealed class EmailComposer(UnsubscribeLinks unsubscribe, IOptions<ConnectOptions> connect, IOptions<EmailNotificationOptions> options)
{
    private const string Footer = "CarrierLink keeps your carrier accounts connected.";

    public OutgoingMail OneEvent(string to, EmailJob job)
    {
        var off = unsubscribe.For(job.UserId, [job.EventType]);
        var label = EmailTopics.Find(job.EventType)?.Label ?? job.EventType;
        var action = ActionOf(job);

        var text = new StringBuilder()
            .Append(job.Headline).Append("\n\n")
            .Append(job.Body).Append("\n\n");
        if (action is { } a) text.Append(a.Label).Append(": ").Append(a.Url).Append("\n\n");
        text.Append("-- \n")
            .Append($"You get this mail because \"{label}\" is on in your CarrierLink email settings ({to}).\n")
            .Append($"Stop these mails: {off}\n")
            .Append($"Choose what you hear about: {SettingsUrl}\n");

        var html = new StringBuilder()
            .Append(HtmlStart)
            .Append($"<h1 style=\"font-size:20px;margin:0 0 16px\">{Html(job.Headline)}</h1>")
            .Append(Paragraphs(job.Body));
        if (action is { } b) html.Append(Button(b.Label, b.Url));
        html.Append("<hr style=\"border:none;border-top:1px solid #ddd;margin:24px 0 12px\">")
            .Append($"<p style=\"font-size:12px;color:#555\">You get this mail because “{Html(label)}” is on in your CarrierLink email settings ({Html(to)}). ")
            .Append($"<a href=\"{Html(off.ToString())}\">Stop these mails</a> · <a href=\"{Html(SettingsUrl.ToString())}\">Choose what you hear about</a></p>")
            .Append(HtmlEnd);

        return new OutgoingMail(to, job.Headline, text.ToString(), html.ToString()) { Headers = ListUnsubscribe(off) };
    }

    /// <summary>One mail with a user's day of connection changes, oldest first.</summary>
    public OutgoingMail Digest(string to, IReadOnlyList<EmailJob> jobs)
    {
        var ordered = jobs.OrderBy(j => j.OccurredAt).ThenBy(j => j.Id).ToList();
        var userId = ordered[0].UserId;
        var allOff = unsubscribe.For(userId, ordered.Select(j => j.EventType));
        var subject = ordered.Count == 1
            ? $"CarrierLink daily digest: {ordered[0].Headline}"
            : $"CarrierLink daily digest: {ordered.Count} connection changes";
        var hour = $"{options.Value.DigestHourUtc:00}:00 UTC";

        var text = new StringBuilder().Append("Your carrier connections since the last digest:\n\n");
        var html = new StringBuilder().Append(HtmlStart)
            .Append("<h1 style=\"font-size:20px;margin:0 0 16px\">Your carrier connections since the last digest</h1>");
        foreach (var job in ordered)
        {
            var when = job.OccurredAt.ToString("MMMM d, HH:mm 'UTC'", CultureInfo.InvariantCulture);
            var off = unsubscribe.For(userId, [job.EventType]);
            var action = ActionOf(job);
            text.Append($"* {job.Headline} ({when})\n")
                .Append(Indent(job.Body)).Append('\n');
            if (action is { } a) text.Append($"  {a.Label}: {a.Url}\n");
            text.Append($"  Stop mails like this: {off}\n\n");

            html.Append("<div style=\"margin:0 0 20px\">")
                .Append($"<h2 style=\"font-size:16px;margin:0 0 4px\">{Html(job.Headline)}</h2>")
                .Append($"<p style=\"font-size:12px;color:#555;margin:0 0 8px\">{Html(when)}</p>")
                .Append(Paragraphs(job.Body));
            if (action is { } b) html.Append($"<p><a href=\"{Html(b.Url.ToString())}\">{Html(b.Label)}</a></p>");
            html.Append($"<p style=\"font-size:12px\"><a href=\"{Html(off.ToString())}\">Stop mails like this</a></p></div>");
        }
        text.Append("-- \n")
            .Append($"You chose a daily digest at {hour} in your CarrierLink email settings ({to}).\n")
            .Append($"Stop all the mails in this digest: {allOff}\n")
            .Append($"Single mails instead, or other choices: {SettingsUrl}\n");
        html.Append("<hr style=\"border:none;border-top:1px solid #ddd;margin:24px 0 12px\">")
            .Append($"<p style=\"font-size:12px;color:#555\">You chose a daily digest at {hour} in your CarrierLink email settings ({Html(to)}). ")
            .Append($"<a href=\"{Html(allOff.ToString())}\">Stop all the mails in this digest</a> · ")
            .Append($"<a href=\"{Html(SettingsUrl.ToString())}\">Single mails instead, or other choices</a></p>")
            .Append(HtmlEnd);

        return new OutgoingMail(to, subject, text.ToString(), html.ToString()) { Headers = ListUnsubscribe(allOff) };
    }

    private Uri SettingsUrl => new(connect.Value.PublicBaseUrl!, "settings/notifications");

    private (string Label, Uri Url)? ActionOf(EmailJob job) =>
        job is { ActionLabel: { } label, ActionPath: { } path } ? (label, new Uri(connect.Value.PublicBaseUrl!, path.TrimStart('/'))) : null;

    private static Dictionary<string, string> ListUnsubscribe(Uri off) => new()
    {
        ["List-Unsubscribe"] = $"<{off}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
    };

    private const string HtmlStart =
        "<!doctype html><html><body style=\"font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#222;max-width:600px;margin:0 auto;padding:16px\">";

    private const string HtmlEnd = $"<p style=\"font-size:12px;color:#888\">{Footer}</p></body></html>";

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private static string Paragraphs(string text) =>
        string.Concat(text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(p => $"<p style=\"margin:0 0 12px\">{Html(p.Trim())}</p>"));

    private static string Button(string label, Uri url) =>
        $"<p style=\"margin:20px 0\"><a href=\"{Html(url.ToString())}\" style=\"background:#1a5fb4;color:#fff;padding:10px 18px;"
        + $"border-radius:4px;text-decoration:none;display:inline-block\">{Html(label)}</a></p>";

    private static string Indent(string text) => "  " + text.Replace("\n", "\n  ", StringComparison.Ordinal).Replace("\n  \n", "\n\n", StringComparison.Ordinal);
}
