using CarrierLink.Web;
using CarrierLink.Web.Cli;

// One executable, two faces: the CLI (migrate, merchants ...) and the web app.
if (CarrierLinkCli.Handles(args)) return await CarrierLinkCli.RunAsync(args);

var app = CarrierLinkApp.Create(args);
await app.RunAsync();
return 0;
