using System.Globalization;

namespace BareHop;

/// <summary>The command line: where the carrier is, which store, and how many refresh-token rows to seed.</summary>
public sealed record HopSettings(Uri Carrier, string Store, string Connection, int RefreshRows)
{
    public static HopSettings From(IConfiguration configuration)
    {
        var carrier = configuration["carrier"] ?? throw new ArgumentException("--carrier <stand-in base url> is required.");
        var store = configuration["store"] ?? "sqlite";
        if (store is not ("sqlite" or "postgres")) throw new ArgumentException($"--store is sqlite or postgres, not '{store}'.");
        var connection = configuration["connection"] ?? throw new ArgumentException("--connection <connection string> is required.");
        var rows = int.Parse(configuration["refresh-rows"] ?? "1000", CultureInfo.InvariantCulture);
        return new HopSettings(new Uri(carrier.EndsWith('/') ? carrier : carrier + "/"), store, connection, rows);
    }
}
