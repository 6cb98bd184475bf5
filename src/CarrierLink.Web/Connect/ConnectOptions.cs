using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Connect;

public sealed class ConnectOptions : IValidatableObject
{
    public const string Section = "CarrierLink";

    /// <summary>
    /// The address merchants' browsers use to reach CarrierLink. Carrier callbacks are built from it
    /// and must be registered at the carrier exactly (e.g. http://127.0.0.1:5080/connect/usps/callback).
    /// </summary>
    [Required(ErrorMessage = "{0} is required: the address merchants' browsers use to reach CarrierLink, e.g. https://carrierlink.example.com/")]
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long a merchant has to finish the carrier's sign-in (the state's lifetime).</summary>
    [Range(1, 60)] public int AuthorizationMinutes { get; set; } = 10;

    public Uri CallbackFor(string carrier) => new(PublicBaseUrl!, $"connect/{carrier}/callback");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicBaseUrl is null) yield break;
        if (!PublicBaseUrl.IsAbsoluteUri || (PublicBaseUrl.Scheme != Uri.UriSchemeHttps && PublicBaseUrl.Scheme != Uri.UriSchemeHttp))
            yield return new ValidationResult($"{Section}:PublicBaseUrl must be an absolute http(s) URL, e.g. https://carrierlink.example.com/.");
        // Links and carrier callbacks are built relative to it: a path without its '/' would lose its last segment.
        else if (!PublicBaseUrl.AbsolutePath.EndsWith('/'))
            yield return new ValidationResult($"{Section}:PublicBaseUrl '{PublicBaseUrl}' must end with '/', e.g. https://example.com/carrierlink/.");
    }
}
