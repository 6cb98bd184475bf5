using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.OneBalance;

/// <summary>Flow B through the API: One Balance (Stamps.com) password connections and UPS One Balance.</summary>
public abstract class OneBalanceApiTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_One_Balance_account_is_verified_with_Stamps_before_anything_is_saved()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        using var api = merchant.Api();

        var wrong = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "stamps", nickname = "One Balance", username = customer.Username, password = "not-it" });
        var right = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "stamps", nickname = "One Balance", username = customer.Username, password = customer.Password });

        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("password", out _).ShouldBeTrue();
        right.StatusCode.ShouldBe(HttpStatusCode.Created, await right.Content.ReadAsStringAsync());
        var account = (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account");
        account.GetProperty("state").GetString().ShouldBe("connected");
        (await api.GetFromJsonAsync<JsonElement>("/api/v1/carrier-accounts")).GetProperty("data").GetArrayLength().ShouldBe(1);
        var credential = (await Stack.CredentialAsync(Guid.Parse(account.GetProperty("id").GetString()!)))!;
        credential.PasswordCipher!.ShouldNotContain(customer.Password);
        Stack.Decrypt(credential.PasswordCipher!).ShouldBe(customer.Password);
    }

    [Fact]
    public async Task The_five_operations_work_through_One_Balance()
    {
        var (api, accountId, _) = await ConnectedAsync();

        var rates = await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates);
        rates.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rateList = (await rates.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rates");
        rateList.GetArrayLength().ShouldBeGreaterThan(0);
        var serviceType = rateList[0].GetProperty("mail_class").GetString()!;

        var label = await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label(serviceType));
        label.StatusCode.ShouldBe(HttpStatusCode.Created, await label.Content.ReadAsStringAsync());
        var tracking = (await label.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tracking_number").GetString();
        (await api.PostAsync(Url(accountId, $"labels/{tracking}/void"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label(serviceType))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var endOfDay = await api.PostAsJsonAsync(Url(accountId, "end-of-day"), new { });
        endOfDay.StatusCode.ShouldBe(HttpStatusCode.OK, await endOfDay.Content.ReadAsStringAsync());

        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        if (day.DayOfWeek == DayOfWeek.Sunday) day = day.AddDays(1);
        var pickup = await api.PostAsJsonAsync(Url(accountId, "pickups"), ShippingBodies.Pickup(day));
        pickup.StatusCode.ShouldBe(HttpStatusCode.Created, await pickup.Content.ReadAsStringAsync());
        var confirmation = (await pickup.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmation_number").GetString();
        (await api.DeleteAsync(Url(accountId, $"pickups/{confirmation}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("PRIORITY_MAIL")]
    [InlineData("usps_ground_advantage")]
    public async Task A_label_can_be_bought_with_a_USPS_mail_class_or_a_SERA_service_name(string mailClass)
    {
        var (api, accountId, _) = await ConnectedAsync();

        var label = await api.PostAsJsonAsync(Url(accountId, "labels"), ShippingBodies.Label(mailClass));

        label.StatusCode.ShouldBe(HttpStatusCode.Created, await label.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("abc", "min_length")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123X", "max_length")]
    public async Task A_password_breaking_a_requirement_is_refused_naming_the_rule(string password, string rule)
    {
        var (api, accountId, customer) = await ConnectedAsync();
        await Stack.Control.DeleteAsync("/_control/counters");

        var response = await api.PutAsJsonAsync(Url(accountId, "password"), new { new_password = password });

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("type").GetString().ShouldBe("password-rejected");
        problem.GetProperty("failed_rules").EnumerateArray().Select(r => r.GetString()).ShouldBe([rule]);
        (await AuthenticatesAsync(customer.Username, customer.Password)).ShouldBeTrue("the working password must be untouched");
    }

    [Fact]
    public async Task A_password_used_before_is_refused_by_Stamps_and_the_working_one_kept()
    {
        var (api, accountId, customer) = await ConnectedAsync();

        var response = await api.PutAsJsonAsync(Url(accountId, "password"), new { new_password = customer.Password });

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("failed_rules").EnumerateArray().Select(r => r.GetString()).ShouldBe(["previously_used"]);
        var credential = (await Stack.CredentialAsync(accountId))!;
        credential.PendingPasswordCipher.ShouldBeNull();
        Stack.Decrypt(credential.PasswordCipher!).ShouldBe(customer.Password);
        (await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Changing_the_password_keeps_the_connection()
    {
        var (api, accountId, customer) = await ConnectedAsync();

        var response = await api.PutAsJsonAsync(Url(accountId, "password"), new { new_password = "Brand new Pass 2027" });

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        (await AuthenticatesAsync(customer.Username, "Brand new Pass 2027")).ShouldBeTrue();
        (await AuthenticatesAsync(customer.Username, customer.Password)).ShouldBeFalse();
        (await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        (await api.EventTypesAsync(accountId)).ShouldContain("password_changed");
    }

    [Fact]
    public async Task A_password_changed_behind_CarrierLinks_back_is_detected_on_the_next_operation_and_reconnect_restores_it()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        (await Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", new { password = "Changed Elsewhere 9" })).EnsureSuccessStatusCode();

        var broken = await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates);

        broken.StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}");
        account.GetProperty("state").GetString().ShouldBe("needs_reconnect");
        account.GetProperty("state_reason").GetString()!.ShouldContain("the password was changed at Stamps.com");

        var wrong = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/reconnect", new { password = "still wrong" });
        var missing = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/reconnect", new { });
        var right = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/reconnect", new { password = "Changed Elsewhere 9" });

        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        right.StatusCode.ShouldBe(HttpStatusCode.OK, await right.Content.ReadAsStringAsync());
        (await right.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString().ShouldBe(accountId.ToString());
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        (await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.EventTypesAsync(accountId)).ShouldContain("reconnected");
    }

    [Fact]
    public async Task A_crash_between_Stamps_saying_yes_and_the_store_loses_no_password()
    {
        var (api, accountId, customer) = await ConnectedAsync();
        const string newPassword = "Survives A Crash 42";
        // As if CarrierLink stored the pending password, Stamps.com changed it, and the process died before promoting it.
        await Stack.WithDbAsync(async db =>
        {
            var credential = await db.CarrierCredentials.FirstAsync(c => c.AccountId == accountId);
            credential.PendingPasswordCipher = Stack.Services.GetRequiredService<CarrierLink.Web.Security.SecretProtector>().Protect(newPassword);
            return await db.SaveChangesAsync();
        });
        (await Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", new { password = newPassword })).EnsureSuccessStatusCode();

        var response = await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        var credential = (await Stack.CredentialAsync(accountId))!;
        credential.PendingPasswordCipher.ShouldBeNull();
        Stack.Decrypt(credential.PasswordCipher!).ShouldBe(newPassword);
    }

    [Fact]
    public async Task A_Stamps_lockout_is_reported_as_such_and_nothing_is_stored()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        for (var i = 0; i < 5; i++) await AuthenticatesAsync(customer.Username, "wrong password");
        using var api = merchant.Api();

        var response = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "stamps", nickname = "Locked", username = customer.Username, password = customer.Password });

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!.ShouldContain("locked");
        (await api.GetFromJsonAsync<JsonElement>("/api/v1/carrier-accounts")).GetProperty("data").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task UPS_One_Balance_breaks_to_support_required_and_only_support_can_reconnect_it()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        using var api = merchant.Api();
        var created = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "ups_one_balance", nickname = "UPS via One Balance", username = customer.Username, password = customer.Password });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var accountId = Guid.Parse((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetString()!);
        (await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", new { password = "Changed Elsewhere 9" })).EnsureSuccessStatusCode();

        var broken = await api.PostAsJsonAsync(Url(accountId, "rates"), ShippingBodies.Rates);
        var reconnect = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/reconnect", new { password = "Changed Elsewhere 9" });
        var request = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/support-requests", new { message = "Please reconnect UPS" });

        broken.StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        (await broken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString().ShouldBe("support-required");
        (await api.StateOfAsync(accountId)).ShouldBe("support_required");
        reconnect.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await reconnect.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString().ShouldBe("support-required");
        request.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await request.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("open");
        (await api.EventTypesAsync(accountId)).ShouldContain("support_requested");
    }

    private async Task<(HttpClient Api, Guid AccountId, SandboxCustomer Customer)> ConnectedAsync()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer);
        return (merchant.Api(), accountId, customer);
    }

    private async Task<bool> AuthenticatesAsync(string username, string password) =>
        (await Stack.Control.PostAsJsonAsync("/swsim/v1/authenticate", new { integration_id = "6f1c2d3e-4b5a-4c7d-9e8f-0a1b2c3d4e5f", username, password })).IsSuccessStatusCode;

    private static string Url(Guid accountId, string path) => $"/api/v1/carrier-accounts/{accountId}/{path}";
}

public sealed class OneBalanceApiOnSqliteTests(SqliteStack fixture) : OneBalanceApiTests(fixture), IClassFixture<SqliteStack>;

public sealed class OneBalanceApiOnPostgresTests(PostgresStack fixture) : OneBalanceApiTests(fixture), IClassFixture<PostgresStack>;
