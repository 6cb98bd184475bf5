using System.Text.Json;
using CarrierLink.Carriers;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Api;
using CarrierLink.Web.Configuration;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Connect.Methods;
using CarrierLink.Web.Merchants;
using CarrierLink.Web.Reminders;
using CarrierLink.Web.Security;
using CarrierLink.Web.Shipping;
using CarrierLink.Web.Tokens;
using CarrierLink.Web.Mail;
using CarrierLink.Web.Notifications;
using CarrierLink.Web.Users;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.FileProviders;

namespace CarrierLink.Web;

internal static class ServiceRegistration
{
    public static IServiceCollection AddCarrierLinkWeb(this IServiceCollection services)
    {
        services.AddCarrierClients();
        services.AddOptions<ConnectOptions>().BindAndValidateOnStart(ConnectOptions.Section);
        services.AddScoped<OAuthConnectFlow>();
        services.AddScoped<AccountCommands>();
        services.AddConnectMethods();
        services.AddScoped<AccountDetailsCommands>();
        services.AddOptions<TokenOptions>().BindAndValidateOnStart(TokenOptions.Section);
        services.AddOptions<ShippingOptions>().BindAndValidateOnStart(ShippingOptions.Section);
        services.AddOptions<ApiKeyOptions>().BindAndValidateOnStart(ApiKeyOptions.Section);
        services.AddSingleton<ApiKeyCache>();
        services.AddScoped<ApiKeys>();
        services.AddSingleton<TokenCache>();
        services.AddSingleton<CarrierAccessTokens>();
        services.AddSingleton<AccountHealth>();
        services.AddSingleton<RetryPipelines>();
        services.AddScoped<CarrierOperationRunner>();
        services.AddScoped<LabelPurchases>();
        services.AddScoped<PickupScheduling>();
        services.AddSingleton<OperationReconciler>();
        services.AddScoped<ShippingService>();
        services.AddScoped<ResumableOperations>();
        services.AddScoped<CarrierLink.Web.OneBalance.PasswordConnections>();
        services.AddScoped<CarrierLink.Web.Support.SupportRequests>();
        services.AddOptions<ReminderOptions>().BindAndValidateOnStart(ReminderOptions.Section);
        services.AddScoped<ReconnectReminders>();
        services.AddRetention();

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = null;
            o.SerializerOptions.Converters.Add(new ControlCharacters.RefusingConverter());
        });
        services.AddProblemDetails();
        // Binding failures become exceptions so ErrorResponses can answer with the contract's problem.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddHealthChecks();

        services.AddUsers();
        services.AddMail();
        services.AddNotifications();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                // Browsers share cookies across ports of one host; the sandbox's cookies are "Sandbox.*".
                o.Cookie.Name = "CarrierLink.Auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/forbidden";
                // The cookie only names a server-side session (Users/UserSessions), which holds the idle and absolute limits.
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = false;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.EventsType = typeof(SessionCookieEvents);
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiAuthorization.Policy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireClaim(CarrierLinkClaims.MerchantId))
            .AddPolicy(PagePolicies.Merchant, p => p.RequireClaim(CarrierLinkClaims.MerchantId))
            .AddPolicy(PagePolicies.Support, p => p.RequireRole(CarrierLink.Web.Data.UserRoles.SupportAgent));

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "CarrierLink.Antiforgery";
            // Secure whenever the request came over HTTPS (the default never marks it Secure).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__RequestVerificationToken";
        });
        services.AddRazorPages(o =>
        {
            // Merchants' pages and support agents' pages need different people; nothing is open by default.
            o.Conventions.AuthorizePage("/Index", PagePolicies.Merchant);
            foreach (var folder in new[] { "/Settings", "/Ship", "/Reminders", "/Connect" }) o.Conventions.AuthorizeFolder(folder, PagePolicies.Merchant);
            o.Conventions.AuthorizeFolder("/Support", PagePolicies.Support);
            // Anyone signed in manages their own password, second factor and sessions.
            o.Conventions.AuthorizeFolder("/Account");
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AllowAnonymousToFolder("/Login");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToPage("/Logout");
            o.Conventions.AllowAnonymousToPage("/Forbidden");
            // An id in a link or form that is not an id is "not found", never read as "no id" (and so the first account).
            o.Conventions.ConfigureFilter(new CarrierLink.Web.Pages.UnreadableIds());
        });
        return services;
    }

    public static WebApplication UseCarrierLinkPipeline(this WebApplication app)
    {
        // First, so error pages and problem+json answers get them too.
        app.UseSecurityHeaders();
        // HSTS only ever goes out over HTTPS; in Development the app runs on plain HTTP on loopback.
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = ErrorResponses.WriteAsync,
            // A malformed request (400) and a database outage (503, logged once as a warning) are not errors to log with a stack.
            SuppressDiagnosticsCallback = ErrorResponses.SuppressDiagnostics,
        });
        app.UseStatusCodePages(ErrorResponses.StatusCodePageAsync);
        app.UseControlCharacterGuard();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The stylesheet and script ship inside the assembly, so pages look the same wherever the app runs from.</summary>
    public static void MapCarrierLinkAssets(this WebApplication app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(CarrierLinkApp).Assembly, "CarrierLink.Web.Assets"),
            RequestPath = "/assets",
        });
}

public static class PagePolicies
{
    public const string Merchant = "merchant-pages";
    public const string Support = "support-pages";
}
