using CarrierLink.Carriers.OAuth;

namespace CarrierLink.Carriers.Registration;

/// <summary>The address the carrier has on file for the account (FedEx checks it against the account's billing or shipping address).</summary>
public sealed record RegistrationAddress(IReadOnlyList<string> StreetLines, string City, string StateOrProvinceCode, string PostalCode, string CountryCode = "US", bool Residential = false);

/// <summary>What a merchant tells the carrier to prove an account is theirs before keys are issued.</summary>
public sealed record AccountRegistration(string AccountNumber, string CustomerName, RegistrationAddress Address);

/// <summary>A child key and secret the carrier issued for one customer account. ToString is redacted.</summary>
public sealed record ChildCredentials(string Key, string Secret)
{
    public override string ToString() => "ChildCredentials(redacted)";
}

/// <summary>An invoice the carrier sent the account, as proof of ownership (FedEx: at most 90 days old).</summary>
public sealed record InvoiceProof(long Number, DateOnly Date, decimal Amount, string Currency);

/// <summary>How the carrier offers to check that the person registering owns the account.</summary>
public static class MfaMethods
{
    public const string Sms = "SMS";
    public const string Call = "CALL";
    public const string Email = "EMAIL";
    public const string Invoice = "INVOICE";
}

/// <summary>
/// The carrier wants proof before issuing keys. <paramref name="AccountAuthToken"/> names this registration at the
/// carrier (short-lived; a secret for the next step only); <paramref name="Methods"/> are <see cref="MfaMethods"/>;
/// <paramref name="MaskedEmail"/> and <paramref name="MaskedPhone"/> say where a PIN would go.
/// </summary>
public sealed record MfaChallenge(string AccountAuthToken, IReadOnlyList<string> Methods, string? MaskedEmail, string? MaskedPhone)
{
    public override string ToString() => $"MfaChallenge({string.Join(",", Methods)})";
}

/// <summary>The first registration answer: keys at once, or a proof to give first.</summary>
public abstract record RegistrationStep
{
    private RegistrationStep() { }
    public sealed record Issued(ChildCredentials Credentials) : RegistrationStep;
    public sealed record ProofRequired(MfaChallenge Challenge) : RegistrationStep;
}

/// <summary>
/// A carrier whose customer accounts are connected by registering them under the platform's own (parent)
/// credentials: the carrier issues a child key and secret per account, and access tokens come from those
/// (FedEx: client credentials with csp_credentials, no refresh token). Renewing is asking again with the
/// stored child key and secret; a carrier that revoked the child key refuses that (AuthRejected).
/// </summary>
public interface IRegistrationCarrierClient
{
    string Carrier { get; }

    /// <summary>False when this deployment has no parent credentials for the carrier: it is then not offered.</summary>
    bool IsConfigured { get; }

    /// <summary>Account number, name and address; Invalid carries the carrier's message (unknown account, address mismatch).</summary>
    Task<CarrierResult<RegistrationStep>> RegisterAsync(AccountRegistration registration, CancellationToken cancellationToken);

    /// <summary>Asks the carrier to send a PIN by <paramref name="method"/> (SMS, CALL or EMAIL).</summary>
    Task<CarrierResult<bool>> SendPinAsync(string accountAuthToken, string method, CancellationToken cancellationToken);

    Task<CarrierResult<ChildCredentials>> VerifyPinAsync(string accountAuthToken, string pin, CancellationToken cancellationToken);

    Task<CarrierResult<ChildCredentials>> VerifyInvoiceAsync(string accountAuthToken, InvoiceProof invoice, CancellationToken cancellationToken);

    /// <summary>
    /// An access token for the account (no refresh token), whose Identity names <paramref name="accountNumber"/>: FedEx's
    /// token answer does not say which account a child key belongs to. AuthRejected when the child key no longer works.
    /// </summary>
    Task<CarrierResult<TokenSet>> AuthenticateAsync(string accountNumber, ChildCredentials credentials, CancellationToken cancellationToken);
}
