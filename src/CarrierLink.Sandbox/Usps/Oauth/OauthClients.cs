using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox.Usps.Oauth;

/// <summary>A platform registered with the sandbox: the OAuth client CarrierLink is.</summary>
public sealed record OauthClient(string ClientId, string ClientSecret, string Name, IReadOnlyList<string> RedirectUris)
{
    /// <summary>Exact, ordinal comparison: a redirect_uri that merely looks alike is an open redirect.</summary>
    public bool IsRegistered(string? redirectUri) => redirectUri is not null && RedirectUris.Contains(redirectUri, StringComparer.Ordinal);
}

public sealed class OauthClients(IOptions<SandboxOptions> options)
{
    private readonly IReadOnlyDictionary<string, OauthClient> clients = options.Value.Clients
        .Select(c => new OauthClient(c.ClientId, c.ClientSecret, string.IsNullOrWhiteSpace(c.Name) ? c.ClientId : c.Name, c.RedirectUris.ToList()))
        .ToDictionary(c => c.ClientId, StringComparer.Ordinal);

    public OauthClient? Find(string? clientId) => clientId is null ? null : clients.GetValueOrDefault(clientId);

    /// <summary>The client when id and secret match, otherwise null (the caller answers invalid_client either way).</summary>
    public OauthClient? Authenticate(string? clientId, string? clientSecret) =>
        Find(clientId) is { } client && Secrets.SameText(client.ClientSecret, clientSecret) ? client : null;
}
