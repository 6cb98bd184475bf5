namespace CarrierLink.Web.Security;

/// <summary>
/// Passwords posted in a form are read from the form here, never bound as handler arguments: Razor Pages logs a
/// handler's arguments at Trace ("Executing handler method ... with arguments (...)"), which put the sign-in, One
/// Balance and support passwords in the log of anyone who turned logging up (issue 13, finding 4).
/// </summary>
public static class SecretFields
{
    /// <summary>The posted field, or null when it is missing or empty (as model binding gives it).</summary>
    public static string? Secret(this HttpRequest request, string name)
    {
        // The form was read already (anti-forgery validation reads it before any handler runs).
        var value = request.HasFormContentType ? request.Form[name].ToString() : "";
        return value.Length == 0 ? null : value;
    }
}
