using System.Runtime.CompilerServices;
using CarrierLink.Tests.Support;

namespace CarrierLink.BrowserTests.Support;

/// <summary>A browser test class: its own stack (SQLite) and Chromium; each test makes its own merchants and customers.</summary>
public abstract class BrowserTest(SqliteStack stack, Chromium chromium) : IClassFixture<SqliteStack>, IClassFixture<Chromium>
{
    protected TestStack Stack => stack.Stack;

    protected Task<BrowserRun> StartAsync([CallerMemberName] string test = "") =>
        BrowserRun.StartAsync(chromium, Stack, GetType().Name, test);
}

/// <summary>Finding things the way a person does: by the words on the screen (roles with their names, labels).</summary>
public static class Visible
{
    public static ILocator Button(this IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator Button(this ILocator scope, string name) => scope.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator Link(this IPage page, string name) => page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public static ILocator Link(this ILocator scope, string name) => scope.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public static ILocator Heading(this IPage page, string name) => page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true });

    public static ILocator Field(this IPage page, string label) => page.GetByLabel(label, new() { Exact = true });

    public static ILocator Field(this ILocator scope, string label) => scope.GetByLabel(label, new() { Exact = true });

    /// <summary>The main navigation in CarrierLink's header.</summary>
    public static ILocator MainNav(this IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

    /// <summary>The reconnect prompt: a banner under the header (a region named by its heading), not a modal dialog.</summary>
    public static ILocator Prompt(this IPage page, string carrier) =>
        page.GetByRole(AriaRole.Region, new() { Name = $"Reconnect your {carrier} account", Exact = true });

    /// <summary>Any reconnect prompt, whichever carrier it names.</summary>
    public static ILocator AnyPrompt(this IPage page) =>
        page.GetByRole(AriaRole.Region, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Reconnect your .* account$") });

    /// <summary>A section named by its heading (a region), e.g. Edit's "Connection".</summary>
    public static ILocator Section(this IPage page, string name) => page.GetByRole(AriaRole.Region, new() { Name = name, Exact = true });

    /// <summary>The table row that mentions <paramref name="text"/>.</summary>
    public static ILocator Row(this IPage page, string text) => page.GetByRole(AriaRole.Row).Filter(new() { HasText = text });
}
