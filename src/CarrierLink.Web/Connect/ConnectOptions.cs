using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Connect;

public sealed class ConnectOptions
{
    public const string Section = "CarrierLink";

    /// <summary>
    /// The address merchants' browsers use to reach CarrierLink. Carrier callbacks are built from it
    /// and must be registered at the carrier exactly (e.g. http://127.0.0.1:5080/connect/usps/callback).
    /// </summary>
    [Required] public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long a merchant has to finish the carrier's sign-in (the state's lifetime).</summary>
    [Range(1, 60)] public int AuthorizationMinutes { get; set; } = 10;

    public Uri CallbackFor(string carrier) => new(PublicBaseUrl!, $"connect/{carrier}/callback");
}
