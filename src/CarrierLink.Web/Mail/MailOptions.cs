using System.ComponentModel.DataAnnotations;
using MailKit.Security;
using MimeKit;

namespace CarrierLink.Web.Mail;

/// <summary>How CarrierLink sends mail: through an SMTP server when one is configured, else into a pickup folder.</summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";

    /// <summary>The sender people see, e.g. "CarrierLink &lt;no-reply@example.com&gt;".</summary>
    [Required] public string From { get; set; } = "CarrierLink <no-reply@carrierlink.local>";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>
    /// With no SMTP host, each mail is written here as an .eml file a developer can open (the first README command
    /// needs no mail server). Relative to the content root.
    /// </summary>
    [Required] public string PickupFolder { get; set; } = "data/mail";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MailboxAddress.TryParse(From, out var from) || !from.Address.Contains('@'))
            yield return new ValidationResult($"{Section}:From must be one address, e.g. \"CarrierLink <no-reply@example.com>\".");
        if (!Enum.TryParse<SecureSocketOptions>(Smtp.Security, ignoreCase: true, out _))
            yield return new ValidationResult($"{Section}:Smtp:Security must be Auto, None, SslOnConnect, StartTls or StartTlsWhenAvailable (it is '{Smtp.Security}').");
        if (!string.IsNullOrEmpty(Smtp.UserName) && string.IsNullOrEmpty(Smtp.Password))
            yield return new ValidationResult($"{Section}:Smtp:Password is required when {Section}:Smtp:UserName is set (through the environment: Mail__Smtp__Password).");
    }
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)] public int Port { get; set; } = 587;

    /// <summary>Auto, None, SslOnConnect, StartTls or StartTlsWhenAvailable (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "StartTls";

    public string? UserName { get; set; }

    /// <summary>How long one SMTP command may take before the send fails (and is tried again later).</summary>
    [Range(1, 600)] public int TimeoutSeconds { get; set; } = 30;

    /// <summary>A secret: give it through the environment or a secret store, never in a committed file.</summary>
    public string? Password { get; set; }
}
