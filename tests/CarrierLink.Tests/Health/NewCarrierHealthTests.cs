using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Health;

/// <summary>
/// UPS and FedEx joined through the catalogue, and the health engine watches them unchanged: an idle account whose grant
/// (UPS) or key (FedEx) the carrier revoked needs reconnecting after the engine's probe, with no operation called.
/// </summary>
public abstract class NewCarrierHealthTests(StackFixture fixture) : HealthTestBase(fixture)
{
    private TimeSpan PastProbeInterval => TimeSpan.FromMinutes(Options.ProbeIntervalMinutes + 1);

    [Fact]
    public async Task An_idle_UPS_account_whose_grant_was_revoked_needs_reconnecting_after_the_probe()
    {
        await SetAsideEarlierAccountsAsync();
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUpsCustomerAsync();
        var accountId = await merchant.ConnectUpsAsync(customer);
        using var api = merchant.Api();
        await RunEngineAsync();
        await Stack.RevokeAtCarrierAsync("ups", customer.Username);

        Stack.Clock.Advance(PastProbeInterval);
        await RunEngineAsync();

        (await api.StateOfAsync(accountId)).ShouldBe("needs_reconnect");
    }

    [Fact]
    public async Task An_idle_FedEx_account_whose_key_was_revoked_needs_reconnecting_after_the_probe_and_a_working_one_stays_connected()
    {
        await SetAsideEarlierAccountsAsync();
        var merchant = await Stack.CreateMerchantAsync();
        var revoked = await Stack.CreateFedExAccountAsync(mfa: "none");
        var working = await Stack.CreateFedExAccountAsync(mfa: "none");
        var revokedId = await merchant.ConnectFedExAsync(revoked, "Revoked");
        var workingId = await merchant.ConnectFedExAsync(working, "Working");
        using var api = merchant.Api();
        await RunEngineAsync();
        await Stack.RevokeAtCarrierAsync("fedex", revoked.AccountNumber);

        // Past FedEx's one-hour tokens too: the engine renews with the stored key, which only the revoked account fails.
        Stack.Clock.Advance(PastProbeInterval + TimeSpan.FromHours(1));
        await RunEngineAsync();

        (await api.StateOfAsync(revokedId)).ShouldBe("needs_reconnect");
        (await api.StateOfAsync(workingId)).ShouldBe("connected");
    }
}

public sealed class NewCarrierHealthOnSqliteTests(HealthSqliteStack fixture) : NewCarrierHealthTests(fixture), IClassFixture<HealthSqliteStack>;

public sealed class NewCarrierHealthOnPostgresTests(HealthPostgresStack fixture) : NewCarrierHealthTests(fixture), IClassFixture<HealthPostgresStack>;
