using System.Globalization;
using System.Text.Json;

namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>A scheduled carrier pickup; <see cref="Version"/> backs the ETag that PUT and DELETE must match.</summary>
public sealed record UspsPickup(string ConfirmationNumber, string Username, DateOnly PickupDate, string AddressKey, JsonElement Request, int Version)
{
    public string ETag => $"\"{Version.ToString(CultureInfo.InvariantCulture)}\"";
}

public abstract record PickupChange
{
    public sealed record NotFound : PickupChange;
    public sealed record PreconditionFailed : PickupChange;
    public sealed record Duplicate : PickupChange;
    public sealed record Done(UspsPickup Pickup) : PickupChange;
}

public sealed class PickupStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, UspsPickup> pickups = new(StringComparer.Ordinal);

    /// <summary>A new pickup, or null when this customer already has one at the same address on that day.</summary>
    public UspsPickup? Add(string username, DateOnly date, string addressKey, JsonElement request)
    {
        lock (gate)
        {
            if (Clashes(username, date, addressKey, except: null)) return null;
            var pickup = new UspsPickup(UspsNumbers.PickupConfirmation(), username, date, addressKey, request, Version: 1);
            pickups[pickup.ConfirmationNumber] = pickup;
            return pickup;
        }
    }

    /// <summary>A customer's pickups, for the control API: a cancel removes a pickup, so these are the scheduled ones.</summary>
    public IReadOnlyList<UspsPickup> ForCustomer(string username)
    {
        lock (gate) return pickups.Values.Where(p => Same(p.Username, username)).OrderBy(p => p.PickupDate).ThenBy(p => p.ConfirmationNumber, StringComparer.Ordinal).ToList();
    }

    public UspsPickup? Find(string username, string confirmationNumber)
    {
        lock (gate)
        {
            return pickups.TryGetValue(confirmationNumber, out var pickup) && Same(pickup.Username, username) ? pickup : null;
        }
    }

    public PickupChange Replace(string username, string confirmationNumber, string? ifMatch, DateOnly date, string addressKey, JsonElement request)
    {
        lock (gate)
        {
            if (Find(username, confirmationNumber) is not { } current) return new PickupChange.NotFound();
            if (!Matches(ifMatch, current)) return new PickupChange.PreconditionFailed();
            if (Clashes(username, date, addressKey, except: confirmationNumber)) return new PickupChange.Duplicate();
            var updated = current with { PickupDate = date, AddressKey = addressKey, Request = request, Version = current.Version + 1 };
            pickups[confirmationNumber] = updated;
            return new PickupChange.Done(updated);
        }
    }

    public PickupChange Cancel(string username, string confirmationNumber, string? ifMatch)
    {
        lock (gate)
        {
            if (Find(username, confirmationNumber) is not { } current) return new PickupChange.NotFound();
            if (!Matches(ifMatch, current)) return new PickupChange.PreconditionFailed();
            pickups.Remove(confirmationNumber);
            return new PickupChange.Done(current);
        }
    }

    /// <summary>If-Match holds "*" or a list of entity tags; weak tags (W/"1") compare by value.</summary>
    private static bool Matches(string? ifMatch, UspsPickup pickup) =>
        ifMatch is not null && ifMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == pickup.ETag || t == "W/" + pickup.ETag);

    private bool Clashes(string username, DateOnly date, string addressKey, string? except) =>
        pickups.Values.Any(p => p.ConfirmationNumber != except && Same(p.Username, username) && p.PickupDate == date && p.AddressKey == addressKey);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
