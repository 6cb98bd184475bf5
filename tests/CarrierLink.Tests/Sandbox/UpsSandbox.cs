using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Shouldly;

namespace CarrierLink.Tests.Sandbox;

/// <summary>CarrierLink's and the browser's side of the sandbox's UPS: authorize on UPS.com, tokens, API calls.</summary>
public sealed class UpsSandbox(SandboxHost sandbox)
{
    public const string Username = "merchant.ups";
    public const string Password = "Ship-it-2026";
    public const string RedirectUri = "http://127.0.0.1:5080/connect/ups/callback";
    /// <summary>The seeded login's two UPS accounts.</summary>
    public static readonly string[] ShipperNumbers = ["A1B2C3", "7X9Y4Z"];

    public SandboxHost Host => sandbox;

    public static string AuthorizeUrl(string state = "ups-state", string? codeChallenge = null, string clientId = SandboxHost.ClientId, string redirectUri = RedirectUri)
    {
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = clientId, ["redirect_uri"] = redirectUri, ["response_type"] = "code", ["state"] = state, ["scope"] = "read",
        };
        if (codeChallenge is not null) query["code_challenge"] = codeChallenge;
        return QueryHelpers.AddQueryString("/security/v1/oauth/authorize", query);
    }

    /// <summary>Authorize → UPS.com log-in → consent page.</summary>
    public static async Task<Page> ConsentAsync(SandboxBrowser browser, string url, string username = Username, string password = Password)
    {
        var login = await browser.FollowAsync(await browser.GetAsync(url));
        return await browser.FollowAsync(await browser.SubmitAsync(login, new() { ["username"] = username, ["password"] = password }));
    }

    /// <summary>The whole UPS.com flow, Allow clicked; returns the query UPS sent back to the redirect_uri.</summary>
    public async Task<Dictionary<string, string>> AuthorizeAsync(string username = Username, string? codeChallenge = null, string state = "ups-state")
    {
        using var browser = sandbox.NewBrowser();
        var consent = await ConsentAsync(browser, AuthorizeUrl(state, codeChallenge), username);
        var back = await browser.SubmitAsync(consent, button: ("decision", "allow"));
        back.Location.ShouldNotBeNull(back.Text);
        back.Location.ShouldStartWith(RedirectUri + "?");
        return QueryHelpers.ParseQuery(new Uri(back.Location).Query).ToDictionary(q => q.Key, q => q.Value.ToString());
    }

    public static AuthenticationHeaderValue Basic(string id = SandboxHost.ClientId, string secret = SandboxHost.ClientSecret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));

    public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> form, AuthenticationHeaderValue? basic)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = basic;
        return sandbox.Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> ExchangeAsync(string code, string? verifier = null) =>
        verifier is null
            ? PostFormAsync("/security/v1/oauth/token", new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri }, Basic())
            : PostFormAsync("/security/v1/oauth/token", new()
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = RedirectUri, ["client_id"] = SandboxHost.ClientId, ["code_verifier"] = verifier,
            }, basic: null);

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        PostFormAsync("/security/v1/oauth/refresh", new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken }, Basic());

    /// <summary>Authorize and exchange: the token response.</summary>
    public async Task<JsonElement> ConnectAsync(string username = Username)
    {
        var response = await ExchangeAsync((await AuthorizeAsync(username))["code"]);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<string> AccessTokenAsync(string username = Username) => (await ConnectAsync(username)).GetProperty("access_token").GetString()!;

    /// <summary>A UPS API call as UPS's published operations take it (bodies as written, transaction headers).</summary>
    public Task<HttpResponseMessage> CallAsync(HttpMethod method, string path, string accessToken, object? body = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Add("transId", "test-trans-0001");
        request.Headers.Add("transactionSrc", "CarrierLink.Tests");
        if (body is not null) request.Content = JsonContent.Create(body, options: new JsonSerializerOptions());
        configure?.Invoke(request);
        return sandbox.Http.SendAsync(request);
    }

    /// <summary>A new UPS login through the control API; returns its name and its one shipper number.</summary>
    public async Task<(string Username, string ShipperNumber)> CreateCustomerAsync(string username)
    {
        var created = await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers", new { carrier = "ups", username, password = Password });
        created.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var view = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (username, view.GetProperty("shipper_numbers")[0].GetString()!);
    }

    public static async Task<(string Code, string Message)> ErrorAsync(HttpResponseMessage response)
    {
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("response").GetProperty("errors")[0];
        return (error.GetProperty("code").GetString()!, error.GetProperty("message").GetString()!);
    }

    public static object RateRequest(string shipperNumber, string? serviceCode = "03") => new
    {
        RateRequest = new
        {
            Request = new { RequestOption = serviceCode is null ? "Shop" : "Rate", TransactionReference = new { CustomerContext = "ctx-1" } },
            Shipment = new
            {
                Shipper = new { Name = "Acme", ShipperNumber = shipperNumber, Address = Address("02134") },
                ShipTo = new { Name = "Ada", Address = Address("90210") },
                ShipFrom = new { Name = "Acme", Address = Address("02134") },
                Service = serviceCode is null ? null : new { Code = serviceCode },
                Package = new[]
                {
                    new
                    {
                        PackagingType = new { Code = "02" },
                        Dimensions = new { UnitOfMeasurement = new { Code = "IN", Description = "Inches" }, Length = "10", Width = "8", Height = "4" },
                        PackageWeight = new { UnitOfMeasurement = new { Code = "LBS", Description = "Pounds" }, Weight = "2.5" },
                    },
                },
            },
        },
    };

    public static object ShipRequest(string shipperNumber, string billedAccount, string serviceCode = "03") => new
    {
        ShipmentRequest = new
        {
            Request = new { RequestOption = "nonvalidate" },
            Shipment = new
            {
                Shipper = new { Name = "Acme", ShipperNumber = shipperNumber, Address = Address("02134") },
                ShipTo = new { Name = "Ada Lovelace", Address = Address("90210") },
                PaymentInformation = new { ShipmentCharge = new[] { new { Type = "01", BillShipper = new { AccountNumber = billedAccount } } } },
                Service = new { Code = serviceCode },
                Package = new[]
                {
                    new
                    {
                        Packaging = new { Code = "02" },
                        PackageWeight = new { UnitOfMeasurement = new { Code = "LBS" }, Weight = "3" },
                        ReferenceNumber = new[] { new { Value = "order-42" } },
                    },
                },
            },
            LabelSpecification = new { LabelImageFormat = new { Code = "GIF" }, LabelStockSize = new { Height = "6", Width = "4" } },
        },
    };

    public static object PickupRequest(string accountNumber, DateOnly date) => new
    {
        PickupCreationRequest = new
        {
            Request = new { TransactionReference = new { CustomerContext = "pickup" } },
            RatePickupIndicator = "N",
            Shipper = new { Account = new { AccountNumber = accountNumber, AccountCountryCode = "US" } },
            PickupDateInfo = new { CloseTime = "1700", ReadyTime = "0900", PickupDate = date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) },
            PickupAddress = new
            {
                CompanyName = "Acme", ContactName = "Dock", AddressLine = new[] { "1 Factory Rd" }, City = "Boston", StateProvince = "MA",
                PostalCode = "02134", CountryCode = "US", ResidentialIndicator = "N", Phone = new { Number = "6175550100" },
            },
            AlternateAddressIndicator = "N",
            PickupPiece = new[] { new { ServiceCode = "003", Quantity = "2", DestinationCountryCode = "US", ContainerCode = "01" } },
            PaymentMethod = "01",
        },
    };

    private static object Address(string zip) => new { AddressLine = new[] { "1 Main St" }, City = "Town", StateProvinceCode = "MA", PostalCode = zip, CountryCode = "US" };
}
