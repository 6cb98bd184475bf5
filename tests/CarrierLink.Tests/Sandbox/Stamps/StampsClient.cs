using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shouldly;

namespace CarrierLink.Tests.Sandbox.Stamps;

/// <summary>CarrierLink's side of Stamps.com in tests: SWS authenticate/change-password and SERA calls, plus the control API for stamps.</summary>
public sealed partial class StampsClient(SandboxHost sandbox)
{
    public const string Username = "merchant.stamps";
    public const string Password = "Stamps-2026!";
    public const string IntegrationId = "4d9c2a1e-8f3b-4c6d-9e2a-7b1f0c3d5e8a";

    public Task<HttpResponseMessage> AuthenticateAsync(string username = Username, string password = Password) =>
        sandbox.Http.PostAsJsonAsync("/swsim/v1/authenticate", new { integration_id = IntegrationId, username, password });

    /// <summary>Authenticates and returns the authenticator (the call must succeed).</summary>
    public async Task<string> AuthenticatorAsync(string username = Username, string password = Password)
    {
        var response = await AuthenticateAsync(username, password);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authenticator").GetString()!;
    }

    public Task<HttpResponseMessage> ChangePasswordAsync(string currentPassword, string newPassword, string username = Username) =>
        sandbox.Http.PostAsJsonAsync("/swsim/v1/change-password", new { username, current_password = currentPassword, new_password = newPassword });

    public Task<HttpResponseMessage> SeraAsync(HttpMethod method, string path, string? authenticator, object? body = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (authenticator is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", authenticator);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (body is not null) request.Content = JsonContent.Create(body);
        return sandbox.Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> RatesAsync(string authenticator, object? body = null) =>
        SeraAsync(HttpMethod.Post, "/sera/v1/rates", authenticator, body ?? new { carrier = "usps", from_postal_code = "02134", to_postal_code = "90210", weight_oz = 20 });

    public Task<HttpResponseMessage> BuyLabelAsync(string authenticator, object? body = null, string? idempotencyKey = null) =>
        SeraAsync(HttpMethod.Post, "/sera/v1/labels", authenticator, body ?? LabelRequest(), idempotencyKey ?? Guid.NewGuid().ToString());

    public static object Address(string name = "Ada Lovelace", string postalCode = "90210") =>
        new { name, street1 = "12 Main St", city = "Beverly Hills", state = "CA", postal_code = postalCode };

    public static object LabelRequest(string carrier = "usps", string serviceType = "usps_priority_mail", decimal weightOz = 20, string? reference = null) => new
    {
        carrier,
        service_type = serviceType,
        from_address = new { name = "Acme Widgets", company = "Acme", street1 = "1 Factory Rd", city = "Boston", state = "MA", postal_code = "02134" },
        to_address = Address(),
        weight_oz = weightOz,
        reference,
    };

    public Task<HttpResponseMessage> ControlAsync(HttpMethod method, string path, object? body = null) => sandbox.ControlAsync(method, path, body);

    public async Task<JsonElement> MailboxAsync(string username = Username) =>
        (await sandbox.Http.GetFromJsonAsync<JsonElement>($"/_control/mailbox/stamps/{username}")).GetProperty("data");

    /// <summary>The temporary password in the newest email (what a person reads on the inbox page).</summary>
    public static string TemporaryPasswordIn(string body) => TemporaryPassword().Match(body) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("No temporary password in the email.");

    public static async Task<string> ErrorCodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString()!;

    [GeneratedRegex(@"Your temporary password is:\s+(\S{10})\s")]
    private static partial Regex TemporaryPassword();
}
