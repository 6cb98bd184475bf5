using System.Globalization;
using StandInCarrier;

// A stand-in for USPS on CarrierLink's hot path (issue 12): the four endpoints a rate, a label purchase and a
// token refresh call, answered with precomputed bytes after --delay-ms (the carrier's latency). It checks nothing
// it does not need to, keeps no state but a label counter, and is not the sandbox: the sandbox is a faithful USPS,
// this is the cheapest carrier an operation can talk to, so that a benchmark measures the proxy, not the carrier.
//
//   dotnet StandInCarrier.dll --urls http://127.0.0.1:PORT --delay-ms 50
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var delay = TimeSpan.FromMilliseconds(int.Parse(builder.Configuration["delay-ms"] ?? "0", CultureInfo.InvariantCulture));
var answers = new Answers();

var app = builder.Build();

// The carrier's latency, before any answer: Task.Delay holds no thread, as a slow carrier holds none of ours.
async Task LatencyAsync(HttpContext context)
{
    if (delay > TimeSpan.Zero) await Task.Delay(delay, context.RequestAborted);
}

app.MapPost("/prices/v3/base-rates/search", async (HttpContext context) =>
{
    await LatencyAsync(context);
    await Answers.WriteAsync(context, "application/json", answers.Prices);
});

app.MapPost("/payments/v3/payment-authorization", async (HttpContext context) =>
{
    await LatencyAsync(context);
    await Answers.WriteAsync(context, "application/json", answers.PaymentAuthorization);
});

// USPS's multipart label answer (labelMetadata JSON, then the Base64 PDF), each with a tracking number of its own.
app.MapPost("/labels/v3/label", async (HttpContext context) =>
{
    await LatencyAsync(context);
    await Answers.WriteAsync(context, Answers.LabelContentType, answers.Label());
});

// Refresh grants only (what CarrierLink's renewals and the hop's floor send): a new access token and a new refresh
// token every time, whatever refresh token came; the form is read because USPS's token endpoint reads it.
app.MapPost("/oauth2/v3/token", async (HttpContext context) =>
{
    var form = await context.Request.ReadFormAsync(context.RequestAborted);
    await LatencyAsync(context);
    if (form["grant_type"] != "refresh_token" || string.IsNullOrEmpty(form["refresh_token"]))
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await Answers.WriteAsync(context, "application/json", Answers.UnsupportedGrant);
        return;
    }
    context.Response.Headers.CacheControl = "no-store";
    await Answers.WriteAsync(context, "application/json", answers.Token());
});

app.MapGet("/health", () => "ok");

app.Run();
