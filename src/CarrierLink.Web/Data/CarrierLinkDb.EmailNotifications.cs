using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Data;

/// <summary>Email to the merchants' users about their connections (issue 14): preferences and the mails to send.</summary>
public abstract partial class CarrierLinkDb
{
    public DbSet<EmailPreference> EmailPreferences => Set<EmailPreference>();
    public DbSet<EmailEventChoice> EmailEventChoices => Set<EmailEventChoice>();
    public DbSet<EmailJob> EmailJobs => Set<EmailJob>();

    static partial void ConfigureEmailNotifications(ModelBuilder model)
    {
        model.Entity<EmailPreference>(preference =>
        {
            preference.ToTable("email_preferences");
            preference.HasKey(p => p.UserId);
            preference.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<EmailEventChoice>(choice =>
        {
            choice.ToTable("email_event_choices");
            choice.HasKey(c => new { c.UserId, c.EventType });
            choice.Property(c => c.EventType).HasMaxLength(64);
            choice.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<EmailJob>(job =>
        {
            job.ToTable("email_jobs");
            job.Property(j => j.EventType).HasMaxLength(64);
            job.Property(j => j.Headline).HasMaxLength(300);
            job.Property(j => j.ActionLabel).HasMaxLength(64);
            job.Property(j => j.ActionPath).HasMaxLength(300);
            job.Property(j => j.LastError).HasMaxLength(500);
            // One mail per event per person, however often the event fans out.
            job.HasIndex(j => new { j.SourceId, j.UserId }).IsUnique().HasDatabaseName("ux_email_jobs_source_user");
            // The senders' queue: only mails not yet sent are indexed, by when they are due.
            job.HasIndex(j => j.DueAt).HasDatabaseName("ix_email_jobs_due").HasFilter("sent_at IS NULL");
            job.HasIndex(j => j.UserId);
            job.HasOne<User>().WithMany().HasForeignKey(j => j.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
