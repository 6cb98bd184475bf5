using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Connect;

/// <summary>
/// A deployment without UPS's or FedEx's client id does not offer them: greyed out on Carrier Settings, refused by the
/// API with the field, and the app still starts (their settings are only checked once a client id is given).
/// </summary>
public sealed class UnconfiguredCarrierTests : IAsyncLifetime
{
    private TestStack _stack = null!;

    public async Task InitializeAsync() =>
        _stack = await TestStack.StartAsync(StoreProvider.Sqlite, "--Carriers:Ups:ClientId=", "--Carriers:Ups:BaseUrl=", "--Carriers:FedEx:ClientId=");

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Carriers_without_settings_are_not_offered_anywhere()
    {
        var merchant = await _stack.CreateMerchantAsync();
        using var api = merchant.Api();

        var carriers = await api.GetFromJsonAsync<JsonElement>("/api/v1/carriers");
        carriers.EnumerateArray().Where(c => c.GetProperty("available").GetBoolean()).Select(c => c.GetProperty("code").GetString())
            .ShouldBe(["usps", "stamps", "ups_one_balance"]);
        foreach (var carrier in new[] { "ups", "fedex" })
        {
            var refused = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier, nickname = "Dock" });
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("carrier")[0].GetString()!.ShouldContain("cannot be connected");
        }

        using var browser = await merchant.SignedInBrowserAsync();
        (await browser.GetAsync("/settings/carriers/ups/add")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync("/settings/carriers/fedex")).Status.ShouldBe(HttpStatusCode.NotFound);
    }
}
