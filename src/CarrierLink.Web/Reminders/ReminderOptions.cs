using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Reminders;

public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>How long "Remind Me Later" hides the reconnect prompt.</summary>
    [Range(1, 24 * 30)] public int SnoozeHours { get; set; } = 24;

    /// <summary>The longest snooze the API accepts.</summary>
    public const int MaxHours = 24 * 7;
}
