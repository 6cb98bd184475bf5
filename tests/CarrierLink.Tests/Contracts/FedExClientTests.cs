using CarrierLink.Carriers.FedEx;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Registration;
using CarrierLink.Carriers.Shipping;
using Shouldly;

namespace CarrierLink.Tests.Contracts;

/// <summary>CarrierLink's FedEx clients against the running sandbox: outcomes as values, exactly as for USPS.</summary>
public sealed class FedExClientTests
{
    private static readonly ShippingAddress From = new("Ann Sender", "Acme Widgets", "20 Fed Ex Pkwy", null, "Collierville", "TN", "38017", Phone: "901-555-0142");
    private static readonly ShippingAddress To = new("Sam Receiver", null, "500 Howard St", null, "San Francisco", "CA", "94105", Phone: "4155550100");

    [Fact]
    public async Task Registering_with_a_PIN_gives_keys_whose_token_names_the_account_and_has_no_refresh_token()
    {
        await using var stack = await FedExClientStack.StartAsync();
        var account = (await stack.CreateAccountAsync("pin")).GetProperty("account_number").GetString()!;
        var step = FedExClientStack.Value(await stack.Registration.RegisterAsync(Registrations.For(account), default));
        var challenge = step.ShouldBeOfType<RegistrationStep.ProofRequired>().Challenge;
        challenge.Methods.ShouldBe([MfaMethods.Sms, MfaMethods.Call, MfaMethods.Email, MfaMethods.Invoice]);
        challenge.MaskedPhone.ShouldStartWith("***-***-");
        challenge.ToString().ShouldNotContain(challenge.AccountAuthToken);

        FedExClientStack.Value(await stack.Registration.SendPinAsync(challenge.AccountAuthToken, MfaMethods.Sms, default)).ShouldBeTrue();
        var pin = await stack.LatestPinAsync(account);
        var wrong = await stack.Registration.VerifyPinAsync(challenge.AccountAuthToken, pin == "000000" ? "111111" : "000000", default);
        wrong.ShouldBeOfType<CarrierResult<ChildCredentials>.Invalid>().FieldErrors!.Keys.ShouldBe(["pin"]);
        var keys = FedExClientStack.Value(await stack.Registration.VerifyPinAsync(challenge.AccountAuthToken, pin, default));
        keys.ToString().ShouldNotContain(keys.Secret);

        var token = FedExClientStack.Value(await stack.Registration.AuthenticateAsync(account, keys, default));
        token.RefreshToken.ShouldBeNull();
        token.Identity!.AccountNumber.ShouldBe(account);
        token.AccessTokenExpiresAt.ShouldBe(stack.Time.GetUtcNow().AddHours(1));
    }

    [Fact]
    public async Task An_account_without_MFA_is_issued_keys_at_once_and_an_invoice_proves_another()
    {
        await using var stack = await FedExClientStack.StartAsync();
        var plain = (await stack.CreateAccountAsync("none")).GetProperty("account_number").GetString()!;
        FedExClientStack.Value(await stack.Registration.RegisterAsync(Registrations.For(plain), default)).ShouldBeOfType<RegistrationStep.Issued>();

        var billed = await stack.CreateAccountAsync("invoice");
        var number = billed.GetProperty("account_number").GetString()!;
        var challenge = ((RegistrationStep.ProofRequired)FedExClientStack.Value(await stack.Registration.RegisterAsync(Registrations.For(number), default))).Challenge;
        challenge.Methods.ShouldBe([MfaMethods.Invoice]);
        var invoice = billed.GetProperty("invoice");
        var proof = new InvoiceProof(invoice.GetProperty("number").GetInt64(), DateOnly.Parse(invoice.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            invoice.GetProperty("amount").GetDecimal(), "USD");
        (await stack.Registration.VerifyInvoiceAsync(challenge.AccountAuthToken, proof with { Amount = 1m }, default))
            .ShouldBeOfType<CarrierResult<ChildCredentials>.Invalid>().FieldErrors!.Keys.ShouldBe(["invoice"]);
        var keys = FedExClientStack.Value(await stack.Registration.VerifyInvoiceAsync(challenge.AccountAuthToken, proof, default));
        FedExClientStack.Value(await stack.Registration.AuthenticateAsync(number, keys, default)).Identity!.AccountNumber.ShouldBe(number);
    }

    [Fact]
    public async Task A_wrong_address_is_Invalid_on_the_address_field()
    {
        await using var stack = await FedExClientStack.StartAsync();
        var account = (await stack.CreateAccountAsync("pin")).GetProperty("account_number").GetString()!;
        var refused = await stack.Registration.RegisterAsync(Registrations.For(account, street: "1 Elsewhere Rd"), default);
        var invalid = refused.ShouldBeOfType<CarrierResult<RegistrationStep>.Invalid>();
        invalid.FieldErrors!.Keys.ShouldBe(["address"]);
        invalid.Message.ShouldContain("not valid");
    }

    [Fact]
    public async Task The_five_operations_work_for_the_registered_account()
    {
        await using var stack = await FedExClientStack.StartAsync();
        var account = (await stack.CreateAccountAsync("pin")).GetProperty("account_number").GetString()!;
        var session = await stack.ConnectAsync(account);

        var rates = FedExClientStack.Value(await stack.Shipping.GetRatesAsync(session, new RatesRequest("38017", "94105", 32, 10, 8, 4, null), default));
        rates.Select(r => r.MailClass).ShouldBe(["FEDEX_GROUND", "FEDEX_2_DAY", "STANDARD_OVERNIGHT", "PRIORITY_OVERNIGHT"]);
        rates[1].DeliveryDays.ShouldBe(2);

        var ground = FedExClientStack.Value(await stack.Shipping.BuyLabelAsync(session, new LabelRequest(From, To, 32, "FEDEX_GROUND", 10, 8, 4, null, "order-1"), default));
        ground.LabelPdf.Take(5).ShouldBe("%PDF-"u8.ToArray());
        ground.Price.ShouldBe(rates[0].Price);
        var express = FedExClientStack.Value(await stack.Shipping.BuyLabelAsync(session, new LabelRequest(From, To, 16, "FEDEX_2_DAY", null, null, null, null, null), default));
        FedExClientStack.Value(await stack.Shipping.VoidLabelAsync(session, express.TrackingNumber, null, default)).Status.ShouldBe("voided");

        var form = FedExClientStack.Value(await stack.Shipping.CreateEndOfDayFormAsync(session,
            new EndOfDayRequest([ground.TrackingNumber], DateOnly.FromDateTime(stack.Time.GetUtcNow().UtcDateTime), From), default));
        form.ManifestNumber.Length.ShouldBe(16);
        form.FormPdf.Take(5).ShouldBe("%PDF-"u8.ToArray());

        var pickup = FedExClientStack.Value(await stack.Shipping.SchedulePickupAsync(session,
            new PickupRequest(new DateOnly(2026, 3, 3), From, [new PickupPackage("FEDEX_GROUND", 2)], "FRONT_DOOR"), default));
        pickup.CarrierPickupId.ShouldStartWith("FDXG/2026-03-03/");
        FedExClientStack.Value(await stack.Shipping.CancelPickupAsync(session, pickup.ConfirmationNumber, pickup.CarrierPickupId, default)).ShouldBeTrue();

        var labels = await (await stack.Sandbox.ControlAsync(HttpMethod.Get, $"/_control/customers/fedex/{account}/labels")).Content.ReadAsStringAsync();
        labels.ShouldContain("\"status\":\"cancelled\"");
        labels.ShouldContain("\"customer_reference\":\"order-1\"");
    }

    [Fact]
    public async Task A_revoked_account_is_AuthRejected_on_calls_and_on_renewal_and_a_suspended_one_is_Suspended()
    {
        await using var stack = await FedExClientStack.StartAsync();
        var account = (await stack.CreateAccountAsync("none")).GetProperty("account_number").GetString()!;
        var keys = ((RegistrationStep.Issued)FedExClientStack.Value(await stack.Registration.RegisterAsync(Registrations.For(account), default))).Credentials;
        var token = FedExClientStack.Value(await stack.Registration.AuthenticateAsync(account, keys, default));
        var session = new CarrierSession(token.AccessToken, token.Identity);
        var rates = new RatesRequest("38017", "94105", 16, null, null, null, "FEDEX_GROUND");

        await stack.Sandbox.ControlAsync(HttpMethod.Post, $"/_control/customers/fedex/{account}/suspend");
        (await stack.Shipping.GetRatesAsync(session, rates, default)).ShouldBeOfType<CarrierResult<IReadOnlyList<Rate>>.Suspended>();
        await stack.Sandbox.ControlAsync(HttpMethod.Post, $"/_control/customers/fedex/{account}/unsuspend");

        await stack.Sandbox.ControlAsync(HttpMethod.Post, $"/_control/customers/fedex/{account}/revoke");
        (await stack.Shipping.GetRatesAsync(session, rates, default)).ShouldBeOfType<CarrierResult<IReadOnlyList<Rate>>.AuthRejected>();
        (await stack.Registration.AuthenticateAsync(account, keys, default)).ShouldBeOfType<CarrierResult<TokenSet>.AuthRejected>();
    }

    [Fact]
    public async Task A_failing_FedEx_is_Transient_and_a_label_purchase_may_have_happened()
    {
        await using var stack = await FedExClientStack.StartAsync();
        var account = (await stack.CreateAccountAsync("pin")).GetProperty("account_number").GetString()!;
        var session = await stack.ConnectAsync(account);
        await stack.Sandbox.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "fedex", endpoint = "/ship/v1/shipments", status = 500, after = true });
        var result = await stack.Shipping.BuyLabelAsync(session, new LabelRequest(From, To, 16, "FEDEX_GROUND", null, null, null, null, "order-2"), default);
        result.ShouldBeOfType<CarrierResult<PurchasedLabel>.Transient>().MayHaveBeenProcessed.ShouldBeTrue();
        await stack.Sandbox.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "fedex", endpoint = "/rate", status = 503 });
        (await stack.Shipping.GetRatesAsync(session, new RatesRequest("38017", "94105", 16, null, null, null, null), default))
            .ShouldBeOfType<CarrierResult<IReadOnlyList<Rate>>.Transient>().MayHaveBeenProcessed.ShouldBeFalse();
    }

    [Fact]
    public void Options_explain_what_is_missing_and_no_client_id_means_not_offered()
    {
        var validator = new FedExOptionsValidator();
        validator.Validate(null, new FedExOptions()).Succeeded.ShouldBeTrue();
        new FedExOptions().IsConfigured.ShouldBeFalse();
        var failures = validator.Validate(null, new FedExOptions { ClientId = "key", TimeoutSeconds = 0 }).Failures!.ToList();
        failures.ShouldContain(f => f.Contains("Carriers:FedEx:BaseUrl"));
        failures.ShouldContain(f => f.Contains("Carriers:FedEx:ClientSecret"));
        failures.ShouldContain(f => f.Contains("Carriers:FedEx:TimeoutSeconds"));
    }
}
