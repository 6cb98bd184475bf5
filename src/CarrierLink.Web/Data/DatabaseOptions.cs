using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>"sqlite" (default) or "postgres"; the connection string is ConnectionStrings:CarrierLink.</summary>
    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "{0} must be 'sqlite' (one node) or 'postgres' (several nodes)")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Apply pending migrations at start-up (on in Development; production runs the migrate command).</summary>
    public bool MigrateOnStart { get; set; }
}
