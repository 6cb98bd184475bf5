using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

public sealed class UspsPricesTests(SharedSandbox shared) : IClassFixture<SharedSandbox>
{
    private static object Search(string mailClass = "USPS_GROUND_ADVANTAGE", decimal weight = 2, string origin = "02134", string destination = "90210") => new
    {
        originZIPCode = origin,
        destinationZIPCode = destination,
        weight,
        length = 10,
        width = 6,
        height = 4,
        mailClass,
        processingCategory = "MACHINABLE",
        destinationEntryFacilityType = "NONE",
        rateIndicator = "SP",
        priceType = "COMMERCIAL",
    };

    private static async Task<decimal> PriceAsync(UspsApiClient usps, object search)
    {
        var response = await usps.SendAsync(HttpMethod.Post, "/prices/v3/base-rates/search", search);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("totalBasePrice").GetDecimal();
    }

    [Fact]
    public async Task A_base_rate_search_answers_in_USPS_shape_with_the_zone_from_the_ZIPs()
    {
        var sandbox = shared.Host;
        var usps = await UspsApiClient.ConnectAsync(sandbox);

        var response = await usps.SendAsync(HttpMethod.Post, "/prices/v3/base-rates/search", Search());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var rate = body.GetProperty("rates")[0];
        rate.GetProperty("mailClass").GetString().ShouldBe("USPS_GROUND_ADVANTAGE");
        rate.GetProperty("zone").GetString().ShouldBe("08");
        rate.GetProperty("priceType").GetString().ShouldBe("COMMERCIAL");
        rate.GetProperty("SKU").GetString()!.ShouldStartWith("DUXP");
        rate.GetProperty("price").GetDecimal().ShouldBe(body.GetProperty("totalBasePrice").GetDecimal());
        rate.GetProperty("price").GetDecimal().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Prices_grow_with_weight_distance_and_speed()
    {
        var sandbox = shared.Host;
        var usps = await UspsApiClient.ConnectAsync(sandbox);

        var light = await PriceAsync(usps, Search(weight: 1));
        var heavy = await PriceAsync(usps, Search(weight: 10));
        var near = await PriceAsync(usps, Search(destination: "02139"));
        var far = await PriceAsync(usps, Search(destination: "98101"));
        var ground = await PriceAsync(usps, Search("USPS_GROUND_ADVANTAGE"));
        var priority = await PriceAsync(usps, Search("PRIORITY_MAIL"));
        var express = await PriceAsync(usps, Search("PRIORITY_MAIL_EXPRESS"));

        heavy.ShouldBeGreaterThan(light);
        far.ShouldBeGreaterThan(near);
        priority.ShouldBeGreaterThan(ground);
        express.ShouldBeGreaterThan(priority);
    }

    [Fact]
    public async Task A_client_credentials_token_may_search_prices()
    {
        var sandbox = shared.Host;
        var token = (await (await sandbox.TokenAsync(new() { ["grant_type"] = "client_credentials" })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("access_token").GetString()!;
        var request = new HttpRequestMessage(HttpMethod.Post, "/prices/v3/base-rates/search") { Content = JsonContent.Create(Search()) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        (await sandbox.Http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_token_without_the_prices_scope_is_forbidden()
    {
        var sandbox = shared.Host;
        var token = (await (await sandbox.TokenAsync(new() { ["grant_type"] = "client_credentials", ["scope"] = "labels" })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("access_token").GetString()!;
        var request = new HttpRequestMessage(HttpMethod.Post, "/prices/v3/base-rates/search") { Content = JsonContent.Create(Search()) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        (await sandbox.Http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_search_without_a_token_gets_the_USPS_401()
    {
        var sandbox = shared.Host;

        var response = await sandbox.Http.PostAsJsonAsync("/prices/v3/base-rates/search", Search());

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiVersion").GetString().ShouldBe("/prices/v3/");
    }

    [Theory]
    [InlineData("missing", "030010", "One or more required field(s) are missing from the request")]
    [InlineData("heavy", "030004", "Package weight does not qualify for this product.")]
    [InlineData("class", "030020", "No valid rates for these parameters.")]
    [InlineData("zip", "030001", "Could not find zone from provided ZIPs, date, and mail class")]
    public async Task Bad_searches_get_USPS_codes_and_messages(string what, string code, string message)
    {
        var sandbox = shared.Host;
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var search = what switch
        {
            "missing" => new { originZIPCode = "02134" },
            "heavy" => Search(weight: 71),
            "class" => Search("PARCEL_SELECT"),
            _ => Search(destination: "9021"),
        };

        var response = await usps.SendAsync(HttpMethod.Post, "/prices/v3/base-rates/search", search);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorsAsync()).ShouldBe([(code, message)]);
    }
}
