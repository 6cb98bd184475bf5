namespace CarrierLink.Web.Data;

/// <summary>One connection model for every carrier (product.md, "Connection states").</summary>
public enum ConnectionState
{
    Pending,
    Connected,
    NeedsReconnect,
    SupportRequired,
    Suspended,
    Disconnected,
}

public static class ConnectionStateSlugs
{
    public static string ToSlug(this ConnectionState state) => state switch
    {
        ConnectionState.Pending => "pending",
        ConnectionState.Connected => "connected",
        ConnectionState.NeedsReconnect => "needs_reconnect",
        ConnectionState.SupportRequired => "support_required",
        ConnectionState.Suspended => "suspended",
        ConnectionState.Disconnected => "disconnected",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static ConnectionState FromSlug(string slug) => slug switch
    {
        "pending" => ConnectionState.Pending,
        "connected" => ConnectionState.Connected,
        "needs_reconnect" => ConnectionState.NeedsReconnect,
        "support_required" => ConnectionState.SupportRequired,
        "suspended" => ConnectionState.Suspended,
        "disconnected" => ConnectionState.Disconnected,
        _ => throw new ArgumentOutOfRangeException(nameof(slug), slug, "Unknown connection state."),
    };
}
