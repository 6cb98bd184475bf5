using CarrierLink.Sandbox.Stamps.Accounts;
using CarrierLink.Sandbox.Stamps.Api;
using CarrierLink.Sandbox.Stamps.Site;
using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox.Stamps;

/// <summary>Everything Stamps.com: the site (login, passwords, Forgot Password, inbox), SWS authenticate/change-password, SERA shipping.</summary>
public static class StampsEndpoints
{
    public static IServiceCollection AddStamps(this IServiceCollection services)
    {
        services.AddOptions<StampsOptions>().BindConfiguration(StampsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StampsOptions>, StampsOptionsValidator>();
        return services
            .AddSingleton<StampsAuthenticators>()
            .AddSingleton<StampsMailbox>()
            .AddSingleton<ForgotPasswordAttempts>()
            .AddSingleton<StampsAccounts>()
            .AddSingleton<StampsSessions>()
            .AddSingleton<SeraStore>();
    }

    public static void MapStamps(this IEndpointRouteBuilder app)
    {
        app.MapStampsLoginPages();
        app.MapStampsAccountPages();
        app.MapStampsForgotPasswordPages();
        app.MapStampsInbox();
        app.MapStampsSwsim();
        app.MapStampsSera();
    }
}
