namespace CarrierLink.Web.Mail;

public static class MailServices
{
    /// <summary>Mail to people (password reset links): SMTP when configured, else the pickup folder.</summary>
    public static IServiceCollection AddMail(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MailSender>();
        return services;
    }
}
