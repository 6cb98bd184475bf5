using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Shipping;

/// <summary>
/// What an account's carrier offers, from the catalogue: the services a rate or label may ask for and the
/// operations it has. Checked once here, so the API and the Ship screen refuse the same things in the same words.
/// </summary>
public static class CarrierOffer
{
    /// <summary>The catalogue's service for <paramref name="mailClass"/>, or an error naming the carrier's services.</summary>
    /// <returns>The service's catalogue code (aliases normalised), or null when <paramref name="mailClass"/> is null.</returns>
    public static string? Service(CarrierAccount account, string? mailClass, InputErrors errors)
    {
        if (mailClass is null || CarrierCatalog.Find(account.Carrier) is not { Services.Count: > 0 } carrier) return mailClass;
        if (carrier.Service(mailClass) is { } service) return service.Code;
        errors.Add("mail_class", $"is not a {carrier.Name} service; use one of: {string.Join(", ", carrier.Services.Select(s => $"{s.Code} ({s.Name})"))}");
        return null;
    }

    /// <summary>Null when the carrier has <paramref name="operation"/>; otherwise why not, in the merchant's words.</summary>
    public static string? Missing(CarrierAccount account, string operation)
    {
        var carrier = CarrierCatalog.Find(account.Carrier);
        if (carrier is null || carrier.Offers(operation)) return null;
        return operation == ShippingOperations.EndOfDay
            ? $"{carrier.Name} has no End of Day form: it is a USPS SCAN form, and {carrier.Hauler} scans parcels when it picks them up."
            : $"{carrier.Name} does not offer {operation.Replace('_', ' ')}.";
    }
}
