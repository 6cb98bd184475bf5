using CarrierLink.Sandbox;
using Microsoft.Extensions.Options;

var app = SandboxApp.Create(args);
app.Lifetime.ApplicationStarted.Register(() =>
{
    // Demo credentials are public sandbox data, printed so a person can sign in.
    Console.WriteLine($"Carrier sandbox on {string.Join(", ", app.Urls)}");
    if (!app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.Seed) return;
    foreach (var customer in SandboxSeed.Customers) Console.WriteLine($"  {customer.Carrier}: {customer.Username} / {customer.Password}  ({customer.Description})");
});
app.Run();
