using System.Net;
using AngleSharp.Html.Dom;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Connect;

/// <summary>
/// A configured consent URL is sent to the browser as configured: an already-escaped character (%20)
/// stays escaped in the redirect CarrierLink answers, never a raw space.
/// </summary>
public sealed class ConsentUrlConfigurationTests : IAsyncLifetime
{
    private const string ConsentUrl = "https://login.example.test/realms/my%20realm/authorize?campaign=spring%20sale";
    private TestStack _stack = null!;

    public async Task InitializeAsync() => _stack = await TestStack.StartAsync(StoreProvider.Sqlite, "--Carriers:Usps:ConsentUrl", ConsentUrl);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Add_account_redirects_to_the_consent_url_with_its_escapes_kept()
    {
        var merchant = await _stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        var add = await browser.GetAsync("/settings/carriers/usps/add");
        var form = add.Document.QuerySelector("form.card") as IHtmlFormElement ?? throw new InvalidOperationException(add.Text);
        var fields = form.QuerySelectorAll("input").OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && i.Name != "nickname")
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value))
            .Append(new("nickname", "Escapes"));

        // Not the Browser: it would follow the redirect; the raw Location header is what is checked.
        using var raw = new HttpClient(new HttpClientHandler { CookieContainer = browser.Cookies, AllowAutoRedirect = false }) { BaseAddress = _stack.WebUrl };
        using var response = await raw.PostAsync(add.Url, new FormUrlEncodedContent(fields));

        ((int)response.StatusCode).ShouldBeInRange(300, 399);
        var location = response.Headers.NonValidated["Location"].ToString();
        location.ShouldStartWith("https://login.example.test/realms/my%20realm/authorize?campaign=spring%20sale&");
        location.ShouldNotContain(" ");
    }
}
