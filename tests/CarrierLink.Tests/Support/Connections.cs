using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;

namespace CarrierLink.Tests.Support;

/// <summary>Gets a merchant a connected USPS account the way a person does: API create, then the sandbox's sign-in.</summary>
public static class Connections
{
    public static async Task<Guid> ConnectUspsAsync(this TestMerchant merchant, SandboxCustomer customer, string nickname = "Warehouse")
    {
        using var api = merchant.Api();
        var response = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "usps", nickname });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var browser = await merchant.SignedInBrowserAsync();
        var page = await UspsSite.AuthorizeAndReturnAsync(browser, await browser.GetAsync(body.GetProperty("authorization_url").GetString()!), customer);
        page.Heading.ShouldBe("Your USPS account is connected");
        return Guid.Parse(body.GetProperty("account").GetProperty("id").GetString()!);
    }

    /// <summary>A connected One Balance (carrier stamps) or UPS One Balance account, through the API.</summary>
    public static async Task<Guid> ConnectOneBalanceAsync(this TestMerchant merchant, SandboxCustomer customer, string carrier = "stamps", string nickname = "My One Balance")
    {
        using var api = merchant.Api();
        var response = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier, nickname, username = customer.Username, password = customer.Password });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetString()!);
    }

    /// <summary>A connected UPS account: API create with the login's shipper number, then UPS.com's log-in and Allow.</summary>
    public static async Task<Guid> ConnectUpsAsync(this TestMerchant merchant, SandboxCustomer customer, string nickname = "Dock")
    {
        using var api = merchant.Api();
        var created = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "ups", nickname, shipper_number = customer.Crid });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var page = await SignInAtUpsAsync(merchant, body.GetProperty("authorization_url").GetString()!, customer);
        page.Heading.ShouldBe("Your UPS account is connected", page.Text[..Math.Min(600, page.Text.Length)]);
        return Guid.Parse(body.GetProperty("account").GetProperty("id").GetString()!);
    }

    /// <summary>UPS.com's log-in and consent (Allow), back to CarrierLink's callback.</summary>
    public static async Task<BrowserPage> SignInAtUpsAsync(TestMerchant merchant, string authorizationUrl, SandboxCustomer customer)
    {
        using var browser = await merchant.SignedInBrowserAsync();
        var login = await browser.GetAsync(authorizationUrl);
        var consent = await browser.SubmitAsync(login, "form", new() { ["username"] = customer.Username, ["password"] = customer.Password }, "Log In");
        return await browser.SubmitAsync(consent, "form", new(), "Allow");
    }

    /// <summary>A connected FedEx account whose registration needs no proof.</summary>
    public static async Task<Guid> ConnectFedExAsync(this TestMerchant merchant, FedExTestAccount fedex, string nickname = "Main dock")
    {
        using var api = merchant.Api();
        var fields = JsonSerializer.SerializeToElement(fedex.Registration).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        (fields["carrier"], fields["nickname"]) = ("fedex", nickname);
        var created = await api.PostAsJsonAsync("/api/v1/carrier-accounts", fields);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return Guid.Parse((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetString()!);
    }

    public static async Task<string> StateOfAsync(this HttpClient api, Guid accountId) =>
        (await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}")).GetProperty("state").GetString()!;

    public static async Task<List<string>> EventTypesAsync(this HttpClient api, Guid accountId) =>
        (await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}/events?limit=200")).GetProperty("data").EnumerateArray()
            .Select(e => e.GetProperty("type").GetString()!).ToList();
}

/// <summary>Neutral request bodies a merchant's system would send.</summary>
public static class ShippingBodies
{
    public static object Address(string name = "Jane Shipper", string zip = "10001") =>
        new { name, street1 = "123 Main St", city = "New York", state = "NY", zip };

    public static object Rates => new { from_zip = "10001", to_zip = "94105", weight_oz = 24 };

    public static object Label(string mailClass = "PRIORITY_MAIL") => new
    {
        from_address = Address(),
        to_address = new { name = "Sam Receiver", street1 = "500 Howard St", city = "San Francisco", state = "CA", zip = "94105" },
        weight_oz = 24,
        mail_class = mailClass,
        length_in = 10,
        width_in = 6,
        height_in = 4,
    };

    public static object Pickup(DateOnly date) => new
    {
        pickup_date = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        address = Address(),
        packages = new[] { new { type = "PRIORITY_MAIL", count = 2 } },
        location = "FRONT_DOOR",
        contact_email = "dock@example.test",
    };
}
