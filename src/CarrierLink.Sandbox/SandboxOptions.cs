using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox;

/// <summary>Configuration section <c>Sandbox</c>.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>Registered OAuth clients (platforms). Empty means "the local CarrierLink" default below.</summary>
    public List<SandboxClient> Clients { get; set; } = [];

    /// <summary>Seeds the demo customers of <see cref="SandboxSeed"/>.</summary>
    public bool Seed { get; set; } = true;

    /// <summary>When set, the control API requires header X-Control-Key with this value (from anywhere); when not set, it answers loopback callers only.</summary>
    public string? ControlKey { get; set; }

    /// <summary>Seed of the random source that decides whether a fault with rate &lt; 1 fires; set it for reproducible runs.</summary>
    public int? FaultSeed { get; set; }

    public UspsSandboxOptions Usps { get; set; } = new();

    public static SandboxClient DefaultClient() => new()
    {
        ClientId = "carrierlink-local",
        ClientSecret = "sandbox-secret-local-only",
        Name = "CarrierLink",
        RedirectUris = ["http://127.0.0.1:5080/connect/usps/callback", "http://127.0.0.1:5080/connect/ups/callback"],
    };
}

public sealed class SandboxClient
{
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    /// <summary>Platform name shown on the consent page when the authorization request names none.</summary>
    public string Name { get; set; } = "";
    public List<string> RedirectUris { get; set; } = [];
}

public sealed class UspsSandboxOptions
{
    public int AccessTokenSeconds { get; set; } = 28799;
    public int RefreshTokenSeconds { get; set; } = 604799;
    public bool RotateRefreshTokens { get; set; } = true;
    /// <summary>Seconds before the completion page returns to the platform by itself; 0 turns the automatic return off.</summary>
    public int ConsentAutoReturnSeconds { get; set; } = 5;
}

/// <summary>Adds the default client when none is configured (binding appends to lists, so a default in the initializer would never go away).</summary>
internal sealed class SandboxOptionsDefaults : IPostConfigureOptions<SandboxOptions>
{
    public void PostConfigure(string? name, SandboxOptions options)
    {
        if (options.Clients.Count == 0)
        {
            options.Clients.Add(SandboxOptions.DefaultClient());
        }
    }
}

internal sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var client = options.Clients[i];
            var at = $"Sandbox:Clients:{i}";
            if (string.IsNullOrWhiteSpace(client.ClientId)) failures.Add($"{at}:ClientId is required.");
            if (string.IsNullOrWhiteSpace(client.ClientSecret)) failures.Add($"{at}:ClientSecret is required.");
            if (client.RedirectUris.Count == 0) failures.Add($"{at}:RedirectUris needs at least one URI.");
            foreach (var uri in client.RedirectUris)
            {
                if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps) || parsed.Fragment.Length > 0)
                {
                    failures.Add($"{at}:RedirectUris contains '{uri}', which is not an absolute http(s) URI without a fragment.");
                }
            }
        }

        var duplicates = options.Clients.GroupBy(c => c.ClientId, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key);
        failures.AddRange(duplicates.Select(id => $"Sandbox:Clients has ClientId '{id}' more than once."));

        var usps = options.Usps;
        if (usps.AccessTokenSeconds <= 0) failures.Add("Sandbox:Usps:AccessTokenSeconds must be positive.");
        if (usps.RefreshTokenSeconds <= 0) failures.Add("Sandbox:Usps:RefreshTokenSeconds must be positive.");
        if (usps.ConsentAutoReturnSeconds < 0) failures.Add("Sandbox:Usps:ConsentAutoReturnSeconds must be zero or more.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
