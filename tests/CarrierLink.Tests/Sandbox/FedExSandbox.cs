using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shouldly;

namespace CarrierLink.Tests.Sandbox;

/// <summary>Plays CarrierLink against the sandbox's FedEx over raw HTTP: accounts, tokens, registration, API calls.</summary>
public sealed partial class FedExSandbox(SandboxHost sandbox)
{
    public SandboxHost Host => sandbox;

    /// <summary>Creates a FedEx account with the given MFA setting; returns the control API's view (account_number, address, invoice ...).</summary>
    public async Task<JsonElement> CreateAccountAsync(string mfa = "pin")
    {
        var response = await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers", new { carrier = "fedex", mfa });
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> TokenAsync(Dictionary<string, string> form) => sandbox.Http.PostAsync("/oauth/token", new FormUrlEncodedContent(form));

    public async Task<string> ParentTokenAsync()
    {
        var response = await TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = SandboxHost.ClientId, ["client_secret"] = SandboxHost.ClientSecret });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public Task<HttpResponseMessage> ChildTokenResponseAsync(string key, string secret) => TokenAsync(new()
    {
        ["grant_type"] = "csp_credentials", ["client_id"] = SandboxHost.ClientId, ["client_secret"] = SandboxHost.ClientSecret,
        ["child_Key"] = key, ["child_secret"] = secret,
    });

    public async Task<string> ChildTokenAsync(string key, string secret)
    {
        var response = await ChildTokenResponseAsync(key, secret);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object body, string? accountAuthToken = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (accountAuthToken is not null) request.Headers.Add("accountAuthToken", accountAuthToken);
        return await sandbox.Http.SendAsync(request);
    }

    public static object Registration(JsonElement account, string? street = null) => new
    {
        accountNumber = new { value = account.GetProperty("account_number").GetString() },
        customerName = "Acme Widgets",
        address = new
        {
            streetLines = new[] { street ?? "20 Fed Ex Pkwy" },
            city = "Collierville",
            stateOrProvinceCode = "TN",
            postalCode = "38017",
            countryCode = "US",
            residential = false,
        },
    };

    /// <summary>Address validation for the account; returns the answer's output.</summary>
    public async Task<JsonElement> RegisterAsync(string parentToken, JsonElement account)
    {
        var response = await SendAsync(HttpMethod.Post, "/registration/v2/address/keysgeneration", parentToken, Registration(account));
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("output");
    }

    /// <summary>The newest PIN in the account's inbox (GET /_control/mailbox/fedex/{account}).</summary>
    public async Task<string> LatestPinAsync(string accountNumber)
    {
        var mail = await (await sandbox.ControlAsync(HttpMethod.Get, $"/_control/mailbox/fedex/{accountNumber}")).Content.ReadFromJsonAsync<JsonElement>();
        return Pin().Match(mail.GetProperty("data")[0].GetProperty("body").GetString()!).Value;
    }

    /// <summary>A whole PIN registration; returns the child key and secret.</summary>
    public async Task<(string Key, string Secret)> RegisterWithPinAsync(JsonElement account)
    {
        var parent = await ParentTokenAsync();
        var session = (await RegisterAsync(parent, account)).GetProperty("mfaOptions")[0].GetProperty("accountAuthToken").GetString()!;
        (await SendAsync(HttpMethod.Post, "/registration/v2/customerkeys/pingeneration", parent, new { option = "SMS" }, session)).EnsureSuccessStatusCode();
        var pin = await LatestPinAsync(account.GetProperty("account_number").GetString()!);
        var keys = await SendAsync(HttpMethod.Post, "/registration/v2/pin/keysgeneration", parent, new { secureCodePin = pin }, session);
        keys.EnsureSuccessStatusCode();
        var output = (await keys.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("output");
        return (output.GetProperty("child_Key").GetString()!, output.GetProperty("child_secret").GetString()!);
    }

    public static object Rates(string accountNumber) => new
    {
        accountNumber = new { value = accountNumber },
        requestedShipment = new
        {
            shipper = new { address = new { postalCode = "38017", countryCode = "US" } },
            recipient = new { address = new { postalCode = "94105", countryCode = "US" } },
            pickupType = "DROPOFF_AT_FEDEX_LOCATION",
            requestedPackageLineItems = new[] { new { weight = new { units = "LB", value = 2 } } },
        },
    };

    public static async Task<string> ErrorCodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("code").GetString()!;

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex Pin();
}
