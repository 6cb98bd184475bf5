namespace CarrierLink.Sandbox;

/// <summary>Carrier codes, as CarrierLink names them, and which API paths belong to which carrier.</summary>
public static class Carriers
{
    public const string Usps = "usps";
    public const string Stamps = "stamps";
    public const string Ups = "ups";
    public const string FedEx = "fedex";

    /// <summary>Carriers the sandbox plays today; the control API refuses the others with a clear message.</summary>
    public static IReadOnlyList<string> Supported { get; } = [Usps, Stamps, Ups, FedEx];

    // Carrier API paths (not HTML pages, not /_control): the ones faults and call counters apply to.
    private static readonly (string Prefix, string Carrier)[] ApiPrefixes =
    [
        // FedEx first: its /pickup/v1 shares the /pickup segment with USPS's /pickup/v3.
        ("/oauth/token", FedEx), ("/registration", FedEx), ("/rate", FedEx), ("/ship", FedEx), ("/pickup/v1", FedEx),
        ("/oauth2", Usps), ("/prices", Usps), ("/labels", Usps), ("/payments", Usps),
        ("/scan-forms", Usps), ("/pickup", Usps), ("/users", Usps),
        ("/swsim", Stamps), ("/sera", Stamps),
        ("/security/v1/oauth", Ups), ("/api/rating", Ups), ("/api/shipments", Ups), ("/api/pickupcreation", Ups),
    ];

    public static bool IsSupported(string? carrier) => carrier is not null && Supported.Contains(carrier);

    /// <summary>The carrier whose API serves this path, or null for pages and the control API.</summary>
    public static string? ForApiPath(PathString path)
    {
        foreach (var (prefix, carrier) in ApiPrefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)) return carrier;
        }
        return null;
    }
}
