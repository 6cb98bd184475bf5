namespace CarrierLink.Carriers;

/// <summary>The checks the carriers' settings validators share.</summary>
internal static class SettingRules
{
    public static bool IsHttpUrl(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);
}
