using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CarrierLink.Web.Mail;

/// <summary>
/// Sends one message now, through SMTP (MailKit) or into the pickup folder. A send that fails throws (the SMTP server's
/// refusal, a connection that could not be made); callers that must not lose a mail keep it and try again later.
/// </summary>
public sealed partial class MailSender(IOptions<MailOptions> options, IHostEnvironment environment, TimeProvider time, ILogger<MailSender> logger)
{
    public Task SendAsync(string to, string subject, string text, string html, CancellationToken cancellationToken) =>
        SendAsync(new OutgoingMail(to, subject, text, html), cancellationToken);

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var subject = mail.Subject;
        var message = new MimeMessage { Date = time.GetUtcNow() };
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(mail.To));
        message.Subject = subject;
        foreach (var (name, value) in mail.Headers) message.Headers.Add(name, value);
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();

        if (settings.Smtp.Host is { Length: > 0 } host)
        {
            // A server that stops answering must not hold a delivery worker for MailKit's default two minutes.
            using var smtp = new SmtpClient { Timeout = settings.Smtp.TimeoutSeconds * 1000 };
            await smtp.ConnectAsync(host, settings.Smtp.Port, Enum.Parse<SecureSocketOptions>(settings.Smtp.Security, ignoreCase: true), cancellationToken);
            if (settings.Smtp.UserName is { Length: > 0 } user) await smtp.AuthenticateAsync(user, settings.Smtp.Password ?? "", cancellationToken);
            await smtp.SendAsync(message, cancellationToken);
            await smtp.DisconnectAsync(quit: true, cancellationToken);
            LogSent(logger, subject, host);
            return;
        }

        var folder = Path.GetFullPath(settings.PickupFolder, environment.ContentRootPath);
        Directory.CreateDirectory(folder);
        // Sortable by name in the order written (a reader lists them oldest first), unique across nodes.
        var path = Path.Combine(folder, $"{time.GetUtcNow():yyyyMMdd-HHmmss-fffffff}-{Interlocked.Increment(ref _written):D8}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(path, cancellationToken);
        LogPickedUp(logger, subject, folder);
    }

    private static long _written;

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent mail \"{Subject}\" through {Host}.")]
    private static partial void LogSent(ILogger logger, string subject, string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote mail \"{Subject}\" to the pickup folder {Folder} (no SMTP server is configured).")]
    private static partial void LogPickedUp(ILogger logger, string subject, string folder);
}
