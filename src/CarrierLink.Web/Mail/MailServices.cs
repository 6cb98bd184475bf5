using CarrierLink.Web.Configuration;

namespace CarrierLink.Web.Mail;

public static class MailServices
{
    /// <summary>Mail to people (password reset links): SMTP when configured, else the pickup folder.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindAndValidateOnStart(MailOptions.Section);
        services.AddSingleton<MailSender>();
        return services;
    }
}
