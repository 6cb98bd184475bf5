using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Carriers.Ups;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CarrierLink.Tests.Sandbox;

/// <summary>CarrierLink's UPS client against the running sandbox: outcomes as values, exactly like USPS's.</summary>
public sealed class UpsClientTests
{
    private static readonly ShippingAddress From = new("Ann Sender", "Acme Widgets", "1 Factory Rd", null, "Boston", "MA", "02134", Phone: "617-555-0100");
    private static readonly ShippingAddress To = new("Sam Receiver", null, "500 Howard St", null, "San Francisco", "CA", "94105");

    public static UpsOptions Options(Uri sandbox, Action<UpsOptions>? change = null)
    {
        var options = new UpsOptions { BaseUrl = sandbox, ClientId = SandboxHost.ClientId, ClientSecret = SandboxHost.ClientSecret, TimeoutSeconds = 5 };
        change?.Invoke(options);
        return options;
    }

    /// <summary>Signs in at UPS.com through the client's own authorization URL, allows, and exchanges the code (PKCE or Basic).</summary>
    public static async Task<CarrierResult<TokenSet>> ConnectAsync(SandboxHost host, UpsOAuthClient oauth, bool pkce, string username = UpsSandbox.Username)
    {
        var verifier = pkce ? Pkce.NewVerifier() : null;
        var url = oauth.BuildAuthorizationUrl(new AuthorizationRequest("st-9", new Uri(UpsSandbox.RedirectUri), verifier is null ? null : Pkce.ChallengeFor(verifier)));
        using var browser = host.NewBrowser();
        var consent = await UpsSandbox.ConsentAsync(browser, url.PathAndQuery, username);
        var back = await browser.SubmitAsync(consent, button: ("decision", "allow"));
        var query = QueryHelpers.ParseQuery(new Uri(back.Location!).Query);
        query["state"].ToString().ShouldBe("st-9");
        return await oauth.ExchangeCodeAsync(query["code"]!, new Uri(UpsSandbox.RedirectUri), verifier, CancellationToken.None);
    }

    private static (UpsOAuthClient OAuth, UpsShippingClient Shipping) Clients(SandboxHost host, HttpClient? http = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options(host.BaseAddress));
        return (new UpsOAuthClient(http ?? new HttpClient(), options, TimeProvider.System), new UpsShippingClient(http ?? new HttpClient(), options, TimeProvider.System));
    }

    private static T Value<T>(CarrierResult<T> result) =>
        result is CarrierResult<T>.Success success ? success.Value : throw new ShouldAssertException($"Expected success, got {result}");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Connecting_gives_tokens_without_an_identity_and_a_refresh_rotates_them(bool pkce)
    {
        await using var host = await SandboxHost.StartAsync();
        var (oauth, _) = Clients(host);
        oauth.Carrier.ShouldBe("ups");
        oauth.UsesPkce.ShouldBeTrue();

        var tokens = Value(await ConnectAsync(host, oauth, pkce));
        tokens.Identity.ShouldBeNull();
        tokens.RefreshToken.ShouldNotBeNull();
        (tokens.AccessTokenExpiresAt - DateTimeOffset.UtcNow).TotalHours.ShouldBeInRange(3.9, 4.0);
        (tokens.RefreshTokenExpiresAt!.Value - DateTimeOffset.UtcNow).TotalDays.ShouldBeInRange(59.9, 60.1);

        var refreshed = Value(await oauth.RefreshAsync(tokens.RefreshToken!, CancellationToken.None));
        refreshed.RefreshToken.ShouldNotBe(tokens.RefreshToken);
        (await oauth.RefreshAsync(tokens.RefreshToken!, CancellationToken.None)).ShouldBeOfType<CarrierResult<TokenSet>.AuthRejected>();
    }

    [Fact]
    public async Task Wrong_client_credentials_are_an_operator_problem_not_a_reconnect()
    {
        await using var host = await SandboxHost.StartAsync();
        var (good, _) = Clients(host);
        var tokens = Value(await ConnectAsync(host, good, pkce: false));
        var wrong = new UpsOAuthClient(new HttpClient(), Microsoft.Extensions.Options.Options.Create(Options(host.BaseAddress, o => o.ClientSecret = "wrong")), TimeProvider.System);

        var refused = await wrong.RefreshAsync(tokens.RefreshToken!, CancellationToken.None);

        refused.ShouldBeOfType<CarrierResult<TokenSet>.Invalid>().Message.ShouldContain("client credentials");
    }

    [Fact]
    public async Task Revoke_succeeds_without_calling_UPS_which_publishes_no_revoke_endpoint()
    {
        await using var host = await SandboxHost.StartAsync();
        var (oauth, _) = Clients(host);
        var tokens = Value(await ConnectAsync(host, oauth, pkce: false));
        await host.ControlAsync(HttpMethod.Delete, "/_control/counters");

        Value(await oauth.RevokeAsync(tokens.RefreshToken!, CancellationToken.None)).ShouldBeTrue();

        var calls = (await host.Http.GetFromJsonAsync<JsonElement>("/_control/counters")).GetProperty("ups").GetProperty("calls");
        calls.EnumerateObject().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_five_operations_rate_buy_void_and_pick_up_and_End_of_Day_is_refused_in_words()
    {
        await using var host = await SandboxHost.StartAsync();
        var (oauth, shipping) = Clients(host);
        var tokens = Value(await ConnectAsync(host, oauth, pkce: true));
        var session = new CarrierSession(tokens.AccessToken, new CarrierAccountIdentity("A1B2C3", null));

        var rates = Value(await shipping.GetRatesAsync(session, new RatesRequest("02134", "94105", 40, 10, 8, 4, null), CancellationToken.None));
        rates.Select(r => r.MailClass).ShouldBe(CarrierServiceLists.Ups.Select(s => s.Code));
        rates[0].Service.ShouldBe("UPS Ground");
        rates.ShouldAllBe(r => r.Price > 0 && r.Currency == "USD" && r.DeliveryDays > 0);

        var label = Value(await shipping.BuyLabelAsync(session, new LabelRequest(From, To, 40, "12", 10, 8, 4, null, "order-7"), CancellationToken.None));
        label.TrackingNumber.ShouldStartWith("1ZA1B2C312");
        System.Text.Encoding.ASCII.GetString(label.LabelPdf[..8]).ShouldBe("%PDF-1.4");
        label.Price.ShouldBe(rates.Single(r => r.MailClass == "12").Price);
        var stored = (await host.Http.GetFromJsonAsync<JsonElement>("/_control/customers/ups/merchant.ups/labels")).GetProperty("data")[0];
        stored.GetProperty("references")[0].GetString().ShouldBe("order-7");
        stored.GetProperty("trans_id").GetString()!.Length.ShouldBe(32);
        stored.GetProperty("transaction_src").GetString().ShouldBe("CarrierLink");

        Value(await shipping.VoidLabelAsync(session, label.TrackingNumber, label.CarrierLabelId, CancellationToken.None)).Status.ShouldBe("voided");
        // Voided before (an answer lost on the way): the same outcome, not an error.
        Value(await shipping.VoidLabelAsync(session, label.TrackingNumber, label.CarrierLabelId, CancellationToken.None)).Status.ShouldBe("voided");

        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(2);
        if (day.DayOfWeek == DayOfWeek.Sunday) day = day.AddDays(1);
        var pickup = Value(await shipping.SchedulePickupAsync(session, new PickupRequest(day, From, [new PickupPackage("03", 2)], "Dock", "dock@example.test", "pk-1"), CancellationToken.None));
        pickup.PickupDate.ShouldBe(day);
        Value(await shipping.CancelPickupAsync(session, pickup.ConfirmationNumber, pickup.CarrierPickupId, CancellationToken.None)).ShouldBeTrue();
        Value(await shipping.CancelPickupAsync(session, pickup.ConfirmationNumber, pickup.CarrierPickupId, CancellationToken.None)).ShouldBeTrue();

        (await shipping.CreateEndOfDayFormAsync(session, new EndOfDayRequest([label.TrackingNumber], day, From), CancellationToken.None))
            .ShouldBeOfType<CarrierResult<EndOfDayForm>.Invalid>().Message.ShouldStartWith("UPS has no End of Day form");
    }

    [Fact]
    public async Task Account_details_are_confirmed_for_the_logins_own_shipper_number_and_refused_for_another()
    {
        await using var host = await SandboxHost.StartAsync();
        var (oauth, shipping) = Clients(host);
        var (_, foreign) = await new UpsSandbox(host).CreateCustomerAsync("someone.else");
        var token = Value(await ConnectAsync(host, oauth, pkce: true)).AccessToken;

        Value(await shipping.ConfirmAccountDetailsAsync(new CarrierSession(token, new CarrierAccountIdentity("7X9Y4Z", null)), CancellationToken.None)).ShouldBeTrue();
        var refused = await shipping.ConfirmAccountDetailsAsync(new CarrierSession(token, new CarrierAccountIdentity(foreign, null)), CancellationToken.None);
        refused.ShouldBeOfType<CarrierResult<bool>.Invalid>().FieldErrors!.Keys.ShouldContain("shipper_number");
        (await shipping.ConfirmAccountDetailsAsync(new CarrierSession(token, null), CancellationToken.None)).ShouldBeOfType<CarrierResult<bool>.Invalid>();
        (await shipping.BuyLabelAsync(new CarrierSession(token, new CarrierAccountIdentity(foreign, null)), new LabelRequest(From, To, 16, "03", null, null, null, null, null), CancellationToken.None))
            .ShouldBeOfType<CarrierResult<PurchasedLabel>.Invalid>().Message.ShouldContain("120100");
    }

    [Fact]
    public async Task Refusals_map_like_USPS_revoked_is_AuthRejected_suspended_is_Suspended_and_a_5xx_purchase_may_have_been_bought()
    {
        await using var host = await SandboxHost.StartAsync();
        var (oauth, shipping) = Clients(host);
        var session = new CarrierSession(Value(await ConnectAsync(host, oauth, pkce: false)).AccessToken, new CarrierAccountIdentity("A1B2C3", null));
        var label = new LabelRequest(From, To, 16, "03", null, null, null, null, null);

        await host.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "ups", endpoint = "/api/shipments", status = 502 });
        (await shipping.BuyLabelAsync(session, label, CancellationToken.None)).ShouldBeOfType<CarrierResult<PurchasedLabel>.Transient>().MayHaveBeenProcessed.ShouldBeTrue();
        await host.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "ups", endpoint = "/api/rating", status = 429 });
        var limited = (await shipping.GetRatesAsync(session, CarrierCatalog.Find("ups")!.AccessCheck, CancellationToken.None)).ShouldBeOfType<CarrierResult<IReadOnlyList<Rate>>.Transient>();
        limited.RetryAfter.ShouldBe(TimeSpan.FromSeconds(1));
        limited.MayHaveBeenProcessed.ShouldBeFalse();
        await host.ControlAsync(HttpMethod.Delete, "/_control/faults");

        await host.ControlAsync(HttpMethod.Post, "/_control/customers/ups/merchant.ups/suspend");
        (await shipping.BuyLabelAsync(session, label, CancellationToken.None)).ShouldBeOfType<CarrierResult<PurchasedLabel>.Suspended>().Reason.ShouldContain("suspended");
        await host.ControlAsync(HttpMethod.Post, "/_control/customers/ups/merchant.ups/unsuspend");

        await host.ControlAsync(HttpMethod.Post, "/_control/customers/ups/merchant.ups/revoke");
        (await shipping.GetRatesAsync(session, CarrierCatalog.Find("ups")!.AccessCheck, CancellationToken.None)).ShouldBeOfType<CarrierResult<IReadOnlyList<Rate>>.AuthRejected>();
    }

    [Fact]
    public void Options_validation_names_what_is_wrong_in_words_an_operator_can_act_on()
    {
        var failures = new UpsOptionsValidator().Validate(null, new UpsOptions { ClientId = "id", RatingVersion = "2409", TimeoutSeconds = 0 }).Failures!.ToList();

        failures.ShouldContain(f => f.StartsWith("Carriers:Ups:BaseUrl must be UPS's absolute http(s) address", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Carriers:Ups:ClientSecret is required", StringComparison.Ordinal));
        failures.ShouldContain("Carriers:Ups:RatingVersion must be a UPS API version such as v2409 (got '2409').");
        failures.ShouldContain("Carriers:Ups:TimeoutSeconds must be between 1 and 300.");
        new UpsOptionsValidator().Validate(null, Options(new Uri("https://wwwcie.ups.com/"))).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task AddUpsClients_registers_the_clients_and_an_empty_client_id_means_UPS_is_not_offered()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Carriers:Ups:BaseUrl"] = "https://wwwcie.ups.com/", ["Carriers:Ups:ClientId"] = "id", ["Carriers:Ups:ClientSecret"] = "s" })
            .Build());
        services.AddUpsClients();
        await using var provider = services.BuildServiceProvider();
        provider.GetServices<IOAuthCarrierClient>().ShouldContain(c => c.Carrier == "ups");
        provider.GetServices<IShippingCarrierClient>().ShouldContain(c => c.Carrier == "ups" && c is IAccountDetailsCheck);

        var empty = new ServiceCollection();
        empty.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        empty.AddUpsClients();
        await using var unconfigured = empty.BuildServiceProvider();
        // A deployment without UPS starts; the client says it is not configured, so UPS is not offered (issue 15).
        unconfigured.GetRequiredService<IOptions<UpsOptions>>().Value.IsConfigured.ShouldBeFalse();
        unconfigured.GetServices<IOAuthCarrierClient>().Single(c => c.Carrier == "ups").IsConfigured.ShouldBeFalse();
    }
}
