namespace CarrierLink.Carriers.OAuth;

/// <summary>Stamps.com's refusal of a new password, by rule (min_length, max_length, previously_used).</summary>
public sealed record PasswordChange(bool Changed, IReadOnlyList<string> FailedRules, string? Message)
{
    public static readonly PasswordChange Done = new(true, [], null);
}

/// <summary>
/// A carrier reached with the account's username and password (One Balance). Authenticating
/// yields a short-lived authenticator, returned as a <see cref="TokenSet"/> without a refresh token:
/// renewing it means authenticating again with the stored password.
/// </summary>
public interface IPasswordCarrierClient
{
    string Carrier { get; }

    /// <summary>False when this deployment has no settings for the carrier: it is then not offered.</summary>
    bool IsConfigured { get; }

    Task<CarrierResult<TokenSet>> AuthenticateAsync(string username, string password, CancellationToken cancellationToken);

    Task<CarrierResult<PasswordChange>> ChangePasswordAsync(string username, string currentPassword, string newPassword, CancellationToken cancellationToken);
}
