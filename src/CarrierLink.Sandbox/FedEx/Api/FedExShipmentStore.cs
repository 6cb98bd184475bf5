using System.Globalization;
using System.Security.Cryptography;

namespace CarrierLink.Sandbox.FedEx.Api;

public sealed record FedExLabel(string TrackingNumber, string AccountNumber, string ServiceType, decimal NetCharge, DateOnly ShipDate, string ToPostalCode,
    string? CustomerReference, string? CustomerTransactionId, DateTimeOffset CreatedAt)
{
    public bool Cancelled { get; init; }
    /// <summary>The Ground close (shippingCycle) the label went into, once closed.</summary>
    public string? ShippingCycle { get; init; }
}

public sealed record FedExPickup(string ConfirmationCode, string Location, string AccountNumber, string CarrierCode, DateOnly ScheduledDate, int PackageCount,
    DateTimeOffset CreatedAt)
{
    public bool Cancelled { get; init; }
}

/// <summary>Labels, Ground closes and pickups per account, in memory; what the control API lists.</summary>
public sealed class FedExShipmentStore(TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, FedExLabel> labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FedExPickup> pickups = new(StringComparer.Ordinal);

    public DateTimeOffset Now => time.GetUtcNow();

    public FedExLabel AddLabel(Func<string, FedExLabel> create)
    {
        lock (gate)
        {
            string number;
            // 12 digits starting with 7, as FedEx's examples (794953535000).
            do number = "7" + Digits(11); while (labels.ContainsKey(number));
            var label = create(number);
            labels[number] = label;
            return label;
        }
    }

    public FedExLabel? Label(string trackingNumber)
    {
        lock (gate) return labels.GetValueOrDefault(trackingNumber);
    }

    public FedExLabel? CancelLabel(string trackingNumber)
    {
        lock (gate)
        {
            if (!labels.TryGetValue(trackingNumber, out var label)) return null;
            return labels[trackingNumber] = label with { Cancelled = true };
        }
    }

    /// <summary>
    /// Closes the account's open Ground labels of <paramref name="date"/> into one shipping cycle; with none open,
    /// the cycle closed earlier that day (a reprint), or null when the day has no Ground labels at all.
    /// </summary>
    public (string Cycle, IReadOnlyList<string> TrackingNumbers)? CloseGround(string accountNumber, DateOnly date)
    {
        lock (gate)
        {
            var day = labels.Values.Where(l => l.AccountNumber == accountNumber && l.ShipDate == date && l.ServiceType == "FEDEX_GROUND" && !l.Cancelled).ToList();
            var open = day.Where(l => l.ShippingCycle is null).ToList();
            if (open.Count == 0)
            {
                var earlier = day.Select(l => l.ShippingCycle).LastOrDefault(c => c is not null);
                return earlier is null ? null : (earlier, day.Where(l => l.ShippingCycle == earlier).Select(l => l.TrackingNumber).ToList());
            }
            var cycle = Digits(16);
            foreach (var label in open) labels[label.TrackingNumber] = label with { ShippingCycle = cycle };
            return (cycle, open.Select(l => l.TrackingNumber).ToList());
        }
    }

    public FedExPickup AddPickup(Func<string, FedExPickup> create)
    {
        lock (gate)
        {
            string code;
            do code = "NQ" + Letters(2) + Digits(2); while (pickups.ContainsKey(code));
            var pickup = create(code);
            pickups[code] = pickup;
            return pickup;
        }
    }

    public FedExPickup? Pickup(string code)
    {
        lock (gate) return pickups.GetValueOrDefault(code);
    }

    public void CancelPickup(string code)
    {
        lock (gate)
            if (pickups.TryGetValue(code, out var pickup)) pickups[code] = pickup with { Cancelled = true };
    }

    public IReadOnlyList<FedExLabel> LabelsOf(string accountNumber)
    {
        lock (gate) return labels.Values.Where(l => l.AccountNumber == accountNumber).OrderBy(l => l.CreatedAt).ToList();
    }

    public IReadOnlyList<FedExPickup> PickupsOf(string accountNumber)
    {
        lock (gate) return pickups.Values.Where(p => p.AccountNumber == accountNumber).OrderBy(p => p.CreatedAt).ToList();
    }

    private static string Digits(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => RandomNumberGenerator.GetInt32(10).ToString(CultureInfo.InvariantCulture)));

    private static string Letters(int count) => RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", count);
}
