using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CarrierLink.Web.Mail;

/// <summary>Sends one message now, through SMTP (MailKit) or into the pickup folder.</summary>
public sealed partial class MailSender(IOptions<MailOptions> options, IHostEnvironment environment, TimeProvider time, ILogger<MailSender> logger)
{
    public async Task SendAsync(string to, string subject, string text, string html, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();

        if (settings.Smtp.Host is { Length: > 0 } host)
        {
            using var smtp = new SmtpClient();
            await smtp.ConnectAsync(host, settings.Smtp.Port, Enum.Parse<SecureSocketOptions>(settings.Smtp.Security, ignoreCase: true), cancellationToken);
            if (settings.Smtp.UserName is { Length: > 0 } user) await smtp.AuthenticateAsync(user, settings.Smtp.Password ?? "", cancellationToken);
            await smtp.SendAsync(message, cancellationToken);
            await smtp.DisconnectAsync(quit: true, cancellationToken);
            LogSent(logger, subject, host);
            return;
        }

        var folder = Path.GetFullPath(settings.PickupFolder, environment.ContentRootPath);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{time.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(path, cancellationToken);
        LogPickedUp(logger, subject, folder);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent mail \"{Subject}\" through {Host}.")]
    private static partial void LogSent(ILogger logger, string subject, string host);

    [LoggerMessage(Level = LogLevel.Information, Message = "Wrote mail \"{Subject}\" to the pickup folder {Folder} (no SMTP server is configured).")]
    private static partial void LogPickedUp(ILogger logger, string subject, string folder);
}
