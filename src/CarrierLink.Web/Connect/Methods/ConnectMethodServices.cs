namespace CarrierLink.Web.Connect.Methods;

public static class ConnectMethodServices
{
    /// <summary>One class per connect method; the catalogue says which carrier uses which.</summary>
    public static IServiceCollection AddConnectMethods(this IServiceCollection services)
    {
        services.AddScoped<IConnectMethod, OAuthRedirectMethod>();
        services.AddScoped<IConnectMethod, PasswordMethod>();
        services.AddScoped<IConnectMethod, SupportOnlyMethod>();
        services.AddScoped<IConnectMethod, RegistrationMethod>();
        services.AddScoped<ConnectMethods>();
        return services;
    }
}
