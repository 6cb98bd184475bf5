using CarrierLink.Carriers.Catalog;

namespace CarrierLink.Web.Connect.Methods;

/// <summary>The connect method of each carrier, by its catalogue entry.</summary>
public sealed class ConnectMethods(IEnumerable<IConnectMethod> methods)
{
    public IConnectMethod For(CarrierDescriptor carrier) =>
        methods.FirstOrDefault(m => m.Method == carrier.ConnectMethod)
        ?? throw new InvalidOperationException($"No connect method {carrier.ConnectMethod} is registered.");

    /// <summary>Carriers a merchant can add here: those whose method has a configured client.</summary>
    public bool CanConnect(CarrierDescriptor carrier) => methods.FirstOrDefault(m => m.Method == carrier.ConnectMethod)?.IsAvailable(carrier) ?? false;

    public IReadOnlyList<ConnectField> FieldsFor(CarrierDescriptor carrier) =>
        methods.FirstOrDefault(m => m.Method == carrier.ConnectMethod)?.FieldsFor(carrier) ?? [];

    public bool CanConnect(string carrier) => CarrierCatalog.Find(carrier) is { } descriptor && CanConnect(descriptor);
}
