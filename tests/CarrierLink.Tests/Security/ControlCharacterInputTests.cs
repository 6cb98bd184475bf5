using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Security;
using Shouldly;

namespace CarrierLink.Tests.Security;

/// <summary>
/// Issue 13, finding 1: a NUL (or any control character but tab and line breaks) in a query, a form or a JSON
/// body is refused with a 400 naming the field, on both stores; PostgreSQL answered 500 and pages sent people to
/// the error page. What a carrier says is cleaned before it is stored.
/// </summary>
public abstract class ControlCharacterInputTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_NUL_in_the_query_of_the_API_is_refused_naming_the_parameter()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        using var response = await api.GetAsync("/api/v1/carrier-accounts?carrier=%00");
        await ShouldNameAsync(response, "carrier");
    }

    [Fact]
    public async Task A_NUL_in_a_JSON_field_is_refused_naming_the_field_before_anything_is_stored_or_sent()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync());
        using var api = merchant.Api();

        await ShouldNameAsync(await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/support-requests", new { message = "help\u0000me" }), "message");
        await ShouldNameAsync(await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/end-of-day", new { tracking_numbers = new[] { "9400\u0000" } }), "tracking_numbers[0]");
        var label = JsonSerializer.SerializeToNode(ShippingBodies.Label())!;
        label["mail_class"] = "PRIORITY\u0000MAIL";
        await ShouldNameAsync(await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/labels", label), "mail_class");
        var address = JsonSerializer.SerializeToNode(ShippingBodies.Label())!;
        address["to_address"]!["street1"] = "500 Howard\u0000St";
        await ShouldNameAsync(await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/labels", address), "to_address.street1");

        (await api.StateOfAsync(accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task A_NUL_in_a_pages_query_or_form_gets_the_friendly_400_page()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Stack.WebUrl };

        foreach (var path in new[] { "/ship?handler=LabelPdf&trackingNumber=a%00b", "/connect/usps/callback?error=x%00y&state=s" })
        {
            var page = await browser.GetAsync(path);
            page.Status.ShouldBe(HttpStatusCode.BadRequest, path);
            page.Url.AbsolutePath.ShouldNotBe("/error", path);
            page.Text.ShouldNotBeNullOrWhiteSpace(path);
        }
        using var login = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "a\u0000@b.test", ["password"] = "x" }));
        login.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await login.Content.ReadAsStringAsync()).ShouldContain("could not use what was sent");
    }

    [Fact]
    public async Task A_nickname_with_a_right_to_left_override_is_refused()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var customer = await Stack.CreateStampsCustomerAsync();
        using var response = await api.PostAsJsonAsync("/api/v1/carrier-accounts",
            new { carrier = "stamps", nickname = "Main \u202Eesuoherawt", username = customer.Username, password = customer.Password });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty("nickname", out _).ShouldBeTrue(body);
    }

    [Fact]
    public async Task An_address_line_with_a_line_break_or_a_state_that_is_not_two_letters_is_refused_naming_the_field()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync());
        using var api = merchant.Api();
        var label = JsonSerializer.SerializeToNode(ShippingBodies.Label())!;
        label["to_address"]!["street1"] = "500 Howard St\r\nApt 2";
        label["from_address"]!["state"] = "New York";
        using var response = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/labels", label);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        errors.TryGetProperty("to_address.street1", out _).ShouldBeTrue(body);
        errors.TryGetProperty("from_address.state", out _).ShouldBeTrue(body);
    }

    [Theory]
    [InlineData("USPS said: \u0000bad\u001b[31m value", "USPS said:  bad [31m value")]
    [InlineData("two\nlines\tand a tab", "two\nlines\tand a tab")]
    public void What_a_carrier_says_is_stored_without_control_characters(string said, string stored) =>
        ControlCharacters.Clean(said).ShouldBe(stored);

    private static async Task ShouldNameAsync(HttpResponseMessage response, string field)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
            var problem = JsonDocument.Parse(body).RootElement;
            problem.GetProperty("type").GetString().ShouldBe("validation");
            problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(body);
        }
    }
}

public sealed class ControlCharacterInputOnSqliteTests(SqliteStack fixture) : ControlCharacterInputTests(fixture), IClassFixture<SqliteStack>;

public sealed class ControlCharacterInputOnPostgresTests(PostgresStack fixture) : ControlCharacterInputTests(fixture), IClassFixture<PostgresStack>;
