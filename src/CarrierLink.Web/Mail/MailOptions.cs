using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Mail;

/// <summary>How CarrierLink sends mail: through an SMTP server when one is configured, else into a pickup folder.</summary>
public sealed class MailOptions
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
