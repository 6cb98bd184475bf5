using System.Net;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Store;

/// <summary>A stack on a PostgreSQL cluster of its own, whose server the test stops and starts again.</summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private PrivatePostgres? _postgres;
    private TestStack? _stack;

    public async Task InitializeAsync()
    {
        _postgres = await PrivatePostgres.StartAsync();
        _stack = await TestStack.StartOnPostgresAsync(_postgres.AdminConnectionString, "--Retention:Enabled=false");
    }

    [Fact]
    public async Task While_the_database_is_down_the_API_and_the_pages_answer_503_with_Retry_After_and_work_again_once_it_is_back()
    {
        var merchant = await _stack!.CreateMerchantAsync();
        using var api = merchant.Api();
        using var signedIn = await merchant.SignedInBrowserAsync();
        using var pages = new HttpClient(new HttpClientHandler { CookieContainer = signedIn.Cookies, AllowAutoRedirect = false }) { BaseAddress = _stack.WebUrl };
        (await api.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await pages.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await _postgres!.HaltAsync();
        using var apiDown = await api.GetAsync("/api/v1/carrier-accounts");
        using var pageDown = await pages.GetAsync("/");

        apiDown.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        apiDown.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(5));
        apiDown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = JsonDocument.Parse(await apiDown.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("type").GetString().ShouldBe("database-unavailable");
        problem.GetProperty("status").GetInt32().ShouldBe(503);
        problem.GetProperty("detail").GetString()!.ShouldContain("Try again");
        pageDown.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        pageDown.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(5));
        var page = await pageDown.Content.ReadAsStringAsync();
        page.ShouldContain("Try again in a moment");
        foreach (var body in new[] { problem.ToString(), page })
        {
            body.ShouldNotContain("Exception", Case.Insensitive);
            body.ShouldNotContain("Npgsql", Case.Insensitive);
        }

        await _postgres.ResumeAsync();

        (await EventuallyAsync(() => api.GetAsync("/api/v1/carrier-accounts"))).ShouldBe(HttpStatusCode.OK);
        (await EventuallyAsync(() => pages.GetAsync("/"))).ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>The first requests after a restart may meet a pooled connection the old server closed (another 503); then 200.</summary>
    private static async Task<HttpStatusCode> EventuallyAsync(Func<Task<HttpResponseMessage>> request)
    {
        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 20 && status == HttpStatusCode.ServiceUnavailable; attempt++)
        {
            if (attempt > 0) await Task.Delay(500);
            using var response = await request();
            status = response.StatusCode;
        }
        return status;
    }

    public async Task DisposeAsync()
    {
        // A test that failed mid-outage still lets the stack drop its database.
        try
        {
            if (_postgres is { IsHalted: true }) await _postgres.ResumeAsync();
            if (_stack is not null) await _stack.DisposeAsync();
        }
        finally
        {
            if (_postgres is not null) await _postgres.DisposeAsync();
        }
    }
}
