namespace CarrierLink.Carriers.OAuth;

/// <summary>The authorization side of an OAuth carrier: consent URL, code exchange, refresh, revoke.</summary>
public interface IOAuthCarrierClient
{
    string Carrier { get; }

    /// <summary>False when this deployment has no settings for the carrier: it is then not offered.</summary>
    bool IsConfigured => true;

    /// <summary>Whether the carrier takes a PKCE S256 challenge on its consent page.</summary>
    bool UsesPkce { get; }

    Uri BuildAuthorizationUrl(AuthorizationRequest request);

    Task<CarrierResult<TokenSet>> ExchangeCodeAsync(string code, Uri redirectUri, string? codeVerifier, CancellationToken cancellationToken);

    Task<CarrierResult<TokenSet>> RefreshAsync(string refreshToken, CancellationToken cancellationToken);

    /// <summary>Ends the grant at the carrier. Success when the carrier no longer honours it.</summary>
    Task<CarrierResult<bool>> RevokeAsync(string refreshToken, CancellationToken cancellationToken);
}
