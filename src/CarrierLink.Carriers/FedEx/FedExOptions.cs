using Microsoft.Extensions.Options;

namespace CarrierLink.Carriers.FedEx;

/// <summary>
/// Where FedEx lives and who CarrierLink is to it (section <c>Carriers:FedEx</c>): the platform's own (parent) API key
/// and secret from the FedEx Developer Portal. Production (https://apis.fedex.com), FedEx's sandbox
/// (https://apis-sandbox.fedex.com) and the local sandbox differ only here. No ClientId means FedEx is not offered.
/// </summary>
public sealed class FedExOptions
{
    public const string Section = "Carriers:FedEx";

    public Uri? BaseUrl { get; set; }

    /// <summary>The platform's API key (FedEx's client_id).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The platform's secret key (FedEx's client_secret).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>How long one call may take, answer included (CarrierTimeout: on the injected TimeProvider).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId);

    public override string ToString() => $"FedExOptions({BaseUrl}, client {(IsConfigured ? ClientId : "not configured")})";
}

/// <summary>Only a configured FedEx must be complete; an unconfigured one is simply not offered.</summary>
public sealed class FedExOptionsValidator : IValidateOptions<FedExOptions>
{
    public ValidateOptionsResult Validate(string? name, FedExOptions options)
    {
        var failures = new List<string>();
        if (options.TimeoutSeconds is < 1 or > 300) failures.Add($"{FedExOptions.Section}:TimeoutSeconds must be between 1 and 300 (it is {options.TimeoutSeconds}).");
        if (options.IsConfigured)
        {
            if (options.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
                failures.Add($"{FedExOptions.Section}:BaseUrl must be an absolute http(s) URL such as https://apis.fedex.com when ClientId is set.");
            if (string.IsNullOrWhiteSpace(options.ClientSecret))
                failures.Add($"{FedExOptions.Section}:ClientSecret is required when ClientId is set (the secret key of the FedEx API project).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
