using System.Text;
using CarrierLink.Sandbox.Usps;
using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox.Control;

/// <summary>
/// An injected failure. <see cref="Endpoint"/> narrows it: "POST /oauth2/v3/token" (method and path prefix),
/// "/labels" (path prefix) or a route template such as "DELETE /labels/v3/label/{trackingNumber}".
/// With <see cref="After"/> the carrier does the work first and then the answer is delayed, lost or garbled:
/// the label is bought, but the caller never hears about it.
/// <see cref="Error"/> makes a USPS OAuth path answer that OAuth error code: "invalid_grant" on the token endpoint
/// plays a sign-in outage that refuses good refresh tokens, many customers at once.
/// </summary>
public sealed record Fault(string Id, string Carrier, string? Endpoint, int? Status, int? DelayMs, bool Drop, bool Malformed, double Rate, bool After = false,
    string? Error = null)
{
    public bool Matches(string carrier, string method, string path, string routeKey)
    {
        if (carrier != Carrier) return false;
        if (string.IsNullOrWhiteSpace(Endpoint)) return true;
        var endpoint = Endpoint.Trim();
        return endpoint.StartsWith('/')
            ? path.StartsWith(endpoint, StringComparison.OrdinalIgnoreCase)
            : $"{method} {path}".StartsWith(endpoint, StringComparison.OrdinalIgnoreCase) || routeKey.StartsWith(endpoint, StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class FaultStore(IOptions<SandboxOptions> options)
{
    private readonly Lock gate = new();
    private readonly List<Fault> faults = [];
    // Not a secret: a seeded Random makes "rate 0.3" reproducible from run to run.
    private readonly Random dice = options.Value.FaultSeed is { } seed ? new Random(seed) : new Random();

    public Fault Add(Fault fault)
    {
        lock (gate) faults.Add(fault);
        return fault;
    }

    public IReadOnlyList<Fault> All()
    {
        lock (gate) return faults.ToList();
    }

    public void Clear()
    {
        lock (gate) faults.Clear();
    }

    public bool Remove(string id)
    {
        lock (gate) return faults.RemoveAll(f => f.Id == id) > 0;
    }

    /// <summary>The first matching fault whose dice roll hits, or null: faults are tried in the order they were added.</summary>
    public Fault? Pick(string carrier, string method, string path, string routeKey)
    {
        lock (gate)
        {
            foreach (var fault in faults)
            {
                if (fault.Matches(carrier, method, path, routeKey) && dice.NextDouble() < fault.Rate) return fault;
            }
            return null;
        }
    }
}

/// <summary>Applies faults to carrier API calls only; pages and the control API are never faulted.</summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultStore faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var carrier = Carriers.ForApiPath(context.Request.Path);
        var fault = carrier is null ? null : faults.Pick(carrier, context.Request.Method, context.Request.Path.Value ?? "/", CallCountingMiddleware.EndpointKey(context));
        if (fault is null)
        {
            await next(context);
            return;
        }

        byte[]? answer = null;
        if (fault.After)
        {
            // Hold the real answer back until the fault has had its say.
            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }
            answer = buffer.ToArray();
        }

        // Latency is real wall-clock time, not the injected TimeProvider: it is the network being slow.
        if (fault.DelayMs is > 0 and var delay) await Task.Delay(delay, context.RequestAborted);

        if (fault.Drop)
        {
            context.Abort();
        }
        else if (fault.Status is not null || fault.Error is not null)
        {
            if (answer is not null) context.Response.Clear();
            var status = fault.Status ?? StatusCodes.Status400BadRequest;
            var answered = carrier switch
            {
                Carriers.Stamps => FaultResponses.StampsStatus(status),
                Carriers.FedEx => FedEx.FedExErrors.Injected(status),
                Carriers.Ups => CarrierLink.Sandbox.Ups.UpsErrors.Injected(status),
                _ => FaultResponses.Status(context.Request.Path, status, fault.Error),
            };
            await answered.ExecuteAsync(context);
        }
        else if (fault.Malformed)
        {
            if (answer is not null) context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            // Cut mid-value: a client that trusts the status code and parses blindly fails here.
            var truncated = answer is { Length: > 8 } ? answer[..(answer.Length / 2)]
                : carrier == Carriers.Stamps ? Encoding.UTF8.GetBytes("{\"authenticator\":\"")
                : Encoding.UTF8.GetBytes("{\"apiVersion\":\"" + UspsErrors.ApiVersion(context.Request.Path) + "\",\"access_tok");
            await context.Response.Body.WriteAsync(truncated, context.RequestAborted);
        }
        else if (answer is not null)
        {
            await context.Response.Body.WriteAsync(answer, context.RequestAborted);
        }
        else
        {
            await next(context);
        }
    }
}

/// <summary>What a failing carrier gateway answers: USPS OAuth paths speak OAuth errors, its APIs the resource envelope; Stamps.com its own envelope.</summary>
internal static class FaultResponses
{
    /// <param name="oauthError">The OAuth error code to answer on an OAuth path, instead of the one the status suggests.</param>
    public static IResult Status(PathString path, int status, string? oauthError = null)
    {
        var oauth = path.StartsWithSegments("/oauth2", StringComparison.OrdinalIgnoreCase);
        if (oauth && oauthError is not null)
            return UspsErrors.OAuth(status, oauthError, $"{oauthError} (injected by the sandbox control API).",
                "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2");
        if (status == StatusCodes.Status429TooManyRequests)
        {
            const string message = "SpikeArrestViolation: Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=60, periodInMicroseconds=60000000, maxBurstMessageCount=1.0}";
            var tooMany = oauth
                ? UspsErrors.OAuth(status, "SpikeArrestViolation", message, "https://datatracker.ietf.org/doc/html/rfc6585#section-4")
                : UspsErrors.Resource(path, status, message, [new { title = "SpikeArrestViolation", detail = "Too many requests. Retry after the time given in Retry-After." }]);
            return tooMany.WithHeader("Retry-After", "1");
        }

        var reason = ReasonPhrase(status);
        return oauth
            ? UspsErrors.OAuth(status, status >= 500 ? "server_error" : "invalid_request", reason, "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2")
            : UspsErrors.Resource(path, status, reason, [new { title = reason, detail = "Injected by the sandbox control API." }]);
    }

    /// <summary>Stamps.com (SWS and SERA) failing: its {"error":{"code","message"}} envelope, with Retry-After on a 429.</summary>
    public static IResult StampsStatus(int status)
    {
        var code = status switch
        {
            StatusCodes.Status429TooManyRequests => "rate_limit_exceeded",
            >= 500 => "server_error",
            _ => "request_failed",
        };
        var result = Stamps.Api.StampsApiJson.Error(status, code, $"{ReasonPhrase(status)} (injected by the sandbox control API).");
        return status == StatusCodes.Status429TooManyRequests ? result.WithHeader("Retry-After", "1") : result;
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
