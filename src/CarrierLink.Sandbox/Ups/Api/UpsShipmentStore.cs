namespace CarrierLink.Sandbox.Ups.Api;

/// <summary>A shipment a login bought: kept so voids and the control API (was a second label bought?) can see it.</summary>
public sealed record UpsShipment(
    string TrackingNumber, string Username, string ShipperNumber, string ServiceCode, decimal Charge,
    string FromZip, string ToZip, decimal WeightLb, IReadOnlyList<string> References, DateTimeOffset CreatedAt)
{
    public bool Voided { get; init; }
    public string? TransId { get; init; }
    public string? TransactionSrc { get; init; }
}

/// <summary>A scheduled pickup; a cancelled one is kept (status cancelled) so a second cancel is told it was done.</summary>
public sealed record UpsPickup(string Prn, string Username, string? AccountNumber, DateOnly PickupDate, string PostalCode, int Pieces, DateTimeOffset CreatedAt)
{
    public bool Cancelled { get; init; }
    public string? Reference { get; init; }
    public string? TransId { get; init; }
    public string? TransactionSrc { get; init; }
}

public enum UpsChange { Done, NotFound, AlreadyDone }

/// <summary>Shipments and pickups per login, under one lock.</summary>
public sealed class UpsShipmentStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, UpsShipment> shipments = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, UpsPickup> pickups = new(StringComparer.OrdinalIgnoreCase);

    public void Add(UpsShipment shipment)
    {
        lock (gate) shipments[shipment.TrackingNumber] = shipment;
    }

    public void Add(UpsPickup pickup)
    {
        lock (gate) pickups[pickup.Prn] = pickup;
    }

    public IReadOnlyList<UpsShipment> ShipmentsOf(string username)
    {
        lock (gate) return shipments.Values.Where(s => Same(s.Username, username)).OrderBy(s => s.CreatedAt).ToList();
    }

    public IReadOnlyList<UpsPickup> PickupsOf(string username)
    {
        lock (gate) return pickups.Values.Where(p => Same(p.Username, username)).OrderBy(p => p.CreatedAt).ToList();
    }

    public UpsChange Void(string username, string trackingNumber)
    {
        lock (gate)
        {
            if (!shipments.TryGetValue(trackingNumber, out var shipment) || !Same(shipment.Username, username)) return UpsChange.NotFound;
            if (shipment.Voided) return UpsChange.AlreadyDone;
            shipments[trackingNumber] = shipment with { Voided = true };
            return UpsChange.Done;
        }
    }

    /// <summary>Cancels by PRN, or (prn null: UPS's CancelBy 01, by account) the login's latest open pickup.</summary>
    public (UpsChange Change, UpsPickup? Pickup) Cancel(string username, string? prn)
    {
        lock (gate)
        {
            var pickup = prn is null
                ? pickups.Values.Where(p => Same(p.Username, username) && !p.Cancelled).MaxBy(p => p.CreatedAt)
                : pickups.GetValueOrDefault(prn) is { } found && Same(found.Username, username) ? found : null;
            if (pickup is null) return (UpsChange.NotFound, null);
            if (pickup.Cancelled) return (UpsChange.AlreadyDone, pickup);
            pickups[pickup.Prn] = pickup with { Cancelled = true };
            return (UpsChange.Done, pickup);
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
