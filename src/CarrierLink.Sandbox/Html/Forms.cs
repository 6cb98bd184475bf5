using Microsoft.AspNetCore.Antiforgery;

namespace CarrierLink.Sandbox.Html;

/// <summary>Antiforgery for the sandbox's forms: the token rides in a hidden field and the Sandbox.Antiforgery cookie.</summary>
public static class Forms
{
    public const string AntiforgeryCookieName = "Sandbox.Antiforgery";

    public static SafeHtml AntiforgeryField(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return SafeHtml.Of($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
    }

    /// <summary>Reads a posted form, or null when it is not a form or its antiforgery token does not match the cookie.</summary>
    public static async Task<IFormCollection?> ReadVerifiedFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType) return null;
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context)) return null;
        return await context.Request.ReadFormAsync(context.RequestAborted);
    }
}
