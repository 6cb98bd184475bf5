using System.Net.Http.Json;
using CarrierLink.Tests.OneBalance;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Security;

/// <summary>
/// Issue 13, finding 4: with every log category at Trace, the pages that take a password (sign-in, One Balance
/// Add, Reconnect, Set password, Request help) write none of them anywhere in the log. Razor Pages logs a
/// handler's arguments at Trace, so a password bound as an argument was written out in full.
/// </summary>
public abstract class SecretsInLogsTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task No_password_posted_to_a_page_reaches_the_log_at_Trace()
    {
        using var logs = CapturedLogs.Start(Stack.Services);
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        const string wrongSignIn = "Wrong-Sign-In-Secret-41";
        const string wrongReconnect = "Wrong-Reconnect-Secret-42";
        const string changedAtStamps = "Changed At Stamps 43";
        const string setHere = "Set Here Secret 44";
        const string givenToSupport = "Given To Support 45";

        using (var stranger = new Browser(Stack.WebUrl))
            await stranger.SubmitAsync(await stranger.GetAsync("/login"), "form", new() { ["email"] = merchant.Email, ["password"] = wrongSignIn });
        using var browser = await merchant.SignedInBrowserAsync();

        var added = await browser.SubmitAsync(await browser.GetAsync("/settings/one-balance/add"), "form",
            new() { ["carrier"] = "stamps", ["nickname"] = "Logged Nothing", ["username"] = customer.Username, ["password"] = customer.Password }, "Connect");
        added.Url.PathAndQuery.ShouldBe("/settings/one-balance?done=added");
        using var api = merchant.Api();
        var accounts = await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/carrier-accounts");
        var accountId = accounts.GetProperty("data").EnumerateArray().Single().GetProperty("id").GetGuid();
        (await api.StateOfAsync(accountId)).ShouldBe("connected", "added through the page");

        var setPassword = await browser.GetAsync($"/settings/one-balance/{accountId}/passwords/set");
        await browser.SubmitAsync(setPassword, "form", new() { ["newPassword"] = setHere, ["confirmPassword"] = setHere }, "Set Password");

        (await Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", new { password = changedAtStamps })).EnsureSuccessStatusCode();
        var reconnect = await browser.GetAsync($"/settings/one-balance/{accountId}/reconnect");
        var wrong = await browser.SubmitAsync(reconnect, "form", new() { ["password"] = wrongReconnect }, "Reconnect");
        await browser.SubmitAsync(wrong, "form", new() { ["password"] = changedAtStamps }, "Reconnect");

        // Request help is offered for an account only Customer Service reconnects: UPS One Balance, its password changed at Stamps.com.
        var upsCustomer = await Stack.CreateStampsCustomerAsync();
        var upsAdded = await browser.SubmitAsync(await browser.GetAsync("/settings/one-balance/add"), "form",
            new() { ["carrier"] = "ups_one_balance", ["nickname"] = "UPS Logged Nothing", ["username"] = upsCustomer.Username, ["password"] = upsCustomer.Password }, "Connect");
        upsAdded.Url.PathAndQuery.ShouldBe("/settings/one-balance?done=added");
        var upsAccounts = await api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/carrier-accounts?carrier=ups_one_balance");
        var upsId = upsAccounts.GetProperty("data").EnumerateArray().Single().GetProperty("id").GetGuid();
        (await Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{upsCustomer.Username}/password", new { password = changedAtStamps })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{upsId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(System.Net.HttpStatusCode.FailedDependency);
        var help = await browser.GetAsync($"/settings/one-balance/{upsId}/support");
        var sent = await browser.SubmitAsync(help, "form", new() { ["message"] = "Please help.", ["newPassword"] = givenToSupport }, "Request help");
        sent.Document.QuerySelector(".request-open").ShouldNotBeNull("the request with the password was stored");

        logs.Lines.ShouldNotBeEmpty();
        logs.Lines.ShouldContain(line => line.Contains("Executing handler method", StringComparison.Ordinal), "the pages' own Trace lines were captured");
        foreach (var secret in new[] { merchant.Password, wrongSignIn, customer.Password, setHere, wrongReconnect, changedAtStamps, givenToSupport })
            logs.Lines.Where(line => line.Contains(secret, StringComparison.Ordinal)).ShouldBeEmpty($"a password ({secret[..4]}...) is in the log");
    }

    [Fact]
    public async Task No_new_password_reset_link_or_sign_in_code_reaches_the_log_at_Trace()
    {
        using var logs = CapturedLogs.Start(Stack.Services);
        var merchant = await Stack.CreateMerchantAsync();
        const string changedTo = "Changed Here Secret 46";
        const string resetTo = "Reset Here Secret 47";
        using (var browser = await merchant.SignedInBrowserAsync())
            await browser.SubmitAsync(await browser.GetAsync("/account/password"), "form[method=post]:not(.signout)",
                new() { ["current_password"] = merchant.Password, ["new_password"] = changedTo, ["confirm_password"] = changedTo }, "Change password");

        using var stranger = new Browser(Stack.WebUrl);
        await stranger.SubmitAsync(await stranger.GetAsync("/login/forgot"), "form", new() { ["email"] = merchant.Email });
        var mail = Stack.MailTo(merchant.Email).Single().TextBody ?? "";
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(mail, @"http://\S+/login/reset\S+").Value);
        var token = link.Fragment.TrimStart('#');
        token.Length.ShouldBeGreaterThan(40, "the token travels in the fragment, which browsers never send");
        var form = await stranger.GetAsync(link.PathAndQuery);
        var reset = await stranger.SubmitAsync(form, "form", new() { ["token"] = token, ["new_password"] = resetTo, ["confirm_password"] = resetTo });
        reset.Text.ShouldContain("Your password is changed");

        using var owner = new Browser(Stack.WebUrl);
        var home = await owner.SubmitAsync(await owner.GetAsync("/login"), "form", new() { ["email"] = merchant.Email, ["password"] = resetTo });
        var setup = await owner.SubmitAsync(await owner.GetAsync("/account/two-factor"), "form[action*='Begin']", new(), "Set up an authenticator app");
        const string guessedCode = "913579";
        await owner.SubmitAsync(setup, "form[action*='Confirm']", new() { ["code"] = guessedCode }, "Turn on");

        logs.Lines.ShouldContain(line => line.Contains("Executing handler method", StringComparison.Ordinal), "the pages' own Trace lines were captured");
        foreach (var secret in new[] { changedTo, resetTo, token, guessedCode })
            logs.Lines.Where(line => line.Contains(secret, StringComparison.Ordinal)).ShouldBeEmpty($"a secret ({secret[..4]}...) is in the log");
    }

    [Fact]
    public async Task No_token_password_client_secret_or_API_key_is_in_any_field_of_the_Production_JSON_log_at_Trace()
    {
        using var logs = JsonConsoleCapture.Start(Stack.Services);
        var secrets = new HashSet<string>(StringComparer.Ordinal) { TestStack.ClientSecret };
        async Task CollectAsync(Guid accountId)
        {
            var credential = (await Stack.CredentialAsync(accountId))!;
            foreach (var cipher in new[] { credential.AccessTokenCipher, credential.RefreshTokenCipher, credential.PasswordCipher, credential.PendingPasswordCipher })
                if (cipher is not null) secrets.Add(Stack.Decrypt(cipher));
        }

        // USPS: OAuth consent, a quote, a label, a refresh after the carrier ends the token early, a refused refresh.
        var usps = await CarrierLink.Tests.Telemetry.CarrierFlows.UspsLifeAsync(Stack, run => CollectAsync(run.AccountId));
        secrets.UnionWith([usps.Merchant.ApiKey, usps.Merchant.Password, usps.Customer.Password]);
        // FedEx: a registration whose child key and secret CarrierLink keeps, signed in with them.
        var fedex = await Stack.CreateFedExAccountAsync();
        var fedexId = await usps.Merchant.ConnectFedExAsync(fedex);
        var fedexCredential = (await Stack.CredentialAsync(fedexId))!;
        secrets.UnionWith([Stack.Decrypt(fedexCredential.UsernameCipher!), Stack.Decrypt(fedexCredential.PasswordCipher!)]);
        await CollectAsync(fedexId);
        // One Balance: a password sent through the API.
        var stamps = await Stack.CreateStampsCustomerAsync();
        await CollectAsync(await usps.Merchant.ConnectOneBalanceAsync(stamps));
        secrets.Add(stamps.Password);

        secrets.Count.ShouldBeGreaterThanOrEqualTo(12, "tokens before and after the refresh, FedEx's child key and secret, passwords, the API key and the client secret");
        logs.Lines.Count.ShouldBeGreaterThan(100);
        var fields = logs.Fields().ToList();
        fields.ShouldContain(f => f.Text == "Trace", "Trace records were written");
        fields.ShouldContain(f => f.Text.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal), "the carrier calls' own log lines were captured");
        fields.ShouldContain(f => f.Text == "RequestPath", "the request scope is on each line");
        foreach (var secret in secrets)
            fields.Where(f => f.Text.Contains(secret, StringComparison.Ordinal)).Select(f => f.Line).ShouldBeEmpty($"a secret ({secret[..4]}...) is in a log field");
    }
}

/// <summary>A stack that logs every category at Trace.</summary>
public sealed class TraceSqliteStack() : StackFixture(StoreProvider.Sqlite, TraceLogging.Args);

public sealed class TracePostgresStack() : StackFixture(StoreProvider.Postgres, TraceLogging.Args);

public static class TraceLogging
{
    public static readonly string[] Args =
        ["--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace", "--Logging:LogLevel:System=Trace"];
}

public sealed class SecretsInLogsOnSqliteTests(TraceSqliteStack fixture) : SecretsInLogsTests(fixture), IClassFixture<TraceSqliteStack>;

public sealed class SecretsInLogsOnPostgresTests(TracePostgresStack fixture) : SecretsInLogsTests(fixture), IClassFixture<TracePostgresStack>;
