using System.Net;
using System.Net.Http.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using CarrierLink.Web.Tokens;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Health;

/// <summary>Two CarrierLink nodes on one PostgreSQL database, one key ring folder, one sandbox and one clock, the way a platform runs them.</summary>
/// <remarks>
/// A test here jumps the clock past the refresh lease (120 s) while a refresh is still at USPS: a jump fires every timer
/// due by then, so the carrier call's and the refresh wait's limits are longer than that jump, as the scenario means.
/// </remarks>
public sealed class TwoNodeStack() : StackFixture(StoreProvider.Postgres, ClockScope.CarrierLinkAndSandbox,
    "--Carriers:Usps:TimeoutSeconds=300", "--Tokens:RefreshTimeoutSeconds=300")
{
    private CarrierLinkNode? _second;

    public CarrierLinkNode Second => _second ?? throw new InvalidOperationException("The second node has not started.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _second = await Stack.StartAnotherNodeAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_second is not null) await _second.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// Exactly one refresh per expiry across nodes, and a node that lost the race to rotate the refresh token
/// uses the winner's tokens instead of calling the account broken.
/// </summary>
public sealed class TwoNodeTests(TwoNodeStack nodes) : HealthTestBase(nodes), IClassFixture<TwoNodeStack>
{
    private async Task<(TestMerchant Merchant, Guid AccountId, SandboxCustomer Customer)> ConnectedAsync()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        return (merchant, accountId, customer);
    }

    [Fact]
    public async Task Both_nodes_engines_share_the_due_accounts_so_each_is_probed_exactly_once()
    {
        await SetAsideEarlierAccountsAsync();
        var accounts = new List<Guid>();
        for (var i = 0; i < 6; i++) accounts.Add((await ConnectedAsync()).AccountId);
        await RunEngineAsync();
        await ResetCountersAsync();

        Stack.Clock.Advance(TimeSpan.FromMinutes(Options.ProbeIntervalMinutes + 1));
        var engines = new[] { Engine, nodes.Second.Services.GetRequiredService<HealthEngine>() };
        var claimed = await Task.WhenAll(engines.Select(engine => engine.RunUntilIdleAsync(CancellationToken.None)));

        claimed.Sum().ShouldBe(accounts.Count, "every due account is claimed by one node, never by both");
        (await UspsRefreshesAsync()).ShouldBe(accounts.Count, "one probe (a refresh) per account");
        (await UspsCountersAsync()).GetProperty("refresh_rejected").GetInt32().ShouldBe(0);
        var states = await Stack.WithDbAsync(db => db.CarrierAccounts.AsNoTracking().Where(a => accounts.Contains(a.Id)).Select(a => a.State).ToListAsync());
        states.ShouldAllBe(state => state == ConnectionState.Connected);
    }

    [Fact]
    public async Task Two_hundred_concurrent_operations_over_two_nodes_on_an_expired_token_make_exactly_one_refresh_and_all_succeed()
    {
        var (merchant, accountId, customer) = await ConnectedAsync();
        using var first = merchant.Api();
        using var second = nodes.Second.Api(merchant);
        // Both nodes hold the token in memory before USPS stops accepting it.
        (await first.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Stack.Control.PostAsync($"/_control/customers/usps/{customer.Username}/expire-tokens", null)).EnsureSuccessStatusCode();
        await ResetCountersAsync();

        var body = new { from_zip = "10001", to_zip = "94105", weight_oz = 24, mail_class = "PRIORITY_MAIL" };
        var responses = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => (i % 2 == 0 ? first : second).PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", body)));

        responses.GroupBy(r => r.StatusCode).ToDictionary(g => g.Key, g => g.Count())
            .ShouldBe(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.OK] = 200 });
        var usps = await UspsCountersAsync();
        usps.GetProperty("refreshes").GetInt32().ShouldBe(1);
        usps.GetProperty("refresh_rejected").GetInt32().ShouldBe(0);
        (await first.StateOfAsync(accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task A_node_whose_cache_still_holds_the_old_token_uses_the_token_another_node_renewed_without_asking_usps()
    {
        var (merchant, accountId, _) = await ConnectedAsync();
        using var second = nodes.Second.Api(merchant);
        (await second.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ResetCountersAsync();

        // Four hours on, the first node renews; the second's memory still holds the token it had.
        Stack.Clock.Advance(TimeSpan.FromHours(4));
        var renewed = await Stack.Services.GetRequiredService<CarrierAccessTokens>()
            .RenewAsync(accountId, "usps", RenewalKind.Probe, CancellationToken.None);
        var winner = renewed.ShouldBeOfType<CarrierResult<string>.Success>().Value;
        // The old (8-hour) token comes within the renewal margin, so the second node must renew before using it.
        Stack.Clock.Advance(TimeSpan.FromHours(4) - TimeSpan.FromMinutes(2));
        var seen = await nodes.Second.Services.GetRequiredService<CarrierAccessTokens>()
            .GetAsync(accountId, "usps", rejectedToken: null, CancellationToken.None);

        seen.ShouldBeOfType<CarrierResult<string>.Success>().Value.ShouldBe(winner);
        var usps = await UspsCountersAsync();
        usps.GetProperty("refreshes").GetInt32().ShouldBe(1);
        usps.GetProperty("refresh_rejected").GetInt32().ShouldBe(0, "the spent refresh token was never replayed");
    }

    [Fact]
    public async Task A_node_that_replays_a_refresh_token_another_node_just_rotated_uses_the_winners_tokens_and_marks_nothing_broken()
    {
        await SetAsideEarlierAccountsAsync();
        var (merchant, accountId, _) = await ConnectedAsync();
        await ResetCountersAsync();
        var leaseSeconds = Stack.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TokenOptions>>().Value.RefreshLeaseSeconds;

        // The first node's refresh reaches USPS, which rotates at once but holds the answer back for 1.5 s.
        var slow = await AddFaultAsync(new { carrier = "usps", endpoint = "POST /oauth2/v3/token", delay_ms = 1500, after = true });
        var firstRenewal = Stack.Services.GetRequiredService<CarrierAccessTokens>()
            .RenewAsync(accountId, "usps", RenewalKind.Probe, CancellationToken.None);
        await EventuallyAsync(async () => (await UspsCountersAsync()).GetProperty("refreshes").GetInt32() == 1, "USPS rotated the refresh token");
        (await Stack.Control.DeleteAsync($"/_control/faults/{slow}")).EnsureSuccessStatusCode();
        // The second node's refusal comes back later than the first node's tokens.
        await AddFaultAsync(new { carrier = "usps", endpoint = "POST /oauth2/v3/token", delay_ms = 3000, after = true });
        try
        {
            // The first node's lease has run out, so the second node's probe takes over with the refresh token it reads: the spent one.
            Stack.Clock.Advance(TimeSpan.FromSeconds(leaseSeconds + 1));
            await Stack.WithDbAsync(db => db.CarrierAccounts.Where(a => a.Id == accountId)
                .ExecuteUpdateAsync(a => a.SetProperty(x => x.NextDueAt, db.UtcNow).SetProperty(x => x.DueReason, DueReasons.IdleProbe)));
            await nodes.Second.Services.GetRequiredService<HealthEngine>().RunUntilIdleAsync(CancellationToken.None);
        }
        finally
        {
            (await Stack.Control.DeleteAsync("/_control/faults")).EnsureSuccessStatusCode();
        }

        var winner = (await firstRenewal).ShouldBeOfType<CarrierResult<string>.Success>().Value;
        var usps = await UspsCountersAsync();
        usps.GetProperty("refresh_rejected").GetInt32().ShouldBe(1, "the second node did replay the spent refresh token");
        usps.GetProperty("refreshes").GetInt32().ShouldBe(1);
        var account = await Stack.WithDbAsync(db => db.CarrierAccounts.AsNoTracking().FirstAsync(a => a.Id == accountId));
        account.State.ShouldBe(ConnectionState.Connected);
        account.LastAuthFailureAt.ShouldBeNull();
        var credential = await Stack.CredentialAsync(accountId);
        Stack.Decrypt(credential!.AccessTokenCipher!).ShouldBe(winner);
        credential.RefreshOutcomeUnknownSince.ShouldBeNull();

        // The second node ships with the winner's token: no further refresh.
        using var second = nodes.Second.Api(merchant);
        (await second.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await UspsCountersAsync()).GetProperty("refreshes").GetInt32().ShouldBe(1);
        (await second.EventTypesAsync(accountId)).ShouldNotContain("needs_reconnect");
    }
}
