using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox.Control;

/// <summary>
/// Who may use the control API. With Sandbox:ControlKey set, only callers sending it in X-Control-Key (from anywhere);
/// without a key, only loopback callers. Refusals are 403 problem+json.
/// </summary>
public static class ControlAccess
{
    public const string HeaderName = "X-Control-Key";

    public static bool IsAllowed(HttpContext context, string? controlKey) =>
        string.IsNullOrEmpty(controlKey)
            ? context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)
            : Secrets.SameText(controlKey, context.Request.Headers[HeaderName].ToString());

    public static RouteGroupBuilder RequireControlAccess(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var key = context.HttpContext.RequestServices.GetRequiredService<IOptions<SandboxOptions>>().Value.ControlKey;
            return IsAllowed(context.HttpContext, key)
                ? await next(context)
                : Results.Problem(
                    type: "control-forbidden",
                    title: "The control API is not open to this caller.",
                    detail: string.IsNullOrEmpty(key) ? "It answers loopback callers only." : $"Send the configured key in the {HeaderName} header.",
                    statusCode: StatusCodes.Status403Forbidden);
        });
}
