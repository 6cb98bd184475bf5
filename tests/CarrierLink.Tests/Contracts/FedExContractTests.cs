using System.Net.Http.Json;
using CarrierLink.Carriers.Registration;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Tests.Sandbox;
using Shouldly;
using Xunit.Abstractions;

namespace CarrierLink.Tests.Contracts;

/// <summary>
/// CarrierLink's FedEx traffic, both directions, against FedEx's published API files: the platform and child tokens,
/// the three registration paths and their refusals, the five operations, and the refusals of a revoked account.
/// </summary>
public sealed class FedExContractTests(ITestOutputHelper output)
{
    private static readonly ShippingAddress From = new("Ann Sender", "Acme Widgets", "20 Fed Ex Pkwy", null, "Collierville", "TN", "38017", Phone: "9015550142");
    private static readonly ShippingAddress To = new("Sam Receiver", null, "500 Howard St", "Suite 4", "San Francisco", "CA", "94105", Phone: "4155550100");

    [Fact]
    public async Task Every_request_and_answer_follows_FedExs_published_specs()
    {
        var specs = await FedExSpecs.LoadedAsync();
        await using var stack = await FedExClientStack.StartAsync();

        // Registration: PIN (with a wrong one first), invoice, no MFA, and an address that is not the account's.
        var account = (await stack.CreateAccountAsync("pin")).GetProperty("account_number").GetString()!;
        var challenge = ((RegistrationStep.ProofRequired)FedExClientStack.Value(await stack.Registration.RegisterAsync(Registrations.For(account), default))).Challenge;
        await stack.Registration.SendPinAsync(challenge.AccountAuthToken, MfaMethods.Email, default);
        var pin = await stack.LatestPinAsync(account);
        await stack.Registration.VerifyPinAsync(challenge.AccountAuthToken, pin == "000000" ? "111111" : "000000", default);
        var keys = FedExClientStack.Value(await stack.Registration.VerifyPinAsync(challenge.AccountAuthToken, pin, default));
        var billed = await stack.CreateAccountAsync("invoice");
        var billedChallenge = ((RegistrationStep.ProofRequired)FedExClientStack.Value(
            await stack.Registration.RegisterAsync(Registrations.For(billed.GetProperty("account_number").GetString()!), default))).Challenge;
        var invoice = billed.GetProperty("invoices")[1];
        await stack.Registration.VerifyInvoiceAsync(billedChallenge.AccountAuthToken, new InvoiceProof(invoice.GetProperty("number").GetInt64(),
            DateOnly.Parse(invoice.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture), invoice.GetProperty("amount").GetDecimal(), "USD"), default);
        var plain = (await stack.CreateAccountAsync("none")).GetProperty("account_number").GetString()!;
        await stack.Registration.RegisterAsync(Registrations.For(plain), default);
        await stack.Registration.RegisterAsync(Registrations.For(plain, street: "1 Elsewhere Rd"), default);

        // The five operations.
        var token = FedExClientStack.Value(await stack.Registration.AuthenticateAsync(account, keys, default));
        var session = new CarrierSession(token.AccessToken, token.Identity);
        FedExClientStack.Value(await stack.Shipping.GetRatesAsync(session, new RatesRequest("38017", "94105", 40, 12, 10, 6, null), default));
        var ground = FedExClientStack.Value(await stack.Shipping.BuyLabelAsync(session, new LabelRequest(From, To, 40, "FEDEX_GROUND", 12, 10, 6, null, "order-7"), default));
        var overnight = FedExClientStack.Value(await stack.Shipping.BuyLabelAsync(session, new LabelRequest(From, To, 8, "PRIORITY_OVERNIGHT", null, null, null, null, null), default));
        FedExClientStack.Value(await stack.Shipping.VoidLabelAsync(session, overnight.TrackingNumber, null, default));
        FedExClientStack.Value(await stack.Shipping.CreateEndOfDayFormAsync(session, new EndOfDayRequest([ground.TrackingNumber], new DateOnly(2026, 3, 2), From), default));
        var pickup = FedExClientStack.Value(await stack.Shipping.SchedulePickupAsync(session,
            new PickupRequest(new DateOnly(2026, 3, 4), From, [new PickupPackage("PRIORITY_OVERNIGHT", 1)], "REAR"), default));
        FedExClientStack.Value(await stack.Shipping.CancelPickupAsync(session, pickup.ConfirmationNumber, pickup.CarrierPickupId, default));

        // A revoked account: the API refuses the token (401) and the token endpoint the child key (401).
        await stack.Sandbox.ControlAsync(HttpMethod.Post, $"/_control/customers/fedex/{account}/revoke");
        await stack.Shipping.GetRatesAsync(session, new RatesRequest("38017", "94105", 16, null, null, null, null), default);
        await stack.Registration.AuthenticateAsync(account, keys, default);

        var exchanges = stack.Traffic.Exchanges;
        foreach (var exchange in exchanges) output.WriteLine(exchange.ToString());
        exchanges.ShouldContain(e => e.Path == "/registration/v2/pin/keysgeneration" && e.Status == 400, "a wrong PIN was exercised");
        exchanges.ShouldContain(e => e.Path == "/registration/v2/invoice/keysgeneration" && e.Status == 400, "an old invoice was exercised");
        exchanges.ShouldContain(e => e.Path == "/registration/v2/address/keysgeneration" && e.Status == 400, "an address refusal was exercised");
        exchanges.ShouldContain(e => e.Path == "/rate/v1/rates/quotes" && e.Status == 401, "a revoked token was exercised");
        exchanges.ShouldContain(e => e.Path == "/oauth/token" && e.Status == 401, "a revoked child key was exercised");
        exchanges.Count(e => e.Status == 200).ShouldBeGreaterThan(12);
        var violations = exchanges.SelectMany(e => UspsContract.Check(specs, e)).ToList();
        foreach (var violation in violations) output.WriteLine(violation);
        violations.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_contract_check_catches_a_request_FedEx_would_not_take()
    {
        var specs = await FedExSpecs.LoadedAsync();
        await using var sandbox = await SandboxHost.StartAsync(SandboxClock.StartingMonday());
        var traffic = new UspsTraffic(FedExSpecs.ApiPrefixes);
        using var http = traffic.Client(sandbox.BaseAddress);
        // A rate request without requestedShipment, and a weight as text: FedEx's full schema requires the one and types the other.
        await http.PostAsJsonAsync("/rate/v1/rates/quotes", new { accountNumber = new { value = "602091147" }, weight = "2 lb" });
        var violations = traffic.Exchanges.SelectMany(e => UspsContract.Check(specs, e)).ToList();
        foreach (var violation in violations) output.WriteLine(violation);
        violations.ShouldContain(v => v.Contains("request") && v.Contains("requestedShipment"));
        violations.ShouldContain(v => v.Contains("required header authorization is missing", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_contract_check_catches_an_answer_FedEx_would_not_give()
    {
        var specs = await FedExSpecs.LoadedAsync();
        // The registration's mfaOptions is an array of objects and rate details a list: FedEx's schemas type both.
        var keys = Exchange("/registration/v2/address/keysgeneration", """{"transactionId":"t","output":{"mfaOptions":[{"mfaRequired":"yes"}]}}""");
        var rates = Exchange("/rate/v1/rates/quotes", """{"transactionId":"t","output":{"rateReplyDetails":"none"}}""");
        UspsContract.Check(specs, keys).ShouldContain(v => v.Contains("response") && v.Contains("mfaRequired"));
        UspsContract.Check(specs, rates).ShouldContain(v => v.Contains("response") && v.Contains("rateReplyDetails"));
    }

    private static UspsExchange Exchange(string path, string answer) => new(
        HttpMethod.Post, path, "", new Dictionary<string, string>(), null, [], 200, new Dictionary<string, string>(), "application/json",
        System.Text.Encoding.UTF8.GetBytes(answer));
}
