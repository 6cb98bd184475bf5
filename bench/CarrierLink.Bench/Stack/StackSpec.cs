namespace CarrierLink.Bench.Stack;

/// <summary>What a scenario needs running: a store, how many nodes, and any settings of its own for the nodes.</summary>
public sealed record StackSpec(StoreKind Store, int Nodes, IReadOnlyDictionary<string, string>? NodeSettings = null)
{
    public string Describe() => $"{Nodes} node{(Nodes == 1 ? "" : "s")} on {DatabaseTarget.Name(Store)}";
}
