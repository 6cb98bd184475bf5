namespace CarrierLink.Bench.Stack;

public enum StoreKind { Postgres, Sqlite }

/// <summary>The database the nodes share: its provider name for CarrierLink and its connection string.</summary>
public sealed record DatabaseTarget(StoreKind Kind, string ConnectionString)
{
    public string ProviderName => Kind == StoreKind.Postgres ? "postgres" : "sqlite";

    public static StoreKind Parse(string value) => value.ToLowerInvariant() switch
    {
        "postgres" or "postgresql" or "pg" => StoreKind.Postgres,
        "sqlite" => StoreKind.Sqlite,
        _ => throw new ArgumentException($"Unknown store '{value}': postgres or sqlite."),
    };

    public static string Name(StoreKind kind) => kind == StoreKind.Postgres ? "PostgreSQL" : "SQLite";
}
