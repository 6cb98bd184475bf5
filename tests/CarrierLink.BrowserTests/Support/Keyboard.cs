namespace CarrierLink.BrowserTests.Support;

/// <summary>A keyboard-only person: Tab until the thing they want has focus, then Enter or Space.</summary>
public static class KeyboardOnly
{
    /// <summary>Presses Tab until <paramref name="target"/> has focus; fails if it is not reached in <paramref name="max"/> presses.</summary>
    public static async Task<int> TabToAsync(this IPage page, ILocator target, int max = 40)
    {
        for (var presses = 1; presses <= max; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await IsFocusedAsync(target)) return presses;
        }
        var focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML?.slice(0, 200) ?? 'nothing'");
        throw new InvalidOperationException($"{max} presses of Tab never reached {target}; focus is on {focused}.");
    }

    public static async Task<bool> IsFocusedAsync(ILocator target) =>
        await target.CountAsync() == 1 && await target.EvaluateAsync<bool>("e => e === document.activeElement");

    /// <summary>Whether the focused element shows a focus ring a sighted keyboard user can see.</summary>
    public static Task<bool> FocusIsVisibleAsync(this IPage page) => page.EvaluateAsync<bool>("""
        () => {
          const e = document.activeElement;
          if (!e || e === document.body) return false;
          const s = getComputedStyle(e);
          return e.matches(':focus-visible') && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        }
        """);
}
