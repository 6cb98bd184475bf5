using System.Text.Json;
using BareHop;

// The bare hop of issue 12: what any proxy in front of USPS must at least do, and nothing more, so that its figures
// are the floor CarrierLink is measured against (bench/README.md, "i12-hot-path").
//   POST /rates            read the JSON, one carrier call, map the answer.
//   POST /labels           Idempotency-Key: a row written before the carrier is called, then the carrier's two calls
//                          (payment authorization, label), then the row completed: two committed writes.
//   POST /refresh/{n}      read row n's refresh token, one call to the token endpoint, write the new pair: one write.
// No authentication, no tenant, no logging per request, no encryption of tokens: those are CarrierLink's work to measure.
//
//   dotnet BareHop.dll --urls http://127.0.0.1:PORT --carrier http://127.0.0.1:PORT2/ --store sqlite|postgres --connection "<cs>" [--refresh-rows N]
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var settings = HopSettings.From(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
// One named client from IHttpClientFactory, as an ASP.NET Core service calling one carrier would have.
builder.Services.AddHttpClient(CarrierCalls.ClientName, http =>
{
    http.BaseAddress = settings.Carrier;
    http.Timeout = TimeSpan.FromSeconds(30);
});
builder.Services.AddSingleton(settings);
builder.Services.AddSingleton<CarrierCalls>();
builder.Services.AddSingleton(HopStore.Create(settings));

var app = builder.Build();
await app.Services.GetRequiredService<HopStore>().CreateSchemaAsync(settings.RefreshRows, CancellationToken.None);

app.MapPost("/rates", HopEndpoints.RatesAsync);
app.MapPost("/labels", HopEndpoints.LabelAsync);
app.MapPost("/refresh/{n:int}", HopEndpoints.RefreshAsync);
app.MapGet("/health", () => "ok");

app.Run();
