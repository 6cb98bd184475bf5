using System.Globalization;
using System.Text;
using CarrierLink.Tests.Support;

namespace CarrierLink.BrowserTests.Support;

/// <summary>A step failed; the message ends with the screenshot taken last, so the failure can be seen.</summary>
public sealed class StepFailedException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// One test's browser: the people in it (each a context of their own), the page being looked at, and the step
/// recorder. Every step is done, then photographed at 1280×800 (and at a 390×844 phone when asked) as
/// &lt;screenshots&gt;/&lt;TestClass&gt;/&lt;Test&gt;/&lt;NN-step&gt;.png.
/// </summary>
public sealed class BrowserRun : IAsyncDisposable
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private const float StepTimeoutMs = 20_000;

    private readonly Chromium _chromium;
    private readonly List<IBrowserContext> _contexts = [];
    private int _step;
    private IPage? _page;

    private BrowserRun(Chromium chromium, TestStack stack, string folder)
    {
        _chromium = chromium;
        Stack = stack;
        Folder = folder;
    }

    public TestStack Stack { get; }
    public string Folder { get; }
    public string? LastScreenshot { get; private set; }

    /// <summary>The page the next screenshot is taken of.</summary>
    public IPage Page => _page ?? throw new InvalidOperationException("No page is open.");

    public static async Task<BrowserRun> StartAsync(Chromium chromium, TestStack stack, string testClass, string test)
    {
        var run = new BrowserRun(chromium, stack, Screenshots.FolderFor(testClass, test));
        run._page = await run.NewPersonAsync();
        return run;
    }

    /// <summary>Another person (their own cookies) at another desk, e.g. the support agent. The current page stays.</summary>
    public async Task<IPage> NewPersonAsync()
    {
        var context = await _chromium.Browser.NewContextAsync(new()
        {
            BaseURL = Stack.WebUrl.ToString(),
            ViewportSize = Desktop,
            Locale = "en-US",
        });
        context.SetDefaultTimeout(StepTimeoutMs);
        context.SetDefaultNavigationTimeout(StepTimeoutMs);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>A new tab next to the current page (same person, same cookies).</summary>
    public Task<IPage> NewTabAsync() => Page.Context.NewPageAsync();

    /// <summary>Looks at <paramref name="page"/> from now on (screenshots, locators through <see cref="Page"/>).</summary>
    public void LookAt(IPage page) => _page = page;

    /// <summary>Does one step of the article, then saves its screenshot(s). A failure names the last screenshot.</summary>
    public async Task Step(string name, Func<Task> action, bool phone = false)
    {
        var file = $"{++_step:00}-{Slug(name)}";
        try
        {
            await action();
            await ShootAsync(file, Desktop);
            if (phone)
            {
                await ShootAsync(file + "-390px", Phone);
                await Page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
            }
        }
        catch (Exception ex) when (ex is not StepFailedException)
        {
            string url;
            try { url = Page.Url; } catch (PlaywrightException) { url = "(closed page)"; }
            try { await ShootAsync(file + "-FAILED", Desktop, checkWidth: false); } catch (PlaywrightException) { }
            throw new StepFailedException(
                $"Step {file} failed at {url}: {ex.Message}{Environment.NewLine}Last screenshot: {LastScreenshot ?? "(none)"}", ex);
        }
    }

    /// <summary>A screenshot at the given size; at phone width the page must not scroll sideways.</summary>
    private async Task ShootAsync(string file, ViewportSize size, bool checkWidth = true)
    {
        if (Page.ViewportSize?.Width != size.Width || Page.ViewportSize?.Height != size.Height)
            await Page.SetViewportSizeAsync(size.Width, size.Height);
        await Page.WaitForLoadStateAsync(LoadState.Load);
        var path = Path.Combine(Folder, file + ".png");
        // A modal covers the viewport only, so a full-page picture would show it over half the page.
        var modal = await Page.GetByRole(AriaRole.Alertdialog).First.IsVisibleAsync();
        await Page.ScreenshotAsync(new() { Path = path, FullPage = !modal, Animations = ScreenshotAnimations.Disabled });
        LastScreenshot = path;
        if (checkWidth && size.Width == Phone.Width)
        {
            var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            if (overflow > 0)
                throw new InvalidOperationException($"{Page.Url} is {overflow}px wider than a {Phone.Width}px phone (it scrolls sideways).");
        }
    }

    private static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLower(CultureInfo.InvariantCulture))
        {
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        return slug.ToString().Trim('-');
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
    }
}
