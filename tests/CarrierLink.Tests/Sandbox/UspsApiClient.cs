using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CarrierLink.Tests.Sandbox;

/// <summary>CarrierLink's side of the USPS APIs in tests: a connected account's token and ids, and calls made with them.</summary>
public sealed class UspsApiClient(SandboxHost sandbox, string accessToken, JsonElement account)
{
    private static readonly JsonSerializerOptions AsWritten = new();

    public string AccessToken { get; } = accessToken;

    public string Username => account.GetProperty("username").GetString()!;
    public string Crid => account.GetProperty("crid").GetString()!;
    public string Mid => account.GetProperty("mid").GetString()!;
    public string ManifestMid => account.GetProperty("manifest_mid").GetString()!;
    public string AccountNumber => account.GetProperty("account_number").GetString()!;

    /// <summary>Connects a customer through USPS.com and the token endpoint.</summary>
    public static async Task<UspsApiClient> ConnectAsync(SandboxHost sandbox, string username = SandboxHost.Username)
    {
        var tokens = await sandbox.ConnectAsync(username);
        var account = await sandbox.Http.GetFromJsonAsync<JsonElement>($"/_control/customers/usps/{username}");
        return new UspsApiClient(sandbox, tokens.GetProperty("access_token").GetString()!, account);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        // USPS names are case-sensitive and not camelCase ("CRID", "ZIPCode"): send them exactly as written.
        if (body is not null) request.Content = JsonContent.Create(body, options: AsWritten);
        configure?.Invoke(request);
        return sandbox.Http.SendAsync(request);
    }

    public object Role(string roleName, string? accountNumber = null) => new
    {
        roleName,
        CRID = Crid,
        MID = Mid,
        manifestMID = ManifestMid,
        accountType = "EPS",
        accountNumber = accountNumber ?? AccountNumber,
    };

    public async Task<string> PaymentTokenAsync()
    {
        var response = await SendAsync(HttpMethod.Post, "/payments/v3/payment-authorization", new { roles = new[] { Role("PAYER"), Role("LABEL_OWNER") } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paymentAuthorizationToken").GetString()!;
    }

    public static object LabelRequest(string mailClass = "PRIORITY_MAIL", decimal weight = 2.5m, string toZip = "90210", string? mailingDate = null, string? reference = null) => new
    {
        imageInfo = new { imageType = "PDF", labelType = "4X6LABEL" },
        toAddress = new { firstName = "Ada", lastName = "Lovelace", streetAddress = "12 Main St", city = "Beverly Hills", state = "CA", ZIPCode = toZip },
        fromAddress = new { firm = "Acme Widgets", streetAddress = "1 Factory Rd", city = "Boston", state = "MA", ZIPCode = "02134" },
        packageDescription = new
        {
            mailClass,
            rateIndicator = "SP",
            weightUOM = "lb",
            weight,
            dimensionsUOM = "in",
            length = 10,
            width = 6,
            height = 4,
            processingCategory = "MACHINABLE",
            mailingDate,
            destinationEntryFacilityType = "NONE",
            customerReference = reference is null ? null : new[] { new { referenceNumber = reference, printReferenceNumber = false } },
        },
    };

    /// <summary>Buys a label (JSON form of the response) and returns its tracking number.</summary>
    public async Task<string> BuyLabelAsync(string? paymentToken = null, string? mailingDate = null)
    {
        paymentToken ??= await PaymentTokenAsync();
        var response = await SendAsync(HttpMethod.Post, "/labels/v3/label", LabelRequest(mailingDate: mailingDate), r =>
        {
            r.Headers.Add("X-Payment-Authorization-Token", paymentToken);
            r.Headers.Accept.ParseAdd("application/vnd.usps.labels+json");
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("labelMetadata").GetProperty("trackingNumber").GetString()!;
    }

    /// <summary>Cancels a label the way the spec asks: with a payment authorization, to whose payer the refund goes.</summary>
    public async Task<HttpResponseMessage> CancelLabelAsync(string trackingNumber)
    {
        var payment = await PaymentTokenAsync();
        return await SendAsync(HttpMethod.Delete, $"/labels/v3/label/{trackingNumber}", configure: r => r.Headers.Add("X-Payment-Authorization-Token", payment));
    }

    public async Task<JsonElement> LabelsAtUspsAsync() =>
        (await sandbox.Http.GetFromJsonAsync<JsonElement>($"/_control/customers/usps/{Username}/labels")).GetProperty("data");
}

public static class UspsResponses
{
    /// <summary>The error items of a USPS 400 envelope as (code, title) pairs.</summary>
    public static async Task<List<(string Code, string Message)>> ErrorsAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("error").GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("code").GetString()!, e.GetProperty("title").GetString()!))
            .ToList();
    }
}
