using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Users;

/// <summary>
/// The framework's rate limiter on the sign-in forms, per client IP: 200 guesses in two seconds were all answered
/// before (issue 13, finding 3). Note: System.Threading.RateLimiting refills on its own timer, not TimeProvider.
/// </summary>
public static class SignInRateLimits
{
    /// <summary>The forms that check a password, a second-factor code or a reset link.</summary>
    private static readonly string[] GuardedPaths = ["/login", "/login/two-factor", "/login/forgot", "/login/reset"];

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SignInOptions>>((limiter, signIn) =>
        {
            var permits = signIn.Value.AttemptsPerIpPerMinute;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsSignInAttempt(http.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientIp(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, cancellationToken) => WriteTooManyAsync(context.HttpContext, context.Lease, cancellationToken);
        });
        return services;
    }

    public static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool IsSignInAttempt(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && GuardedPaths.Any(p => request.Path.Equals(p, StringComparison.OrdinalIgnoreCase));

    private static async ValueTask WriteTooManyAsync(HttpContext http, RateLimitLease lease, CancellationToken cancellationToken)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Too many attempts · CarrierLink</title><link rel="stylesheet" href="/assets/site.css"></head>
            <body><main class="page narrow"><h1>Too many sign-in attempts</h1>
            <p role="alert">This network tried to sign in too often. Wait {{seconds}} seconds, then try again.</p>
            <p><a class="button" href="{{WebUtility.HtmlEncode(http.Request.Path)}}">Back to sign-in</a></p></main></body></html>
            """, cancellationToken);
    }
}
