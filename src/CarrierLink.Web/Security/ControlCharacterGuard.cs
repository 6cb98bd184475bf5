using Microsoft.Extensions.Primitives;

namespace CarrierLink.Web.Security;

/// <summary>
/// Refuses a request whose query string or form fields hold control characters before anything reads them
/// (issue 13, finding 1): the API answers problem+json naming the field, a page the friendly 400 page. JSON bodies
/// are checked while they are read (<see cref="ControlCharacters.RefusingConverter"/>).
/// </summary>
public static class ControlCharacterGuard
{
    public static IApplicationBuilder UseControlCharacterGuard(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (await RefusedFieldAsync(http.Request) is not { } field)
            {
                await next(http);
                return;
            }
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            // Pages get the friendly 400 page from the status code pages; the API names the field.
            if (!http.Request.Path.StartsWithSegments("/api")) return;
            await Api.ApiProblems.Validation(field, ControlCharacters.Reason).ExecuteAsync(http);
        });

    private static async Task<string?> RefusedFieldAsync(HttpRequest request)
    {
        foreach (var (name, values) in request.Query)
            if (ControlCharacters.Has(name) || Any(values)) return Printable(name);
        if (!request.HasFormContentType) return null;
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException)
        {
            // ASP.NET Core's form reader refuses a NUL itself (and too many or too long fields): still bad input, a 400.
            return "form";
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException)
        {
            // A body that could not be read at all (the client went away, too large) is answered further on, as before.
            return null;
        }
        foreach (var (name, values) in form)
            if (ControlCharacters.Has(name) || Any(values)) return Printable(name);
        return null;
    }

    private static bool Any(StringValues values)
    {
        foreach (var value in values)
            if (value is not null && ControlCharacters.Has(value)) return true;
        return false;
    }

    private static string Printable(string name) => ControlCharacters.Clean(name)!;
}
