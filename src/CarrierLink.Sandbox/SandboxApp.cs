using System.Text.Json;
using System.Text.Json.Serialization;
using CarrierLink.Sandbox.Control;
using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.FedEx;
using CarrierLink.Sandbox.Html;
using CarrierLink.Sandbox.Site;
using CarrierLink.Sandbox.Stamps;
using CarrierLink.Sandbox.Ups;
using CarrierLink.Sandbox.Usps;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox;

/// <summary>The carrier sandbox as an app: standalone (Program.cs) or started in-process by CarrierLink.Web.</summary>
public static class SandboxApp
{
    public const string DefaultUrl = "http://127.0.0.1:5090";

    /// <summary>Builds (does not start) the sandbox. <paramref name="args"/> are ASP.NET Core command-line args.</summary>
    public static WebApplication Create(string[] args) => Create(args, configure: null);

    /// <summary>
    /// As <see cref="Create(string[])"/>; <paramref name="configure"/> runs before the sandbox registers its services,
    /// so a test can put in its own TimeProvider (the sandbox only adds TimeProvider.System when none is registered).
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SandboxApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // In-process, AppContext.BaseDirectory is the host's folder: its appsettings and URLS must not leak in.
        // Only environment variables (Sandbox__*, Logging__*) and the command line configure the sandbox.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        builder.WebHost.UseUrls(new ConfigurationBuilder().AddCommandLine(args).Build()["urls"] ?? DefaultUrl);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // It warns that keys are stored unencrypted; they are only ever in memory (InMemoryKeyRepository).
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        configure?.Invoke(builder);
        builder.Services.AddSandbox();

        var app = builder.Build();
        app.UseSandbox();
        return app;
    }

    private static void AddSandbox(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<SandboxOptions>, SandboxOptionsDefaults>();
        services.AddSingleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddDataProtection();
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = new InMemoryKeyRepository());
        services.AddAntiforgery(options => options.Cookie.Name = Forms.AntiforgeryCookieName);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = null;
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });

        services.AddSingleton<CustomerStore>();
        services.AddSingleton<SandboxCounters>();
        services.AddSingleton<FaultStore>();
        services.AddUsps();
        services.AddStamps();
        services.AddFedEx();
        services.AddUps();
    }

    private static void UseSandbox(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.Seed)
        {
            var customers = app.Services.GetRequiredService<CustomerStore>();
            foreach (var customer in SandboxSeed.Definitions) customers.Create(customer);
        }

        // Routing first, so counters and faults can see the matched route template.
        app.UseRouting();
        app.UseMiddleware<CallCountingMiddleware>();
        app.UseMiddleware<FaultMiddleware>();

        app.MapHomePage();
        app.MapUsps();
        app.MapStamps();
        app.MapFedEx();
        app.MapUps();
        app.MapControlApi();
    }
}
