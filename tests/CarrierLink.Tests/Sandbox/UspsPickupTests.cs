using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

public sealed class UspsPickupTests
{
    // FakeTimeProvider starts on Monday 2026-03-02.
    private static object Pickup(string date = "2026-03-03", string location = "FRONT_DOOR", string? instructions = null, int count = 2) => new
    {
        pickupDate = date,
        pickupAddress = new
        {
            firm = "Acme Widgets",
            address = new { streetAddress = "1 Factory Rd", city = "Boston", state = "MA", ZIPCode = "02134" },
            contact = new[] { new { email = "shipping@acme.example" } },
        },
        packages = new[] { new { packageType = "PRIORITY_MAIL", packageCount = count } },
        estimatedWeight = 12,
        pickupLocation = new { packageLocation = location, specialInstructions = instructions },
    };

    private static async Task<(UspsApiClient Usps, SandboxHost Sandbox)> StartAsync()
    {
        var sandbox = await SandboxHost.StartAsync(SandboxClock.StartingMonday());
        return (await UspsApiClient.ConnectAsync(sandbox), sandbox);
    }

    [Fact]
    public async Task A_pickup_is_scheduled_read_changed_with_its_ETag_and_canceled()
    {
        var (usps, sandbox) = await StartAsync();
        await using var _ = sandbox;

        var created = await usps.SendAsync(HttpMethod.Post, "/pickup/v3/carrier-pickup", Pickup());
        // The Carrier Pickup spec answers a scheduled pickup with 200, and a read with a list of confirmations.
        created.StatusCode.ShouldBe(HttpStatusCode.OK);
        var confirmation = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmationNumber").GetString()!;
        confirmation.ShouldStartWith("WTC");

        var read = await usps.SendAsync(HttpMethod.Get, $"/pickup/v3/carrier-pickup/{confirmation}");
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        var etag = read.Headers.ETag!.ToString();
        (await read.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single().GetProperty("pickupDate").GetString().ShouldBe("2026-03-03");

        // The PUT body is a PickupConfirmation wrapping the changed request, as the Carrier Pickup spec has it.
        var changed = await usps.SendAsync(HttpMethod.Put, $"/pickup/v3/carrier-pickup/{confirmation}",
            new { pickupDate = "2026-03-03", carrierPickupRequest = Pickup(count: 5) }, r => r.Headers.TryAddWithoutValidation("If-Match", etag));
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        changed.Headers.ETag!.ToString().ShouldNotBe(etag);

        var stale = await usps.SendAsync(HttpMethod.Put, $"/pickup/v3/carrier-pickup/{confirmation}",
            new { pickupDate = "2026-03-03", carrierPickupRequest = Pickup(count: 7) }, r => r.Headers.TryAddWithoutValidation("If-Match", etag));
        stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        var noIfMatch = await usps.SendAsync(HttpMethod.Put, $"/pickup/v3/carrier-pickup/{confirmation}", new { pickupDate = "2026-03-03", carrierPickupRequest = Pickup(count: 7) });
        noIfMatch.StatusCode.ShouldBe((HttpStatusCode)428);

        var cancel = await usps.SendAsync(HttpMethod.Delete, $"/pickup/v3/carrier-pickup/{confirmation}", configure: r => r.Headers.TryAddWithoutValidation("If-Match", changed.Headers.ETag!.ToString()));
        cancel.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await cancel.Content.ReadAsStringAsync()).ShouldBeEmpty();
        (await usps.SendAsync(HttpMethod.Get, $"/pickup/v3/carrier-pickup/{confirmation}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Canceling_with_a_stale_ETag_is_412_and_keeps_the_pickup()
    {
        var (usps, sandbox) = await StartAsync();
        await using var _ = sandbox;
        var confirmation = (await (await usps.SendAsync(HttpMethod.Post, "/pickup/v3/carrier-pickup", Pickup())).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("confirmationNumber").GetString()!;

        var cancel = await usps.SendAsync(HttpMethod.Delete, $"/pickup/v3/carrier-pickup/{confirmation}", configure: r => r.Headers.TryAddWithoutValidation("If-Match", "\"99\""));

        cancel.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await usps.SendAsync(HttpMethod.Get, $"/pickup/v3/carrier-pickup/{confirmation}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_second_pickup_at_the_same_address_and_day_is_020001()
    {
        var (usps, sandbox) = await StartAsync();
        await using var _ = sandbox;
        await usps.SendAsync(HttpMethod.Post, "/pickup/v3/carrier-pickup", Pickup());

        var second = await usps.SendAsync(HttpMethod.Post, "/pickup/v3/carrier-pickup", Pickup(count: 9));

        (await second.ErrorsAsync()).ShouldBe([("020001", "Pickup already exists for this address.")]);
    }

    [Theory]
    [InlineData("PORCH")]
    [InlineData("KNOCK_ON_DOOR")]
    [InlineData("MAILBOX")]
    public async Task Every_package_location_of_the_spec_is_accepted(string location)
    {
        var (usps, sandbox) = await StartAsync();
        await using var _ = sandbox;

        (await usps.SendAsync(HttpMethod.Post, "/pickup/v3/carrier-pickup", Pickup(location: location))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_pickup_without_a_contact_is_refused_as_the_spec_requires_one()
    {
        var (usps, sandbox) = await StartAsync();
        await using var _ = sandbox;

        var response = await usps.SendAsync(HttpMethod.Post, "/pickup/v3/carrier-pickup", new
        {
            pickupDate = "2026-03-03",
            pickupAddress = new { firm = "Acme Widgets", address = new { streetAddress = "1 Factory Rd", city = "Boston", state = "MA", ZIPCode = "02134" } },
            packages = new[] { new { packageType = "PRIORITY_MAIL", packageCount = 1 } },
            estimatedWeight = 12,
            pickupLocation = new { packageLocation = "FRONT_DOOR" },
        });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("2026-03-01", "FRONT_DOOR", null, "020016", "Pickup date is in the past.")]
    [InlineData("2027-03-03", "FRONT_DOOR", null, "020017", "Pickups can only be scheduled one year in the future.")]
    [InlineData("2026-03-08", "FRONT_DOOR", null, "020018", "Pickup Request cannot be scheduled on requested day.")]
    [InlineData("2026-03-03", "ROOFTOP", null, "020004", "Invalid pickup location.")]
    [InlineData("2026-03-03", "OTHER", null, "020020", "Pickup location of Other requires additional information in comments.")]
    [InlineData("someday", "FRONT_DOOR", null, "020003", "Invalid pickup details.")]
    public async Task Bad_pickups_get_USPS_codes_and_messages(string date, string location, string? instructions, string code, string message)
    {
        var (usps, sandbox) = await StartAsync();
        await using var _ = sandbox;

        var response = await usps.SendAsync(HttpMethod.Post, "/pickup/v3/carrier-pickup", Pickup(date, location, instructions));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorsAsync()).ShouldBe([(code, message)]);
    }

    [Fact]
    public async Task Another_customer_cannot_see_the_pickup()
    {
        var (usps, sandbox) = await StartAsync();
        await using var _ = sandbox;
        var other = await UspsApiClient.ConnectAsync(sandbox, "second.usps");
        var confirmation = (await (await usps.SendAsync(HttpMethod.Post, "/pickup/v3/carrier-pickup", Pickup())).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("confirmationNumber").GetString()!;

        (await other.SendAsync(HttpMethod.Get, $"/pickup/v3/carrier-pickup/{confirmation}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
