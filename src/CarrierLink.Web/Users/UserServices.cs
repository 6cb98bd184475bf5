using CarrierLink.Web.Configuration;

namespace CarrierLink.Web.Users;

public static class UserServices
{
    /// <summary>Sign-in, sessions, passwords and second factors for the people who use the pages.</summary>
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddOptions<SessionOptions>().BindAndValidateOnStart(SessionOptions.Section);
        services.AddOptions<SignInOptions>().BindAndValidateOnStart(SignInOptions.Section);
        services.AddScoped<UserSessions>();
        services.AddScoped<SessionCookieEvents>();
        services.AddScoped<SignInThrottles>();
        services.AddScoped<SignInChecker>();
        services.AddSingleton<TrustedBrowsers>();
        services.AddScoped<SignInSteps>();
        services.AddScoped<PasswordChanges>();
        services.AddScoped<AuthenticatorApps>();

        services.AddSingleton<Merchants.ApiKeyGuessLimiter>();
        services.AddSignInRateLimits();
        return services;
    }
}
