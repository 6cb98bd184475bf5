namespace CarrierLink.Carriers.Catalog;

/// <summary>How the platform proves who it is at the carrier's token endpoint.</summary>
public enum ClientAuthentication
{
    /// <summary>HTTP Basic with the client id and secret (UPS, and USPS's token endpoint also takes form fields).</summary>
    BasicHeader,
    /// <summary>client_id and client_secret as form fields (USPS, FedEx).</summary>
    FormFields,
    /// <summary>No client secret: the account's own username and password (One Balance).</summary>
    AccountPassword,
}

/// <summary>The carrier's published production and test hosts; a deployment picks one in its settings section.</summary>
public sealed record CarrierHosts(string Production, string Test);

/// <summary>
/// The protocol facts of a carrier as its published specifications give them (../shared/spec/upstream): hosts, the paths
/// CarrierLink calls by name, lifetimes and client authentication. Tests check these paths against the published files,
/// so the catalogue cannot drift from the carriers' documents.
/// </summary>
/// <param name="AccessTokenLifetime">What the carrier documents; CarrierLink always reads expires_in from each answer.</param>
/// <param name="RefreshTokenLifetime">Null when the carrier issues no refresh token (renewing is asking again).</param>
/// <param name="RefreshTokensRotate">Each refresh returns a new refresh token and the old one stops working.</param>
public sealed record CarrierProtocol(
    CarrierHosts Hosts,
    IReadOnlyDictionary<string, string> Endpoints,
    ClientAuthentication ClientAuthentication,
    TimeSpan AccessTokenLifetime,
    TimeSpan? RefreshTokenLifetime,
    bool RefreshTokensRotate);
