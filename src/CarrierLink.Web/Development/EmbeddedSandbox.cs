using System.ComponentModel.DataAnnotations;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.Usps;
using CarrierLink.Sandbox;
using CarrierLink.Web.Configuration;
using CarrierLink.Web.Connect;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Development;

public sealed class EmbeddedSandboxOptions : IValidatableObject
{
    public const string Section = "Sandbox:Embedded";

    /// <summary>Start the carrier sandbox inside this process (Development), so one command runs everything.</summary>
    public bool Enabled { get; set; }
    public string Url { get; set; } = "http://127.0.0.1:5090";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && !(Uri.TryCreate(Url, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttp))
            yield return new(Section + ":Url must be an absolute http URL to listen on, e.g. http://127.0.0.1:5090 (it is '" + Url + "').");
    }
}

/// <summary>
/// Runs the sandbox app beside CarrierLink and registers CarrierLink's USPS client with it, using the
/// same client id, secret and callback CarrierLink is configured with; nothing else is shared.
/// </summary>
internal sealed class EmbeddedSandbox(
    IOptions<EmbeddedSandboxOptions> options,
    IOptions<UspsOptions> usps,
    IOptions<ConnectOptions> connect,
    ILogger<EmbeddedSandbox> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _sandbox;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _sandbox = SandboxApp.Create(
        [
            "--urls", options.Value.Url,
            "--Sandbox:Clients:0:ClientId", usps.Value.ClientId,
            "--Sandbox:Clients:0:ClientSecret", usps.Value.ClientSecret,
            "--Sandbox:Clients:0:Name", usps.Value.PlatformName,
            // Every sign-in carrier the sandbox plays knows the same platform (one developer app per carrier in real life).
            .. CarrierCatalog.All.Where(c => c.ConnectMethod == ConnectMethod.OAuth)
                .SelectMany((c, i) => new[] { $"--Sandbox:Clients:0:RedirectUris:{i}", connect.Value.CallbackFor(c.Code).ToString() }),
        ]);
        await _sandbox.StartAsync(cancellationToken);
        logger.LogInformation("Carrier sandbox running at {Url}.", options.Value.Url);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_sandbox is not null) await _sandbox.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null) await _sandbox.DisposeAsync();
    }
}

public static class EmbeddedSandboxSetup
{
    public static IServiceCollection AddEmbeddedSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmbeddedSandboxOptions>().BindAndValidateOnStart(EmbeddedSandboxOptions.Section);
        if (configuration.GetSection(EmbeddedSandboxOptions.Section).Get<EmbeddedSandboxOptions>()?.Enabled == true)
            services.AddHostedService<EmbeddedSandbox>();
        return services;
    }
}
