using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Registration;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Connect.Methods;

/// <summary>
/// Registering the merchant's account under the platform's own credentials (FedEx): the carrier checks the account
/// number and address, may ask for a PIN or an invoice first, then issues a child key and secret. CarrierLink keeps them
/// encrypted and asks for hour-long tokens with them. Reconnecting is registering the same account number again: the
/// carrier issues a new key, the account keeps its settings and history.
/// </summary>
public sealed class RegistrationMethod(
    CarrierLinkDb db,
    IEnumerable<IRegistrationCarrierClient> clients,
    SecretProtector secrets,
    Tokens.CarrierAccessTokens accessTokens,
    IOptions<ConnectOptions> options,
    ILogger<RegistrationMethod> logger) : IConnectMethod
{
    public ConnectMethod Method => ConnectMethod.Registration;

    public bool IsAvailable(CarrierDescriptor carrier) => Client(carrier.Code) is { IsConfigured: true };

    public IReadOnlyList<ConnectField> FieldsFor(CarrierDescriptor carrier) => RegistrationInputs.Fields;

    public async Task<ConnectStep> ConnectAsync(NewConnection connection, CancellationToken cancellationToken)
    {
        var (registration, field, message) = RegistrationInputs.Read(connection.Input);
        if (registration is null) return new ConnectStep.Refused(field!, message!);
        var client = Client(connection.Carrier.Code)!;
        var answer = await client.RegisterAsync(registration, cancellationToken);
        if (answer is not CarrierResult<RegistrationStep>.Success success) return Refusal(answer, "account_number", connection.Carrier);

        // The carrier knows the account: from here on it exists in CarrierLink, pending until keys are issued.
        var account = new CarrierAccount
        {
            MerchantId = connection.MerchantId,
            Carrier = connection.Carrier.Code,
            Nickname = connection.Nickname,
            State = ConnectionState.Pending,
            StateChangedAt = db.UtcNow,
        };
        AccountIdentity.Apply(account, Identity(registration));
        db.CarrierAccounts.Add(account);
        AccountLedger.Record(db, account, "created", $"Account \"{account.Nickname}\" was added; {connection.Carrier.ShortName} is registering it.", connection.UserId);
        return await AfterRegistrationAsync(client, account, success.Value, connection.UserId, cancellationToken);
    }

    public async Task<ConnectStep> ReconnectAsync(CarrierAccount account, ConnectInput input, Guid? userId, CancellationToken cancellationToken)
    {
        var carrier = CarrierCatalog.Get(account.Carrier);
        if (input.Fields.Count == 0) return new ConnectStep.Refused("account_number", "Enter the account's details to register it again.");
        var (registration, field, message) = RegistrationInputs.Read(input);
        if (registration is null) return new ConnectStep.Refused(field!, message!);
        // Reconnecting never moves the history onto another account: another number is a new account, added as such.
        if (account.CarrierAccountId is not null && registration.AccountNumber != account.CarrierAccountId)
            return new ConnectStep.Refused("account_number",
                $"This connection is for {carrier.ShortName} account {AccountIdentity.Of(account)!.Masked()}. To connect another account, add it as a new account.");
        var client = Client(account.Carrier)!;
        var answer = await client.RegisterAsync(registration, cancellationToken);
        if (answer is not CarrierResult<RegistrationStep>.Success success) return Refusal(answer, "account_number", carrier);
        AccountIdentity.Apply(account, Identity(registration));
        return await AfterRegistrationAsync(client, account, success.Value, userId, cancellationToken);
    }

    /// <summary>{method} has a PIN sent; {pin} or the invoice's fields prove the account and finish the registration.</summary>
    public async Task<ConnectStep> ContinueAsync(CarrierAccount account, ConnectInput input, Guid? userId, CancellationToken cancellationToken)
    {
        var carrier = CarrierCatalog.Get(account.Carrier);
        var now = db.UtcNow;
        var challenge = await db.RegistrationChallenges
            .Where(c => c.AccountId == account.Id && c.UsedAt == null && c.ExpiresAt > now && c.AuthTokenCipher != null)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (challenge is null)
            return new ConnectStep.NotAllowed("verification-expired",
                $"There is no {carrier.ShortName} verification waiting for this account (it expired after {options.Value.AuthorizationMinutes} minutes, or was finished). Start again with Reconnect.");
        var client = Client(account.Carrier)!;
        var token = secrets.Unprotect(challenge.AuthTokenCipher!);

        if (ProofInputs.PinMethod(input) is { } method)
        {
            if (!Offered(challenge, method)) return new ConnectStep.Refused("method", $"{carrier.ShortName} did not offer to send a PIN by {method}.");
            var sent = await client.SendPinAsync(token, method, cancellationToken);
            if (sent is not CarrierResult<bool>.Success) return Refusal(sent, "method", carrier);
            challenge.PinSentBy = method;
            AccountLedger.Record(db, account, "verification_pin_sent", $"{carrier.ShortName} sent a PIN by {method}.", userId);
            await db.SaveChangesAsync(cancellationToken);
            return new ConnectStep.ProofRequired(account, Challenge(challenge, token), method);
        }
        if (input["pin"] is { } pin)
        {
            if (!ProofInputs.IsPin(pin)) return new ConnectStep.Refused("pin", "The PIN is the 6 digits FedEx sent you.");
            return await IssuedOrRefusedAsync(client, account, challenge, await client.VerifyPinAsync(token, pin.Trim(), cancellationToken), "pin", userId, cancellationToken);
        }
        if (ProofInputs.HasInvoice(input))
        {
            var (invoice, field, message) = ProofInputs.Invoice(input, DateOnly.FromDateTime(now));
            if (invoice is null) return new ConnectStep.Refused(field!, message!);
            if (!Offered(challenge, MfaMethods.Invoice)) return new ConnectStep.Refused("invoice_number", $"{carrier.ShortName} did not offer an invoice check for this account.");
            return await IssuedOrRefusedAsync(client, account, challenge, await client.VerifyInvoiceAsync(token, invoice, cancellationToken), "invoice_number", userId, cancellationToken);
        }
        return new ConnectStep.Refused("method", "Choose how to prove the account is yours: a PIN sent to you, or an invoice.");
    }

    private async Task<ConnectStep> AfterRegistrationAsync(IRegistrationCarrierClient client, CarrierAccount account, RegistrationStep step, Guid? userId, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case RegistrationStep.Issued issued:
                return await ConnectWithKeysAsync(client, account, issued.Credentials, userId, cancellationToken);
            case RegistrationStep.ProofRequired proof:
                var now = db.UtcNow;
                // Note: one open challenge per account; an older one is spent so its token cannot be used any more.
                await db.RegistrationChallenges.Where(c => c.AccountId == account.Id && c.UsedAt == null)
                    .ExecuteUpdateAsync(c => c.SetProperty(x => x.UsedAt, now).SetProperty(x => x.AuthTokenCipher, (string?)null), cancellationToken);
                var challenge = new RegistrationChallenge
                {
                    AccountId = account.Id,
                    MerchantId = account.MerchantId,
                    AuthTokenCipher = secrets.Protect(proof.Challenge.AccountAuthToken),
                    Methods = string.Join(",", proof.Challenge.Methods),
                    MaskedEmail = proof.Challenge.MaskedEmail,
                    MaskedPhone = proof.Challenge.MaskedPhone,
                    CreatedAt = now,
                    ExpiresAt = now.AddMinutes(options.Value.AuthorizationMinutes),
                };
                db.RegistrationChallenges.Add(challenge);
                AccountLedger.Record(db, account, "verification_required",
                    $"{CarrierCatalog.Get(account.Carrier).ShortName} asked for proof that the account is yours ({string.Join(", ", proof.Challenge.Methods)}).", userId);
                await db.SaveChangesAsync(cancellationToken);
                return new ConnectStep.ProofRequired(account, proof.Challenge, PinSentBy: null);
            default:
                throw new InvalidOperationException("Unhandled registration step.");
        }
    }

    private async Task<ConnectStep> IssuedOrRefusedAsync(IRegistrationCarrierClient client, CarrierAccount account, RegistrationChallenge challenge,
        CarrierResult<ChildCredentials> answer, string field, Guid? userId, CancellationToken cancellationToken)
    {
        if (answer is not CarrierResult<ChildCredentials>.Success issued) return Refusal(answer, field, CarrierCatalog.Get(account.Carrier));
        challenge.UsedAt = db.UtcNow;
        challenge.AuthTokenCipher = null;
        return await ConnectWithKeysAsync(client, account, issued.Value, userId, cancellationToken);
    }

    /// <summary>Proves the new key with a first token, then stores both (encrypted) and connects, in one save.</summary>
    private async Task<ConnectStep> ConnectWithKeysAsync(IRegistrationCarrierClient client, CarrierAccount account, ChildCredentials keys, Guid? userId, CancellationToken cancellationToken)
    {
        var carrier = CarrierCatalog.Get(account.Carrier);
        var token = await client.AuthenticateAsync(account.CarrierAccountId!, keys, cancellationToken);
        if (token is not CarrierResult<TokenSet>.Success first)
        {
            // The key was issued but does not work yet: keep nothing half-made; the merchant registers again.
            await db.SaveChangesAsync(cancellationToken);
            return Refusal(token, "account_number", carrier);
        }
        var credential = await db.CarrierCredentials.FirstOrDefaultAsync(c => c.AccountId == account.Id, cancellationToken);
        if (credential is null)
        {
            credential = new CarrierCredential { AccountId = account.Id };
            db.CarrierCredentials.Add(credential);
        }
        credential.UsernameCipher = secrets.Protect(keys.Key);
        credential.PasswordCipher = secrets.Protect(keys.Secret);
        credential.PendingPasswordCipher = null;
        credential.AccessTokenCipher = secrets.Protect(first.Value.AccessToken);
        credential.AccessTokenExpiresAt = first.Value.AccessTokenExpiresAt.UtcDateTime;
        credential.RefreshTokenCipher = null;
        credential.RefreshTokenExpiresAt = null;
        var wasReconnect = account.State != ConnectionState.Pending;
        AccountLedger.Apply(db, account, new ConnectionEvent.Authorized(), userId);
        await db.SaveChangesAsync(cancellationToken);
        accessTokens.Forget(account.Id);
        logger.LogInformation("Account {AccountId} registered at {Carrier} ({Identity}).", account.Id, account.Carrier, AccountIdentity.Of(account)?.Masked());
        return new ConnectStep.Connected(account, wasReconnect);
    }

    private static ConnectStep Refusal<T>(CarrierResult<T> result, string field, CarrierDescriptor carrier) => result switch
    {
        CarrierResult<T>.Invalid { FieldErrors: { } errors } when errors.ContainsKey(ExpiredSession) =>
            new ConnectStep.NotAllowed("verification-expired", $"The {carrier.ShortName} verification expired. Start again with Reconnect."),
        CarrierResult<T>.Invalid invalid => new ConnectStep.Refused(FormField(invalid.FieldErrors?.Keys.FirstOrDefault()) ?? field, invalid.Message),
        CarrierResult<T>.Transient transient => new ConnectStep.Unavailable($"{carrier.ShortName} is having trouble ({transient.Reason}). Nothing changed; try again in a few minutes.", transient.RetryAfter),
        CarrierResult<T>.Suspended suspended => new ConnectStep.NotAllowed("account-suspended", suspended.Reason),
        // The platform's own credentials, or a verification that ran out: the merchant cannot fix either by retyping.
        CarrierResult<T>.AuthRejected rejected => new ConnectStep.NotAllowed("carrier-refused", $"{carrier.ShortName} refused: {rejected.Reason}"),
        _ => new ConnectStep.Unavailable($"{carrier.ShortName} could not be asked.", null),
    };

    /// <summary>The client names what the carrier refused; the form's field for it (the address is checked as a whole: its street).</summary>
    private static string? FormField(string? refused) => refused switch
    {
        null => null,
        "address" => "street",
        "invoice" => "invoice_number",
        _ => refused,
    };

    private const string ExpiredSession = "account_auth_token";

    private static CarrierAccountIdentity Identity(AccountRegistration registration) =>
        new(registration.AccountNumber, null, RegistrationInputs.Details(registration));

    private static MfaChallenge Challenge(RegistrationChallenge row, string token) =>
        new(token, row.Methods.Split(','), row.MaskedEmail, row.MaskedPhone);

    private static bool Offered(RegistrationChallenge challenge, string method) => challenge.Methods.Split(',').Contains(method);

    private IRegistrationCarrierClient? Client(string carrier) => clients.FirstOrDefault(c => c.Carrier == carrier);
}
