using CarrierLink.Web.Data;

namespace CarrierLink.Web.Pages;

/// <summary>What a merchant reads for each connection state (product.md, "what the merchant sees").</summary>
public static class StateLabels
{
    public static string Label(ConnectionState state) => state switch
    {
        ConnectionState.Pending => "Finish connecting",
        ConnectionState.Connected => "Connected",
        ConnectionState.NeedsReconnect => "Needs reconnecting",
        ConnectionState.SupportRequired => "Contact Customer Service",
        ConnectionState.Suspended => "Suspended",
        ConnectionState.Disconnected => "Removed",
        _ => state.ToString(),
    };
}
