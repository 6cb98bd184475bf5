using CarrierLink.Carriers;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Api;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Data;
using CarrierLink.Web.Development;
using CarrierLink.Web.Health;
using CarrierLink.Web.Merchants;
using CarrierLink.Web.Notifications.Webhooks;
using CarrierLink.Web.Security;
using CarrierLink.Web.Shipping;
using CarrierLink.Web.Telemetry;

namespace CarrierLink.Web;

/// <summary>Builds the CarrierLink web app; Program and the tests both start it from here.</summary>
public static class CarrierLinkApp
{
    /// <param name="overrideServices">Lets tests replace a service (a clock, say) after the app's own registrations.</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? overrideServices = null)
    {
        var builder = CreateBuilder(args);
        builder.Services.AddCarrierLinkWeb();
        builder.Services.AddHealthEngine(builder.Configuration);
        builder.Services.AddEmbeddedSandbox(builder.Configuration);
        builder.AddCarrierLinkTelemetry();
        builder.Services.AddCarrierLinkHealthChecks();
        builder.Services.AddCarrierLinkOpenApi();
        overrideServices?.Invoke(builder.Services);

        var app = builder.Build();
        // Every wrong setting at once, before a worker's constructor reads one (the host checks them only after building its workers).
        app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        app.UseCarrierLinkPipeline();
        app.MapAccountsApi();
        app.MapShippingApi();
        app.MapApiKeysApi();
        app.MapWebhooksApi();
        app.MapCarrierLinkApiReference();
        app.MapRazorPages();
        app.MapCarrierLinkAssets();
        app.MapCarrierLinkHealth();
        app.MapCarrierLinkTelemetry();
        app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
        return app;
    }

    /// <summary>Configuration and the services the CLI needs too (store, merchants, secrets).</summary>
    /// <param name="environmentName">The host environment when the caller sets it (the in-process CLI of tests); else as configured.</param>
    public static WebApplicationBuilder CreateBuilder(string[] args, string? environmentName = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(CarrierLinkApp).Assembly.GetName().Name,
            EnvironmentName = environmentName,
        });
        builder.WebHost.ConfigureKestrel(SecurityHeaders.HideServerHeader);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCarrierLinkDatabase(builder.Configuration);
        builder.Services.AddSecretProtection(builder.Configuration, builder.Environment);
        builder.Services.AddMerchants();
        builder.Services.AddHostedService<DatabaseMigrationOnStart>();
        // After the migrations, so the key table exists when the first key is made.
        builder.Services.AddHostedService<KeyRingOnStart>();
        return builder;
    }
}
