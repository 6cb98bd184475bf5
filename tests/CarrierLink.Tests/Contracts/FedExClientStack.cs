using System.Text.Json;
using CarrierLink.Carriers.FedEx;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Tests.Sandbox;
using Microsoft.Extensions.Options;

namespace CarrierLink.Tests.Contracts;

/// <summary>CarrierLink's FedEx clients wired to a real sandbox, their traffic recorded for the contract checks.</summary>
public sealed class FedExClientStack : IAsyncDisposable
{
    private FedExClientStack(SandboxHost sandbox, FakeTimeProvider time, UspsTraffic traffic)
    {
        Sandbox = sandbox;
        Time = time;
        Traffic = traffic;
        var options = Options.Create(new FedExOptions { BaseUrl = sandbox.BaseAddress, ClientId = SandboxHost.ClientId, ClientSecret = SandboxHost.ClientSecret });
        Registration = new FedExRegistrationClient(traffic.Client(sandbox.BaseAddress), options, time, new FedExParentToken());
        Shipping = new FedExShippingClient(traffic.Client(sandbox.BaseAddress), options, time);
    }

    public SandboxHost Sandbox { get; }
    public FakeTimeProvider Time { get; }
    public UspsTraffic Traffic { get; }
    public FedExRegistrationClient Registration { get; }
    public FedExShippingClient Shipping { get; }

    public static async Task<FedExClientStack> StartAsync()
    {
        var time = SandboxClock.StartingMonday();
        return new FedExClientStack(await SandboxHost.StartAsync(time), time, new UspsTraffic(FedExSpecs.ApiPrefixes));
    }

    public async Task<JsonElement> CreateAccountAsync(string mfa) => await new FedExSandbox(Sandbox).CreateAccountAsync(mfa);

    public Task<string> LatestPinAsync(string account) => new FedExSandbox(Sandbox).LatestPinAsync(account);

    /// <summary>The account's session, after registering with a PIN sent by SMS.</summary>
    public async Task<CarrierSession> ConnectAsync(string account)
    {
        var step = Value(await Registration.RegisterAsync(Registrations.For(account), default));
        var challenge = ((Carriers.Registration.RegistrationStep.ProofRequired)step).Challenge;
        Value(await Registration.SendPinAsync(challenge.AccountAuthToken, "SMS", default));
        var keys = Value(await Registration.VerifyPinAsync(challenge.AccountAuthToken, await LatestPinAsync(account), default));
        var token = Value(await Registration.AuthenticateAsync(account, keys, default));
        return new CarrierSession(token.AccessToken, token.Identity);
    }

    public static T Value<T>(CarrierResult<T> result) =>
        result is CarrierResult<T>.Success success ? success.Value : throw new InvalidOperationException($"Expected success, got {result}");

    public async ValueTask DisposeAsync() => await Sandbox.DisposeAsync();
}

/// <summary>What a merchant types to register a sandbox FedEx account (every sandbox account has FedEx's example address).</summary>
public static class Registrations
{
    public static Carriers.Registration.AccountRegistration For(string account, string street = "20 FED EX PKWY") =>
        new(account, "Acme Widgets", new Carriers.Registration.RegistrationAddress([street], "Collierville", "TN", "38017"));
}
