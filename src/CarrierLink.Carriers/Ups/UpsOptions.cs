using System.Text.RegularExpressions;
using CarrierLink.Carriers.Catalog;
using Microsoft.Extensions.Options;

namespace CarrierLink.Carriers.Ups;

/// <summary>
/// Where UPS lives and who CarrierLink is to it (section <c>Carriers:Ups</c>). Production, UPS's Customer Integration
/// Environment and the sandbox differ only here: https://onlinetools.ups.com, https://wwwcie.ups.com or the local sandbox.
/// </summary>
public sealed class UpsOptions
{
    public const string Section = "Carriers:Ups";

    /// <summary>UPS's host: the OAuth endpoints are under security/v1/oauth/, the APIs under api/.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The consent entry; unset means UPS's own, BaseUrl + security/v1/oauth/authorize.</summary>
    public Uri? AuthorizeUrl { get; set; }

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>
    /// Send PKCE (code_challenge on /authorize, client_id and code_verifier without Basic on /token). Unset follows
    /// the carrier catalogue (UPS publishes PKCE, so on).
    /// </summary>
    public bool? UsePkce { get; set; }

    /// <summary>The {version} of each API's path (UPS's yaml: v2409).</summary>
    public string RatingVersion { get; set; } = "v2409";

    public string ShippingVersion { get; set; } = "v2409";

    public string PickupVersion { get; set; } = "v2409";

    /// <summary>The transactionSrc header UPS asks every call to carry: the calling application (at most 512 characters).</summary>
    public string TransactionSource { get; set; } = "CarrierLink";

    /// <summary>How long one call may take, answer included (CarrierTimeout: on the injected TimeProvider).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public Uri ResolvedAuthorizeUrl => AuthorizeUrl ?? new Uri(BaseUrl!, "security/v1/oauth/authorize");

    /// <summary>A deployment without UPS's client id does not offer UPS (its settings are then not checked either).</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId);

    public Uri TokenUrl => new(BaseUrl!, "security/v1/oauth/token");

    public Uri RefreshUrl => new(BaseUrl!, "security/v1/oauth/refresh");

    public bool ResolvedUsePkce => UsePkce ?? CarrierCatalog.Find(CarrierCodes.Ups)!.AcceptsPkce;
}

/// <summary>Says what is wrong with Carriers:Ups in words an operator can act on, at start-up.</summary>
public sealed partial class UpsOptionsValidator : IValidateOptions<UpsOptions>
{
    public ValidateOptionsResult Validate(string? name, UpsOptions options)
    {
        if (!options.IsConfigured) return ValidateOptionsResult.Success;
        var failures = new List<string>();
        if (options.BaseUrl is not { IsAbsoluteUri: true } baseUrl || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
            failures.Add("Carriers:Ups:BaseUrl must be UPS's absolute http(s) address, e.g. https://onlinetools.ups.com (production) or https://wwwcie.ups.com (test).");
        else if (!baseUrl.AbsolutePath.EndsWith('/'))
            failures.Add($"Carriers:Ups:BaseUrl '{baseUrl}' must end with '/', or the API paths would replace its last segment.");
        if (options.AuthorizeUrl is { IsAbsoluteUri: false }) failures.Add("Carriers:Ups:AuthorizeUrl must be an absolute URL when set.");
        if (string.IsNullOrWhiteSpace(options.ClientSecret)) failures.Add("Carriers:Ups:ClientSecret is required: the Client Secret of CarrierLink's app on developer.ups.com.");
        foreach (var (key, value) in new[] { ("RatingVersion", options.RatingVersion), ("ShippingVersion", options.ShippingVersion), ("PickupVersion", options.PickupVersion) })
        {
            if (!Version().IsMatch(value ?? "")) failures.Add($"Carriers:Ups:{key} must be a UPS API version such as v2409 (got '{value}').");
        }
        if (string.IsNullOrWhiteSpace(options.TransactionSource) || options.TransactionSource.Length > 512)
            failures.Add("Carriers:Ups:TransactionSource is required and at most 512 characters (UPS's transactionSrc header).");
        if (options.TimeoutSeconds is < 1 or > 300) failures.Add("Carriers:Ups:TimeoutSeconds must be between 1 and 300.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^v[0-9]{1,4}$")]
    private static partial Regex Version();
}
