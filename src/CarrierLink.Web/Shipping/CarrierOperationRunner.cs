using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using CarrierLink.Web.Telemetry;
using CarrierLink.Web.Tokens;

namespace CarrierLink.Web.Shipping;

/// <summary>
/// Runs one carrier operation for an account and owns everything around it: a working token,
/// bounded jittered retries of transient failures, exactly one forced refresh and retry after a
/// 401, and the classification of the result into the account's state (product.md: only an
/// authentication verdict asks for a reconnect; an outage never does).
/// </summary>
public sealed class CarrierOperationRunner(
    CarrierAccessTokens tokens,
    AccountHealth health,
    CarrierIncidents incidents,
    IEnumerable<IShippingCarrierClient> carriers,
    RetryPipelines retries,
    CarrierLinkMetrics metrics,
    TimeProvider time,
    ILogger<CarrierOperationRunner> logger)
{
    public IShippingCarrierClient? ClientFor(string carrier) => carriers.FirstOrDefault(c => c.Carrier == carrier);

    /// <param name="idempotent">False for purchases: a failure that may have reached the carrier is not retried blindly.</param>
    public async Task<OperationOutcome<T>> RunAsync<T>(
        CarrierAccount account,
        string operation,
        bool idempotent,
        Func<IShippingCarrierClient, CarrierSession, CancellationToken, Task<CarrierResult<T>>> call,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var outcome = await RunGatedAsync(account, operation, idempotent, call, cancellationToken);
        metrics.Operation(account.Carrier, operation, OperationOutcomeNames.Of(outcome), time.GetElapsedTime(started));
        return outcome;
    }

    private async Task<OperationOutcome<T>> RunGatedAsync<T>(
        CarrierAccount account,
        string operation,
        bool idempotent,
        Func<IShippingCarrierClient, CarrierSession, CancellationToken, Task<CarrierResult<T>>> call,
        CancellationToken cancellationToken)
    {
        switch (ConnectionStateMachine.Gate(account.State))
        {
            case OperationGate.ReconnectFirst:
                return new OperationOutcome<T>.ReconnectRequired(account, account.StateReason ?? "The carrier no longer accepts this connection.");
            case OperationGate.Suspended:
                return new OperationOutcome<T>.AccountSuspended(account.StateReason ?? "The carrier suspended this account.");
            case OperationGate.NotUsable:
                return new OperationOutcome<T>.NotUsable(account.State);
        }
        var client = ClientFor(account.Carrier);
        if (client is null) return new OperationOutcome<T>.NotUsable(account.State);
        // A sign-in that did not name its account (USPS's claims need not) can quote, but not pay, until the merchant enters the numbers.
        var identity = AccountIdentity.Of(account);
        if (CarrierCatalog.Find(account.Carrier) is { } descriptor && descriptor.OperationsNeedingAccountDetails.Contains(ShippingOperationNames.InCatalogue(operation))
            && descriptor.MissingAccountDetails(identity))
            return new OperationOutcome<T>.AccountDetailsRequired(account);
        // Held by a carrier-wide incident: the carrier refuses sign-ins for many accounts, so wait with them.
        if (account.HeldByIncidentId is not null && await incidents.OpenForAsync(account.Carrier, cancellationToken) is not null)
            return IncidentHold<T>(account);

        var result = await retries.For<T>(idempotent).ExecuteAsync(
            async token => await CallWithOneForcedRefreshAsync(account, client, identity, call, token),
            cancellationToken);
        return await ConcludeAsync(account, operation, result, cancellationToken);
    }

    private async ValueTask<CarrierResult<T>> CallWithOneForcedRefreshAsync<T>(
        CarrierAccount account, IShippingCarrierClient client, Carriers.OAuth.CarrierAccountIdentity? identity,
        Func<IShippingCarrierClient, CarrierSession, CancellationToken, Task<CarrierResult<T>>> call, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(account.Id, account.Carrier, rejectedToken: null, cancellationToken);
        if (token is not CarrierResult<string>.Success current) return RenewalFailed<T>(token);

        var result = await call(client, new CarrierSession(current.Value, identity), cancellationToken);
        if (result is not CarrierResult<T>.AuthRejected) return result;

        // A 401 may only mean our token went stale early: one forced refresh, one retry.
        var renewed = await tokens.GetAsync(account.Id, account.Carrier, rejectedToken: current.Value, cancellationToken);
        if (renewed is not CarrierResult<string>.Success fresh) return RenewalFailed<T>(renewed);
        var retried = await call(client, new CarrierSession(fresh.Value, identity), cancellationToken);
        return retried is CarrierResult<T>.AuthRejected
            ? new CarrierResult<T>.AuthRejected($"{Carrier(account)} rejected CarrierLink's access even after renewing it.")
            : retried;
    }

    private async Task<OperationOutcome<T>> ConcludeAsync<T>(CarrierAccount account, string operation, CarrierResult<T> result, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case CarrierResult<T>.Success success:
                await health.RecordSuccessAsync(account, cancellationToken);
                return new OperationOutcome<T>.Succeeded(success.Value);
            case CarrierResult<T>.AuthRejected rejected:
                tokens.Forget(account.Id);
                var verdict = await health.RejectAsync(account, rejected.Reason, rejected.AnswerLost, afterIncident: false, cancellationToken);
                logger.LogWarning("{Carrier} rejected the credentials of account {AccountId} during {Operation}.", account.Carrier, account.Id, operation);
                if (verdict.HeldBy is not null) return IncidentHold<T>(account);
                var reason = verdict.Account.State is ConnectionState.NeedsReconnect or ConnectionState.SupportRequired
                    ? verdict.Account.StateReason ?? rejected.Reason
                    : rejected.Reason;
                return new OperationOutcome<T>.ReconnectRequired(verdict.Account, reason);
            case CarrierResult<T>.Transient transient:
                await health.RecordTransientAsync(account, $"{operation}: {transient.Reason}", cancellationToken);
                return new OperationOutcome<T>.CarrierUnavailable(transient.Reason, transient.RetryAfter ?? TimeSpan.FromSeconds(30), transient.MayHaveBeenProcessed);
            case CarrierResult<T>.Suspended suspended:
                await health.ApplyAsync(account.Id, new ConnectionEvent.SuspendedByCarrier(suspended.Reason), cancellationToken);
                return new OperationOutcome<T>.AccountSuspended(suspended.Reason);
            case CarrierResult<T>.Invalid invalid:
                await RecordValidationFailureAsync(account, operation, invalid.Message, cancellationToken);
                return new OperationOutcome<T>.Rejected(invalid.Message, invalid.FieldErrors);
            default:
                throw new InvalidOperationException("Unhandled carrier result.");
        }
    }

    private async Task RecordValidationFailureAsync(CarrierAccount account, string operation, string message, CancellationToken cancellationToken) =>
        await health.RecordValidationFailureAsync(account.Id, $"{operation}: {message}", cancellationToken);

    /// <summary>
    /// A token that could not be renewed. Only a rejection is the account's problem; anything else
    /// (an outage, or our own client credentials refused) counts as the carrier having trouble.
    /// </summary>
    private static CarrierResult<TOut> RenewalFailed<TOut>(CarrierResult<string> failure) => failure switch
    {
        CarrierResult<string>.Transient t => new CarrierResult<TOut>.Transient($"renewing access failed: {t.Reason}", t.RetryAfter),
        CarrierResult<string>.Invalid i => new CarrierResult<TOut>.Transient($"renewing access failed: {i.Message}"),
        _ => failure.Relay<TOut>(),
    };

    private static OperationOutcome<T> IncidentHold<T>(CarrierAccount account) => new OperationOutcome<T>.CarrierUnavailable(
        $"{CarrierIncidents.HoldDetail(account.Carrier)}", TimeSpan.FromMinutes(5), MayHaveBeenProcessed: false);

    private static string Carrier(CarrierAccount account) => CarrierCatalog.Find(account.Carrier)?.ShortName ?? account.Carrier;
}
