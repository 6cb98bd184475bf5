using Microsoft.Extensions.Options;

namespace CarrierLink.Carriers.Usps;

/// <summary>Says what is wrong with Carriers:Usps in words an operator can act on, at start-up.</summary>
public sealed class UspsOptionsValidator : IValidateOptions<UspsOptions>
{
    private const string Section = UspsOptions.Section;

    public ValidateOptionsResult Validate(string? name, UspsOptions options)
    {
        var failures = new List<string>();
        if (!SettingRules.IsHttpUrl(options.ApiBaseUrl))
            failures.Add($"{Section}:ApiBaseUrl is required: the absolute http(s) address of USPS's APIs, e.g. https://apis.usps.com (https://apis-tem.usps.com to test).");
        else if (!options.ApiBaseUrl!.AbsolutePath.EndsWith('/'))
            failures.Add($"{Section}:ApiBaseUrl '{options.ApiBaseUrl}' must end with '/', or the API paths would replace its last segment.");
        if (!SettingRules.IsHttpUrl(options.ConsentUrl))
            failures.Add($"{Section}:ConsentUrl is required: the absolute http(s) address of USPS's Customer Onboarding Portal, e.g. https://cop.usps.com/cop-navigator.");
        foreach (var (key, url) in new[] { ("TokenUrl", options.TokenUrl), ("RevokeUrl", options.RevokeUrl) })
        {
            if (url is not null && !SettingRules.IsHttpUrl(url)) failures.Add($"{Section}:{key} must be an absolute http(s) URL when set (unset: USPS's own).");
        }
        if (string.IsNullOrWhiteSpace(options.ClientId))
            failures.Add($"{Section}:ClientId is required: the Consumer Key of CarrierLink's app on the USPS developer portal.");
        if (string.IsNullOrWhiteSpace(options.ClientSecret))
            failures.Add($"{Section}:ClientSecret is required: the Consumer Secret of CarrierLink's app (give it through the environment, Carriers__Usps__ClientSecret).");
        foreach (var (key, value) in new[] { ("ClientAuthentication", options.ClientAuthentication), ("RevokeClientAuthentication", options.RevokeClientAuthentication) })
        {
            if (value is not (ClientAuthentications.Post or ClientAuthentications.Basic))
                failures.Add($"{Section}:{key} must be 'post' or 'basic' (it is '{value}').");
        }
        if (options.TimeoutSeconds is < 1 or > 300) failures.Add($"{Section}:TimeoutSeconds must be between 1 and 300 (it is {options.TimeoutSeconds}); the default is 30.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
