using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CarrierLink.Sandbox;

/// <summary>
/// Data-protection keys (antiforgery) kept in memory: the sandbox's state is in memory anyway, nothing is written
/// to the user's profile, and two sandboxes in one process never share keys.
/// </summary>
internal sealed class InMemoryKeyRepository : IXmlRepository
{
    private readonly Lock gate = new();
    private readonly List<XElement> elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (gate) return elements.Select(e => new XElement(e)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (gate) elements.Add(new XElement(element));
    }
}
