using CarrierLink.Sandbox;
using CarrierLink.Web.Merchants;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Development;

/// <summary>Tells a newcomer where everything is and how to sign in, once the app is listening.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var demo = app.Services.GetRequiredService<IOptions<DemoSeedOptions>>().Value;
        var sandbox = app.Services.GetRequiredService<IOptions<EmbeddedSandboxOptions>>().Value;
        var lines = new List<string> { "", "CarrierLink is running at " + string.Join(", ", addresses) };
        if (demo.Enabled)
        {
            lines.Add($"  Demo merchant: sign in at /login as {demo.Email} / {demo.Password}");
            lines.Add($"  Demo API key:  Authorization: Bearer {demo.ApiKey}");
        }
        if (sandbox.Enabled)
        {
            lines.Add($"Carrier sandbox is running at {sandbox.Url} (control API under /_control)");
            foreach (var customer in SandboxSeed.Customers)
            {
                // A FedEx account has no password: the platform registers it by number and address.
                var signIn = customer.Password.Length > 0 ? $"{customer.Username} / {customer.Password}" : customer.Username;
                lines.Add($"  {customer.Carrier} customer: {signIn}  ({customer.Description})");
            }
        }
        var mail = app.Services.GetRequiredService<IOptions<Mail.MailOptions>>().Value;
        if (string.IsNullOrEmpty(mail.Smtp.Host) && app.Environment.IsDevelopment())
            lines.Add("Mail (password resets, connection notifications) is written as .eml files to "
                + $"{Path.GetFullPath(mail.PickupFolder, app.Environment.ContentRootPath)} (no SMTP server configured; set Mail:Smtp:Host to send)");
        lines.Add("");
        // Console, not the logger: these are instructions for the person at the terminal.
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
