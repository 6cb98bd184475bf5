using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using CarrierLink.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using Xunit.Abstractions;

namespace CarrierLink.Tests.Security;

/// <summary>
/// Issue 13, finding 8: every rejected request is answered properly. The probe signs in as a merchant with a connected USPS
/// account, a broken one and a One Balance account, finds every form on the merchant's pages and the sign-in page, and
/// sends each one spoiled the ways an attacker or a broken client would (a NUL in each field, 2,000 extra fields, a 5 MB
/// value, a text or JSON body, a tampered choice, a missing or stale anti-forgery token). No answer may be a 5xx or empty;
/// a 4xx page is the friendly page (a heading and a message); a tampered choice is refused, never taken for another one;
/// nothing changes. The API gets the same with a 5 MB JSON body, a wrong content type and odd Authorization headers:
/// problem+json with a detail every time. A NUL in a path or a header never reaches the app (see the pinned test).
/// </summary>
public abstract class RejectedInputProbeTests(StackFixture fixture, ITestOutputHelper output)
{
    private const string Token = "__RequestVerificationToken";
    private static readonly string FiveMegabytes = new('a', 5_000_000);

    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task Every_spoiled_form_post_gets_a_friendly_page_and_changes_nothing()
    {
        var world = await ArrangeAsync();
        using var browser = await world.Merchant.SignedInBrowserAsync();
        // Another sign-in of the same merchant: its anti-forgery token is not this browser's (a page left open before signing in again).
        using var earlier = await world.Merchant.SignedInBrowserAsync();
        var staleToken = TokenOf(await earlier.GetAsync("/settings"));
        var forms = await FormsAsync(browser, world.Seeds);
        // The Buy form shows only with a price: ask for one the way a person does.
        var ship = await browser.GetAsync($"/ship?account={world.UspsId}");
        var priced = await browser.SubmitAsync(ship, "form", new(), "Create label");
        forms.AddRange(FormsOn(priced).Where(f => f.Action.Query.Contains("handler=Buy", StringComparison.Ordinal)));
        forms.Select(f => f.Key).Distinct().Count().ShouldBeGreaterThan(20, string.Join("\n", forms.Select(f => f.Key)));

        var failures = new List<string>();
        var answers = new List<string>();
        var probe = new Probe(browser.Cookies, Stack.WebUrl);
        foreach (var form in forms.DistinctBy(f => f.Key))
        {
            var before = await FingerprintAsync(world.Merchant.Id);
            await SendSpoiledAsync(probe, form, staleToken, failures, answers);
            var after = await FingerprintAsync(world.Merchant.Id);
            if (after != before) failures.Add($"{form.Key}: the spoiled posts changed what is stored\n  before: {before}\n  after:  {after}");
        }
        using var visitor = new Browser(Stack.WebUrl);
        using var otherVisitor = new Browser(Stack.WebUrl);
        foreach (var signInPage in new[] { "/login", "/login/forgot", "/login/reset" })
        {
            var signInForm = FormsOn(await visitor.GetAsync(signInPage)).Single();
            await SendSpoiledAsync(new Probe(visitor.Cookies, Stack.WebUrl), signInForm, TokenOf(await otherVisitor.GetAsync(signInPage)), failures, answers);
        }

        output.WriteLine($"{answers.Count} spoiled requests to {forms.DistinctBy(f => f.Key).Count()} merchant forms and the sign-in, forgot and reset forms:");
        foreach (var answer in answers.GroupBy(a => a).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"  {answer.Key}: {answer.Count()}");
        failures.ShouldBeEmpty($"{failures.Count} of {answers.Count} spoiled form posts were not answered properly:\n" + string.Join("\n", failures));
    }

    private static async Task SendSpoiledAsync(Probe probe, FoundForm form, string staleToken, List<string> failures, List<string> answers)
    {
        foreach (var (name, request) in Spoiled(form, staleToken))
        {
            var tampered = name.StartsWith("tampered", StringComparison.Ordinal);
            if (await probe.CheckPageAsync(request) is { } failure) failures.Add($"{form.Key} [{name}]: {failure}");
            else if (tampered && probe.LastStatusCode < 400)
                failures.Add($"{form.Key} [{name}]: {probe.LastStatus}, the tampered choice was taken for a real one");
            answers.Add($"{(name.StartsWith("NUL", StringComparison.Ordinal) ? "NUL" : tampered ? "tampered" : name)} -> {probe.LastStatus}");
        }
    }

    [Fact]
    public async Task Every_spoiled_API_request_gets_problem_json_and_changes_nothing()
    {
        var world = await ArrangeAsync();
        using var api = world.Merchant.Api();
        var usps = world.UspsId;
        var bigNickname = JsonSerializer.Serialize(new { carrier = "stamps", nickname = FiveMegabytes, username = "u", password = "p" });
        var bigMessage = JsonSerializer.Serialize(new { message = FiveMegabytes });
        var bigLabel = JsonSerializer.SerializeToNode(ShippingBodies.Label())!;
        bigLabel["to_address"]!["name"] = FiveMegabytes;
        var label = JsonSerializer.Serialize(ShippingBodies.Label());
        var requests = new List<(string Name, Func<HttpRequestMessage> Make)>
        {
            ("%2500 (an escaped %00) as an account id", () => new(HttpMethod.Get, "/api/v1/carrier-accounts/%2500")),
            ("%00 in the query", () => new(HttpMethod.Get, "/api/v1/carrier-accounts?cursor=%00")),
            ("%00 in the Authorization header", () => Authorized(new(HttpMethod.Get, "/api/v1/carrier-accounts"), "Bearer %00")),
            ("%00 as the Authorization scheme", () => Authorized(new(HttpMethod.Get, "/api/v1/carrier-accounts"), "%00")),
            ("a control character in the Authorization header",
                () => Authorized(new(HttpMethod.Get, "/api/v1/carrier-accounts"), "Bearer \u0001" + world.Merchant.ApiKey)),
            ("a 5 MB nickname", () => Json(HttpMethod.Post, "/api/v1/carrier-accounts", bigNickname)),
            ("a 5 MB nickname change",
                () => Json(HttpMethod.Patch, $"/api/v1/carrier-accounts/{usps}", JsonSerializer.Serialize(new { nickname = FiveMegabytes }))),
            ("a 5 MB support message",
                () => Json(HttpMethod.Post, $"/api/v1/carrier-accounts/{world.OneBalanceId}/support-requests", bigMessage)),
            ("a 5 MB recipient name", () => Json(HttpMethod.Post, $"/api/v1/carrier-accounts/{usps}/labels", bigLabel.ToJsonString())),
            ("a 5 MB body that is not JSON",
                () => Body(HttpMethod.Post, $"/api/v1/carrier-accounts/{usps}/rates", FiveMegabytes, "application/json")),
            ("a text/plain body", () => Body(HttpMethod.Post, $"/api/v1/carrier-accounts/{usps}/labels", label, "text/plain")),
            ("a form body",
                () => Body(HttpMethod.Post, "/api/v1/carrier-accounts", "carrier=usps&nickname=Form", "application/x-www-form-urlencoded")),
            ("an XML body", () => Body(HttpMethod.Post, $"/api/v1/carrier-accounts/{usps}/rates", "<rates/>", "application/xml")),
            ("a body without a content type", () => Body(HttpMethod.Post, $"/api/v1/carrier-accounts/{usps}/end-of-day", "{}", null)),
            ("a body over the server's 30 MB limit",
                () => ExpectingContinue(Json(HttpMethod.Post, $"/api/v1/carrier-accounts/{usps}/rates", new string(' ', 31_000_000) + "{}"))),
            ("a multipart body", () => new(HttpMethod.Post, $"/api/v1/carrier-accounts/{usps}/reconnect")
            {
                Content = new MultipartFormDataContent { { new StringContent("secret"), "password" } },
            }),
        };

        var before = await FingerprintAsync(world.Merchant.Id);
        var failures = new List<string>();
        foreach (var (name, make) in requests)
        {
            using var request = make();
            if (!request.Headers.Contains("Authorization")) request.Headers.Authorization = api.DefaultRequestHeaders.Authorization;
            if (await CheckProblemAsync(request) is { } failure) failures.Add($"{name}: {failure}");
        }
        (await FingerprintAsync(world.Merchant.Id)).ShouldBe(before);
        failures.ShouldBeEmpty($"{failures.Count} of {requests.Count} spoiled API requests were not answered properly:\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// Pinned, not chosen: Kestrel itself refuses a NUL in the decoded path (<c>%00</c>) or a NUL byte in a header value while it
    /// parses the request, and answers an empty 400 with <c>Connection: close</c> before any of CarrierLink's code runs. .NET 10
    /// offers no hook to write that answer (HttpProtocol.SetBadRequestState resets the response and ProduceEnd writes the
    /// headers alone); the only trace the app gets is the Microsoft.AspNetCore.Server.Kestrel.BadRequest diagnostic event,
    /// which cannot change the response. What matters holds: the request is refused, nothing runs, nothing is stored, no 5xx.
    /// If a later Kestrel lets the app answer, this test fails and the probe above should take these requests in.
    /// </summary>
    [Fact]
    public async Task Kestrel_refuses_a_NUL_in_the_path_or_a_header_with_an_empty_400_before_the_app_runs()
    {
        var world = await ArrangeAsync();
        var before = await FingerprintAsync(world.Merchant.Id);
        var refused = new List<(string Name, HttpRequestMessage Request)>
        {
            ("%00 as an API account id", new(HttpMethod.Get, "/api/v1/carrier-accounts/%00")),
            ("%00 inside an API account id", new(HttpMethod.Get, $"/api/v1/carrier-accounts/{world.UspsId.ToString()[..8]}%00/events")),
            ("%00 as a tracking number", new(HttpMethod.Post, $"/api/v1/carrier-accounts/{world.UspsId}/labels/%00/void")),
            ("%00 as a pickup number", new(HttpMethod.Delete, $"/api/v1/carrier-accounts/{world.UspsId}/pickups/a%00b")),
            ("%00 in a page's path", new(HttpMethod.Get, $"/settings/carriers/usps/accounts/{world.UspsId}%00/edit")),
            ("%00 as a page", new(HttpMethod.Get, "/%00")),
            ("a NUL byte in the Authorization header",
                Authorized(new(HttpMethod.Get, "/api/v1/carrier-accounts"), "Bearer " + world.Merchant.ApiKey + "\0")),
            ("a NUL byte in the Authorization header of a label purchase",
                Authorized(Json(HttpMethod.Post, $"/api/v1/carrier-accounts/{world.UspsId}/labels", JsonSerializer.Serialize(ShippingBodies.Label())),
                    "Bearer \0" + world.Merchant.ApiKey)),
        };
        using var http = new HttpClient { BaseAddress = Stack.WebUrl };
        foreach (var (name, request) in refused)
        {
            using (request)
            {
                if (!request.Headers.Contains("Authorization"))
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", world.Merchant.ApiKey);
                using var response = await http.SendAsync(request);
                response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, name);
                (await response.Content.ReadAsStringAsync()).ShouldBeEmpty(name);
                response.Headers.ConnectionClose.ShouldBe(true, name);
                // No header the app's pipeline adds: the answer is Kestrel's own.
                response.Headers.Contains("X-Content-Type-Options").ShouldBeFalse(name);
            }
        }
        (await FingerprintAsync(world.Merchant.Id)).ShouldBe(before);
        (await Stack.WithDbAsync(db => db.Labels.CountAsync(l => l.AccountId == world.UspsId))).ShouldBe(1);
    }

    [Fact]
    public async Task A_form_post_over_the_servers_body_limit_gets_the_friendly_page()
    {
        var world = await ArrangeAsync();
        using var browser = await world.Merchant.SignedInBrowserAsync();
        var form = FormsOn(await browser.GetAsync("/settings/ship-from")).Single(f => f.Action.Query.Contains("handler=Add", StringComparison.Ordinal));
        var tooLarge = ExpectingContinue(Send(form, With(form.Fields, "address.Name", _ => new string('a', 31_000_000))));
        var before = await FingerprintAsync(world.Merchant.Id);

        var failure = await new Probe(browser.Cookies, Stack.WebUrl).CheckPageAsync(tooLarge);

        failure.ShouldBeNull();
        (await FingerprintAsync(world.Merchant.Id)).ShouldBe(before);
    }

    /// <summary>A merchant with all a page can show a form for: accounts of both kinds, a broken one, an address, a label, a pickup.</summary>
    private async Task<World> ArrangeAsync()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var usps = await merchant.ConnectUspsAsync(await Stack.CreateUspsCustomerAsync(), "Warehouse");
        var oneBalance = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync());
        var brokenCustomer = await Stack.CreateUspsCustomerAsync();
        var broken = await merchant.ConnectUspsAsync(brokenCustomer, "Back office");
        await merchant.SaveShipFromAsync();
        using var api = merchant.Api();
        await Stack.RevokeGrantAndExpireAccessTokenAsync(brokenCustomer);
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{broken}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        using var labelRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/carrier-accounts/{usps}/labels")
        {
            Content = JsonContent.Create(ShippingBodies.Label()),
        };
        labelRequest.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var bought = await api.SendAsync(labelRequest);
        bought.StatusCode.ShouldBe(HttpStatusCode.Created, await bought.Content.ReadAsStringAsync());
        var tracking = (await bought.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tracking_number").GetString()!;
        var day = DateOnly.FromDateTime(Stack.Clock.GetUtcNow().UtcDateTime).AddDays(1);
        var pickupDay = day.DayOfWeek == DayOfWeek.Sunday ? day.AddDays(1) : day;
        using var pickup = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{usps}/pickups", ShippingBodies.Pickup(pickupDay));
        pickup.StatusCode.ShouldBe(HttpStatusCode.Created, await pickup.Content.ReadAsStringAsync());
        var shipFrom = await Stack.WithDbAsync(db => db.ShipFromAddresses.Where(a => a.MerchantId == merchant.Id).Select(a => a.Id).SingleAsync());

        string[] seeds =
        [
            "/", "/settings", "/settings/carriers", "/settings/carriers/usps", "/settings/carriers/usps/add",
            $"/settings/carriers/usps/accounts/{usps}", $"/settings/carriers/usps/accounts/{usps}/edit",
            $"/settings/carriers/usps/accounts/{usps}/reconnect", $"/settings/carriers/usps/accounts/{usps}/remove",
            $"/settings/carriers/usps/accounts/{usps}/connected", $"/settings/carriers/usps/accounts/{broken}",
            "/settings/one-balance", "/settings/one-balance/add", $"/settings/one-balance/{oneBalance}/reconnect",
            $"/settings/one-balance/{oneBalance}/passwords", $"/settings/one-balance/{oneBalance}/passwords/set",
            $"/settings/one-balance/{oneBalance}/support", $"/settings/carriers/stamps/accounts/{oneBalance}/edit",
            "/settings/ship-from", $"/settings/ship-from/{shipFrom}", $"/settings/ship-from/{shipFrom}/remove",
            "/ship", $"/ship?account={usps}", $"/ship?account={oneBalance}", $"/ship/void?account={usps}&trackingNumber={tracking}",
            "/settings/api-keys", "/account", "/account/password", "/account/sessions", "/account/two-factor",
        ];
        return new World(merchant, usps, oneBalance, seeds);
    }

    private sealed record World(TestMerchant Merchant, Guid UspsId, Guid OneBalanceId, string[] Seeds);

    /// <summary>A form as a browser would send it: where, how, and its fields with their values (the first named button's too).</summary>
    private sealed record FoundForm(
        Uri Page, Uri Action, string Method, List<KeyValuePair<string, string>> Fields, HashSet<string> Choices, string? FirstVisible)
    {
        public string Key => $"{Method} {Action.PathAndQuery} ({string.Join(",", FieldNames)})";

        private IEnumerable<string> FieldNames => Fields.Select(f => f.Key).Distinct().Order(StringComparer.Ordinal);
    }

    /// <summary>Every form on the seed pages and the pages they link to on CarrierLink (not the sign-out form, not PDFs).</summary>
    private static async Task<List<FoundForm>> FormsAsync(Browser browser, IEnumerable<string> seeds)
    {
        var queue = new Queue<string>(seeds);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var forms = new List<FoundForm>();
        while (queue.Count > 0 && seen.Count < 80)
        {
            var path = queue.Dequeue();
            if (!seen.Add(path)) continue;
            var page = await browser.GetAsync(path);
            // A page on another site (the USPS sign-in a reconnect link leads to) is not CarrierLink's.
            if (page.Status != HttpStatusCode.OK || !page.Hops.All(h => h.Authority == page.Hops[0].Authority)) continue;
            forms.AddRange(FormsOn(page));
            foreach (var link in page.Document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                var target = new Uri(page.Url, link);
                var elsewhere = target.Authority != page.Url.Authority || target.AbsolutePath.StartsWith("/assets", StringComparison.Ordinal);
                if (elsewhere || target.AbsolutePath == "/logout" || target.Query.Contains("Pdf", StringComparison.Ordinal)) continue;
                queue.Enqueue(target.PathAndQuery);
            }
        }
        return forms;
    }

    private static IEnumerable<FoundForm> FormsOn(BrowserPage page)
    {
        foreach (var form in page.Document.QuerySelectorAll("form").OfType<IHtmlFormElement>())
        {
            var action = form.GetAttribute("action") is { Length: > 0 } a ? new Uri(page.Url, a) : page.Url;
            if (action.Authority != page.Url.Authority || action.AbsolutePath == "/logout") continue;
            var fields = new List<KeyValuePair<string, string>>();
            var choices = new HashSet<string>(StringComparer.Ordinal);
            string? firstVisible = null;
            foreach (var input in form.QuerySelectorAll("input").OfType<IHtmlInputElement>())
            {
                if (string.IsNullOrEmpty(input.Name) || input.Type is "submit" or "button") continue;
                if (input.Type is "radio") choices.Add(input.Name);
                if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
                if (input.Type != "hidden") firstVisible ??= input.Name;
                fields.Add(new(input.Name, input.Value));
            }
            foreach (var select in form.QuerySelectorAll("select").OfType<IHtmlSelectElement>())
            {
                if (string.IsNullOrEmpty(select.Name) || select.Options.Length == 0) continue;
                choices.Add(select.Name);
                fields.Add(new(select.Name, (select.Options.FirstOrDefault(o => o.IsSelected) ?? select.Options[0])!.Value));
            }
            foreach (var area in form.QuerySelectorAll("textarea").OfType<IHtmlTextAreaElement>())
            {
                if (string.IsNullOrEmpty(area.Name)) continue;
                firstVisible ??= area.Name;
                fields.Add(new(area.Name, area.Value));
            }
            if (form.QuerySelector("button[name], input[type=submit][name]") is { } button)
                fields.Add(new(button.GetAttribute("name")!, button.GetAttribute("value") ?? ""));
            yield return new FoundForm(page.Url, action, (form.GetAttribute("method") ?? "get").ToUpperInvariant(), fields, choices, firstVisible);
        }
    }

    /// <summary>The form sent spoiled, one way at a time.</summary>
    private static IEnumerable<(string Name, HttpRequestMessage Request)> Spoiled(FoundForm form, string staleToken)
    {
        var fields = form.Fields;
        foreach (var field in fields.Select(f => f.Key).Distinct())
            yield return ($"NUL in {field}", Send(form, With(fields, field, v => v + "\0")));
        foreach (var choice in form.Choices)
            yield return ($"tampered {choice}", Send(form, With(fields, choice, _ => "tampered-choice")));
        if (form.Method == "GET") yield break;

        yield return ("2,000 extra fields", Send(form, [.. fields, .. Enumerable.Range(0, 2000).Select(i => KeyValuePair.Create($"extra{i}", "1"))]));
        var big = form.FirstVisible is { } visible ? With(fields, visible, _ => FiveMegabytes) : [.. fields, new("extra", FiveMegabytes)];
        yield return ("a 5 MB value", Send(form, big));
        yield return ("a text/plain body", Post(form, new StringContent(Encoded(fields), Encoding.UTF8, "text/plain")));
        var json = JsonSerializer.Serialize(fields.DistinctBy(f => f.Key).ToDictionary());
        yield return ("a JSON body", Post(form, new StringContent(json, Encoding.UTF8, "application/json")));
        if (fields.Any(f => f.Key == Token))
        {
            yield return ("no anti-forgery token", Send(form, [.. fields.Where(f => f.Key != Token)]));
            yield return ("a stale anti-forgery token", Send(form, With(fields, Token, _ => staleToken)));
        }
    }

    private static List<KeyValuePair<string, string>> With(List<KeyValuePair<string, string>> fields, string name, Func<string, string> change)
    {
        var changed = fields.Select(f => f.Key == name ? new KeyValuePair<string, string>(f.Key, change(f.Value)) : f).ToList();
        if (!fields.Any(f => f.Key == name)) changed.Add(new(name, change("")));
        return changed;
    }

    private static HttpRequestMessage Send(FoundForm form, List<KeyValuePair<string, string>> fields)
    {
        if (form.Method != "GET") return Post(form, new FormUrlEncodedContent(fields));
        return new HttpRequestMessage(HttpMethod.Get, new UriBuilder(form.Action) { Query = Encoded(fields) }.Uri);
    }

    private static string Encoded(List<KeyValuePair<string, string>> fields) =>
        string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));

    private static HttpRequestMessage Post(FoundForm form, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = content };
        request.Headers.Referrer = form.Page;
        return request;
    }

    private static string TokenOf(BrowserPage page) =>
        page.Document.QuerySelector($"input[name={Token}]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No anti-forgery token on {page.Url}.");

    /// <summary>Sends requests with a browser's cookies, follows redirects, and says what is wrong with the answer (null: nothing).</summary>
    private sealed class Probe(CookieContainer cookies, Uri baseAddress)
    {
        private readonly HttpClient _http =
            new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        private readonly HtmlParser _parser = new();

        public string LastStatus { get; private set; } = "";
        public int LastStatusCode { get; private set; }

        public async Task<string?> CheckPageAsync(HttpRequestMessage request)
        {
            using (request)
            {
                var hops = new List<string>();
                var response = await _http.SendAsync(request);
                for (var i = 0; i < 5 && (int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location; i++)
                {
                    hops.Add(location.ToString());
                    if (location.IsAbsoluteUri && location.Authority != baseAddress.Authority) break;
                    response.Dispose();
                    response = await _http.GetAsync(location);
                }
                using (response)
                {
                    var status = LastStatusCode = (int)response.StatusCode;
                    LastStatus = $"{status}{(hops.Count > 0 ? " after " + string.Join(" -> ", hops.Select(h => h.Split('?')[0])) : "")}";
                    var body = await response.Content.ReadAsStringAsync();
                    var via = hops.Count > 0 ? $" (via {string.Join(" -> ", hops)})" : "";
                    if (status >= 500) return $"{status}{via}";
                    if (hops.Any(h => h.StartsWith("/error", StringComparison.Ordinal))) return $"sent to the error page{via}";
                    if (hops.Any(h => h.StartsWith("/login", StringComparison.Ordinal))) return $"signed out{via}";
                    if ((int)response.StatusCode is >= 300 and < 400) return null;
                    if (string.IsNullOrWhiteSpace(body)) return $"{status} with an empty body{via}";
                    if (status < 400) return null;
                    var type = response.Content.Headers.ContentType?.MediaType;
                    if (type != "text/html") return $"{status} as {type ?? "no content type"}{via}";
                    var page = await _parser.ParseDocumentAsync(body);
                    var heading = page.QuerySelector("h1")?.TextContent.Trim();
                    var message = page.QuerySelectorAll("p, [role=alert]").Select(p => p.TextContent.Trim()).FirstOrDefault(t => t.Length > 0);
                    return string.IsNullOrEmpty(heading) || message is null
                        ? $"{status} page without a heading and a message{via}: {body[..Math.Min(200, body.Length)]}" : null;
                }
            }
        }
    }

    private async Task<string?> CheckProblemAsync(HttpRequestMessage request)
    {
        using var http = new HttpClient { BaseAddress = Stack.WebUrl };
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        output.WriteLine($"{request.Method} {request.RequestUri}: {status} {body[..Math.Min(300, body.Length)]}");
        if (status >= 500) return $"{status}: {body[..Math.Min(200, body.Length)]}";
        if (status < 400) return $"{status}: accepted";
        if (string.IsNullOrWhiteSpace(body)) return $"{status} with an empty body";
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type != "application/problem+json") return $"{status} as {type ?? "no content type"}";
        var problem = JsonDocument.Parse(body).RootElement;
        return problem.TryGetProperty("type", out _) && problem.TryGetProperty("title", out _) && problem.GetProperty("status").GetInt32() == status
            && problem.TryGetProperty("detail", out var detail) && detail.GetString() is { Length: > 0 }
            ? null : $"{status}: a problem without a type, title, status or a detail saying what to do: {body}";
    }

    /// <summary>
    /// As curl does for a large body: the server may refuse it before it is sent. Without this, Kestrel's 413 goes out while the
    /// client is still sending and the connection closes under it, so no client, browser or not, can read the answer.
    /// </summary>
    private static HttpRequestMessage ExpectingContinue(HttpRequestMessage request)
    {
        request.Headers.ExpectContinue = true;
        return request;
    }

    private static HttpRequestMessage Authorized(HttpRequestMessage request, string value)
    {
        request.Headers.TryAddWithoutValidation("Authorization", value).ShouldBeTrue();
        return request;
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, string json) => Body(method, path, json, "application/json");

    private static HttpRequestMessage Body(HttpMethod method, string path, string body, string? contentType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return new HttpRequestMessage(method, path) { Content = content };
    }

    /// <summary>What a spoiled request must not change: the merchant's accounts, timeline, addresses, labels, pickups, requests, snoozes.</summary>
    private Task<string> FingerprintAsync(Guid merchantId) => Stack.WithDbAsync(async db =>
    {
        var accounts = await db.CarrierAccounts.AsNoTracking().Where(a => a.MerchantId == merchantId).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Nickname, a.State, a.SettingsJson }).ToListAsync();
        var ids = accounts.Select(a => a.Id).ToList();
        var fingerprint = new
        {
            accounts,
            events = await db.AccountEvents.CountAsync(e => ids.Contains(e.AccountId)),
            passwords = await db.CarrierCredentials.AsNoTracking().Where(c => ids.Contains(c.AccountId)).OrderBy(c => c.AccountId)
                .Select(c => new { c.AccountId, c.PasswordCipher, c.PendingPasswordCipher }).ToListAsync(),
            addresses = await db.ShipFromAddresses.AsNoTracking().Where(a => a.MerchantId == merchantId).OrderBy(a => a.Id)
                .Select(a => new { a.Id, a.Name, a.Street1, a.City, a.State, a.Zip, a.IsDefault }).ToListAsync(),
            labels = await db.Labels.AsNoTracking().Where(l => ids.Contains(l.AccountId)).OrderBy(l => l.Id)
                .Select(l => new { l.TrackingNumber, l.Status }).ToListAsync(),
            manifests = await db.Manifests.CountAsync(m => ids.Contains(m.AccountId)),
            pickups = await db.Pickups.AsNoTracking().Where(p => ids.Contains(p.AccountId)).OrderBy(p => p.Id)
                .Select(p => new { p.ConfirmationNumber, p.Status }).ToListAsync(),
            requests = await db.SupportRequests.CountAsync(r => r.MerchantId == merchantId),
            snoozes = await db.ReminderSnoozes.CountAsync(s => ids.Contains(s.AccountId)),
        };
        return JsonSerializer.Serialize(fingerprint);
    });
}

public sealed class RejectedInputProbeOnSqliteTests(SqliteStack fixture, ITestOutputHelper output)
    : RejectedInputProbeTests(fixture, output), IClassFixture<SqliteStack>;

public sealed class RejectedInputProbeOnPostgresTests(PostgresStack fixture, ITestOutputHelper output)
    : RejectedInputProbeTests(fixture, output), IClassFixture<PostgresStack>;
