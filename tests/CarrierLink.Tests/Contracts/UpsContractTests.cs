using System.Net;
using System.Net.Http.Json;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Carriers.Ups;
using CarrierLink.Tests.Sandbox;
using Shouldly;
using Xunit.Abstractions;

namespace CarrierLink.Tests.Contracts;

/// <summary>
/// CarrierLink's UPS traffic, both directions, against UPS's published OpenAPI files (OAuthAuthCode, Rating, Shipping,
/// Pickup): the client's requests and the sandbox's answers are only right where UPS says so.
/// </summary>
public sealed class UpsContractTests(ITestOutputHelper output)
{
    private static readonly ShippingAddress From = new("Ann Sender", "Acme Widgets", "1 Factory Rd", "Unit 2", "Boston", "MA", "02134", Phone: "617-555-0100");
    private static readonly ShippingAddress To = new("Sam Receiver", null, "500 Howard St", null, "San Francisco", "CA", "94105");

    [Fact]
    public async Task Every_request_and_answer_of_the_client_follows_UPS_published_specs()
    {
        var specs = await UpsSpecs.LoadedAsync();
        var traffic = new UspsTraffic(UpsSpecs.TrafficPrefixes);
        await using var host = await SandboxHost.StartAsync();
        using var http = traffic.Client(host.BaseAddress);
        var options = Microsoft.Extensions.Options.Options.Create(UpsClientTests.Options(host.BaseAddress));
        var oauth = new UpsOAuthClient(http, options, TimeProvider.System);
        var shipping = new UpsShippingClient(http, options, TimeProvider.System);
        var (_, foreign) = await new UpsSandbox(host).CreateCustomerAsync("foreign.ups");

        var basic = (CarrierResult<TokenSet>.Success)await UpsClientTests.ConnectAsync(host, oauth, pkce: false);
        var tokens = ((CarrierResult<TokenSet>.Success)await UpsClientTests.ConnectAsync(host, oauth, pkce: true)).Value;
        tokens = ((CarrierResult<TokenSet>.Success)await oauth.RefreshAsync(tokens.RefreshToken!, CancellationToken.None)).Value;
        var session = new CarrierSession(tokens.AccessToken, new CarrierAccountIdentity("A1B2C3", null));

        await shipping.GetRatesAsync(session, new RatesRequest("02134", "94105", 24, 10, 8, 4, null), CancellationToken.None);
        await shipping.GetRatesAsync(session, new RatesRequest("02134", "94105", 24, null, null, null, "02"), CancellationToken.None);
        await shipping.ConfirmAccountDetailsAsync(new CarrierSession(tokens.AccessToken, new CarrierAccountIdentity(foreign, null)), CancellationToken.None);
        var label = ((CarrierResult<PurchasedLabel>.Success)await shipping.BuyLabelAsync(session,
            new LabelRequest(From, To, 40, "03", 12, 10, 6, null, "order-1234"), CancellationToken.None)).Value;
        await shipping.VoidLabelAsync(session, label.TrackingNumber, label.CarrierLabelId, CancellationToken.None);
        await shipping.VoidLabelAsync(session, label.TrackingNumber, label.CarrierLabelId, CancellationToken.None);
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(2);
        if (day.DayOfWeek == DayOfWeek.Sunday) day = day.AddDays(1);
        var pickup = ((CarrierResult<ScheduledPickup>.Success)await shipping.SchedulePickupAsync(session,
            new PickupRequest(day, From, [new PickupPackage("03", 3)], "Front desk", "dock@example.test", "pickup-1"), CancellationToken.None)).Value;
        await shipping.CancelPickupAsync(session, pickup.ConfirmationNumber, null, CancellationToken.None);
        await shipping.CancelPickupAsync(session, pickup.ConfirmationNumber, null, CancellationToken.None);
        await host.ControlAsync(HttpMethod.Post, "/_control/customers/ups/merchant.ups/revoke");
        await oauth.RefreshAsync(basic.Value.RefreshToken!, CancellationToken.None);
        await shipping.GetRatesAsync(session, new RatesRequest("02134", "94105", 24, null, null, null, "03"), CancellationToken.None);

        var exchanges = traffic.Exchanges;
        foreach (var exchange in exchanges) output.WriteLine(exchange.ToString());
        exchanges.ShouldContain(e => e.Path == "/security/v1/oauth/refresh" && e.Status == 400, "a refused refresh was exercised");
        exchanges.ShouldContain(e => e.Path.StartsWith("/api/rating/", StringComparison.Ordinal) && e.Status == 401, "an API refusal of a removed grant was exercised");
        exchanges.ShouldContain(e => e.Path.StartsWith("/api/rating/", StringComparison.Ordinal) && e.Status == 400, "a refused shipper number was exercised");
        // UPS's security: Basic on refresh and on the plain code exchange, none with PKCE (client_id and code_verifier instead).
        var tokenCalls = exchanges.Where(e => e.Path == "/security/v1/oauth/token").ToList();
        tokenCalls.Count.ShouldBe(2);
        tokenCalls.Count(e => e.RequestHeaders.TryGetValue("Authorization", out var a) && a.StartsWith("Basic ", StringComparison.Ordinal)).ShouldBe(1);
        System.Text.Encoding.UTF8.GetString(tokenCalls.Single(e => !e.RequestHeaders.ContainsKey("Authorization")).RequestBody).ShouldContain("code_verifier=");
        exchanges.Where(e => e.Path.EndsWith("/refresh", StringComparison.Ordinal)).ShouldAllBe(e => e.RequestHeaders["Authorization"].StartsWith("Basic "));
        exchanges.Where(e => e.Path.StartsWith("/api/", StringComparison.Ordinal))
            .ShouldAllBe(e => e.RequestHeaders["transId"].Length == 32 && e.RequestHeaders["transactionSrc"] == "CarrierLink");

        var violations = exchanges.SelectMany(e => UspsContract.Check(specs, e)).ToList();
        foreach (var violation in violations) output.WriteLine(violation);
        violations.ShouldBeEmpty(string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task The_sandboxs_refusals_follow_UPS_published_error_shapes()
    {
        var specs = await UpsSpecs.LoadedAsync();
        var traffic = new UspsTraffic(UpsSpecs.TrafficPrefixes);
        await using var host = await SandboxHost.StartAsync();
        var ups = new UpsSandbox(host);
        var access = await ups.AccessTokenAsync();
        using var http = traffic.Client(host.BaseAddress);
        Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null, string? token = null, Action<HttpRequestMessage>? configure = null)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token ?? access);
            if (body is not null) request.Content = JsonContent.Create(body, options: new System.Text.Json.JsonSerializerOptions());
            configure?.Invoke(request);
            return http.SendAsync(request);
        }

        await Send(HttpMethod.Post, "/api/rating/v2409/Rate", UpsSandbox.RateRequest("A1B2C3"), token: "not-a-token");
        await Send(HttpMethod.Post, "/api/rating/v2409/Rate", UpsSandbox.RateRequest("ZZZZZZ"));
        await Send(HttpMethod.Post, "/api/rating/v2409/Rate", new { RateRequest = new { Request = new { } } });
        await Send(HttpMethod.Post, "/api/shipments/v2409/ship", new { nothing = true });
        await Send(HttpMethod.Delete, "/api/shipments/v2409/void/cancel/1Z0000000000000000");
        await Send(HttpMethod.Delete, "/api/shipments/v2409/pickup/02", configure: r => r.Headers.Add("Prn", "00000000000"));
        await Send(HttpMethod.Post, "/api/pickupcreation/v2409/pickup", UpsSandbox.PickupRequest("A1B2C3", new DateOnly(2020, 1, 6)));
        await host.ControlAsync(HttpMethod.Post, "/_control/customers/ups/merchant.ups/suspend");
        await Send(HttpMethod.Post, "/api/rating/v2409/Rate", UpsSandbox.RateRequest("A1B2C3"));
        using (var refresh = new HttpRequestMessage(HttpMethod.Post, "/security/v1/oauth/refresh")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "never-issued" }),
        })
        {
            refresh.Headers.Authorization = UpsSandbox.Basic();
            (await http.SendAsync(refresh)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        using (var token = new HttpRequestMessage(HttpMethod.Post, "/security/v1/oauth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = "x", ["redirect_uri"] = UpsSandbox.RedirectUri }),
        })
        {
            token.Headers.Authorization = UpsSandbox.Basic(secret: "wrong");
            (await http.SendAsync(token)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var exchanges = traffic.Exchanges;
        foreach (var exchange in exchanges) output.WriteLine(exchange.ToString());
        exchanges.Count(e => e.Status >= 400).ShouldBe(10, "each refusal above reached the sandbox and was refused");
        exchanges.Select(e => e.Status).Distinct().Order().ShouldBe([400, 401, 403]);
        var violations = exchanges.SelectMany(e => UspsContract.CheckAnswer(specs, e)).ToList();
        foreach (var violation in violations) output.WriteLine(violation);
        violations.ShouldBeEmpty(string.Join(Environment.NewLine, violations));
    }
}
