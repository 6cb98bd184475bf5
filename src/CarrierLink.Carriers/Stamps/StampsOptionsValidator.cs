using Microsoft.Extensions.Options;

namespace CarrierLink.Carriers.Stamps;

/// <summary>
/// Says what is wrong with Carriers:Stamps at start-up. None of its three addresses and id set means One Balance is not
/// offered; some of them set is a half-finished configuration, refused rather than silently not offering One Balance.
/// </summary>
public sealed class StampsOptionsValidator : IValidateOptions<StampsOptions>
{
    private const string Section = StampsOptions.Section;

    public ValidateOptionsResult Validate(string? name, StampsOptions options)
    {
        var failures = new List<string>();
        if (options.TimeoutSeconds is < 1 or > 300) failures.Add($"{Section}:TimeoutSeconds must be between 1 and 300 (it is {options.TimeoutSeconds}); the default is 30.");
        var anySet = options.AuthBaseUrl is not null || options.ApiBaseUrl is not null || !string.IsNullOrEmpty(options.IntegrationId);
        if (anySet)
        {
            CheckBase(failures, "AuthBaseUrl", options.AuthBaseUrl, "https://swsim.stamps.com/");
            CheckBase(failures, "ApiBaseUrl", options.ApiBaseUrl, "https://api.stampsendicia.com/sera/");
            if (!Guid.TryParse(options.IntegrationId, out _))
                failures.Add($"{Section}:IntegrationId must be the GUID Stamps.com issued CarrierLink, e.g. 6f1c2d3e-4b5a-4c7d-9e8f-0a1b2c3d4e5f "
                    + "(or leave AuthBaseUrl, ApiBaseUrl and IntegrationId all unset to not offer One Balance).");
        }
        if (options.ForgotPasswordUrl is not null && !SettingRules.IsHttpUrl(options.ForgotPasswordUrl))
            failures.Add($"{Section}:ForgotPasswordUrl must be an absolute http(s) URL when set, e.g. Stamps.com's Forgot Password page.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckBase(List<string> failures, string key, Uri? url, string example)
    {
        if (!SettingRules.IsHttpUrl(url))
            failures.Add($"{Section}:{key} is required once any of AuthBaseUrl, ApiBaseUrl, IntegrationId is set: an absolute http(s) URL ending with '/', e.g. {example}.");
        else if (!url!.AbsolutePath.EndsWith('/'))
            failures.Add($"{Section}:{key} '{url}' must end with '/', or the call paths would replace its last segment.");
    }
}
