using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CarrierLink.Web.Data;

/// <summary>
/// The database. Its instances are pooled (DatabaseSetup): a context built for every request cost a lookup of its
/// internal services by options equality each time (issue 12's profile), so the constructor takes only the options.
/// The app runs one of its two store types (<see cref="SqliteCarrierLinkDb"/>, <see cref="PostgresCarrierLinkDb"/>),
/// each with its own generated migrations; everything else asks for this one.
/// </summary>
public abstract partial class CarrierLinkDb : DbContext, IDataProtectionKeyContext
{
    private readonly DbContextOptions _options;

    protected CarrierLinkDb(DbContextOptions options) : base(options) => _options = options;

    private TimeProvider? _time;

    public DbSet<Merchant> Merchants => Set<Merchant>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();
    public DbSet<PasswordReset> PasswordResets => Set<PasswordReset>();
    public DbSet<RecoveryCode> RecoveryCodes => Set<RecoveryCode>();
    public DbSet<CarrierAccount> CarrierAccounts => Set<CarrierAccount>();
    public DbSet<CarrierCredential> CarrierCredentials => Set<CarrierCredential>();
    public DbSet<AccountEvent> AccountEvents => Set<AccountEvent>();
    public DbSet<OAuthState> OAuthStates => Set<OAuthState>();
    /// <summary>The Data Protection key ring when <c>DataProtection:KeyStore</c> is database (Security/SecretProtection.cs).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ShippingLabel> Labels => Set<ShippingLabel>();
    public DbSet<EndOfDayManifest> Manifests => Set<EndOfDayManifest>();
    public DbSet<CarrierPickup> Pickups => Set<CarrierPickup>();
    public DbSet<ShipFromAddress> ShipFromAddresses => Set<ShipFromAddress>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<ReminderSnooze> ReminderSnoozes => Set<ReminderSnooze>();
    public DbSet<FailedOperation> FailedOperations => Set<FailedOperation>();
    public DbSet<PendingGrant> PendingGrants => Set<PendingGrant>();
    public DbSet<SupportRequest> SupportRequests => Set<SupportRequest>();
    public DbSet<CarrierIncident> CarrierIncidents => Set<CarrierIncident>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DateTime UtcNow => Time.GetUtcNow().UtcDateTime;

    /// <summary>The application's clock (a test's fake one), or the system's for a context made by hand without the app.</summary>
    private TimeProvider Time => _time ??= ApplicationServices?.GetService<TimeProvider>() ?? TimeProvider.System;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTime back with Kind=Unspecified; everything stored is UTC, so say so.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Merchant>().ToTable("merchants");
        model.Entity<Merchant>().Property(m => m.Name).HasMaxLength(200);

        model.Entity<User>(user =>
        {
            user.ToTable("users");
            user.HasIndex(u => u.NormalizedEmail).IsUnique();
            user.Property(u => u.Email).HasMaxLength(320);
            user.Property(u => u.NormalizedEmail).HasMaxLength(320);
            user.Property(u => u.Role).HasMaxLength(32);
            user.HasOne<Merchant>().WithMany().HasForeignKey(u => u.MerchantId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<ApiKey>(key =>
        {
            key.ToTable("api_keys");
            key.HasIndex(k => k.Hash).IsUnique();
            key.Property(k => k.Prefix).HasMaxLength(16);
            key.Property(k => k.Hash).HasMaxLength(64);
            key.Property(k => k.Name).HasMaxLength(100);
            key.HasOne<Merchant>().WithMany().HasForeignKey(k => k.MerchantId).OnDelete(DeleteBehavior.Cascade);
        });

        ConfigureUserSecurity(model);
        ConfigureOutbox(model);
        // Each way of telling people about connection events keeps its tables in its own partial file.
        ConfigureWebhooks(model);
        ConfigureEmailNotifications(model);
        ConfigureNotices(model);
        ConfigureRegistrations(model);

        model.Entity<CarrierAccount>(account =>
        {
            account.ToTable("carrier_accounts");
            account.HasIndex(a => new { a.MerchantId, a.Id });
            account.Property(a => a.Carrier).HasMaxLength(32);
            account.Property(a => a.Nickname).HasMaxLength(100);
            account.Property(a => a.State).HasMaxLength(32)
                .HasConversion(state => state.ToSlug(), slug => ConnectionStateSlugs.FromSlug(slug));
            account.Property(a => a.Version).IsConcurrencyToken();
            account.Property(a => a.StateReasonCode).HasMaxLength(64);
            account.Property(a => a.DueReason).HasMaxLength(32);
            // The due-queue: a claim reads the earliest due rows; accounts with nothing due are not indexed.
            account.HasIndex(a => a.NextDueAt).HasDatabaseName("ix_carrier_accounts_due").HasFilter("next_due_at IS NOT NULL");
            // Incident detection counts one carrier's recent authentication failures.
            account.HasIndex(a => new { a.Carrier, a.LastAuthFailureAt }).HasDatabaseName("ix_carrier_accounts_auth_failures").HasFilter("last_auth_failure_at IS NOT NULL");
            account.HasIndex(a => a.HeldByIncidentId).HasDatabaseName("ix_carrier_accounts_held").HasFilter("held_by_incident_id IS NOT NULL");
            account.HasOne<Merchant>().WithMany().HasForeignKey(a => a.MerchantId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<CarrierIncident>(incident =>
        {
            incident.ToTable("carrier_incidents");
            incident.Property(i => i.Carrier).HasMaxLength(32);
            // At most one open incident per carrier, whichever node opens it first.
            incident.HasIndex(i => i.Carrier).IsUnique().HasDatabaseName("ux_carrier_incidents_open").HasFilter("closed_at IS NULL");
        });

        model.Entity<CarrierCredential>(credential =>
        {
            credential.ToTable("carrier_credentials");
            credential.HasKey(c => c.AccountId);
            credential.Property(c => c.Version).IsConcurrencyToken();
            credential.Property(c => c.RefreshLeaseOwner).HasMaxLength(64);
            credential.HasOne<CarrierAccount>().WithOne().HasForeignKey<CarrierCredential>(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<AccountEvent>(evt =>
        {
            evt.ToTable("account_events");
            evt.HasIndex(e => new { e.AccountId, e.Id });
            evt.Property(e => e.Type).HasMaxLength(64);
            evt.HasOne<CarrierAccount>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<OAuthState>(state =>
        {
            state.ToTable("oauth_states");
            state.HasIndex(s => s.StateHash).IsUnique();
            state.Property(s => s.StateHash).HasMaxLength(64);
            state.Property(s => s.Carrier).HasMaxLength(32);
            state.HasOne<CarrierAccount>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        });

        model.Entity<DataProtectionKey>(key =>
        {
            // Note: the package's entity on the table the Initial migration made for our own repository before it:
            // same name, columns (snake_case below), key name and a required xml, so existing rings read as they are.
            key.ToTable("data_protection_keys");
            key.HasKey(k => k.Id).HasName("pk_data_protection_keys");
            key.Property(k => k.Xml).IsRequired();
        });
        ConfigureShipping(model);

        // Note: EFCore.NamingConventions does not run on EF Core 10, so columns get snake_case here, and keys and
        // indexes the lower-case names the first (hand-written) migrations gave them: pk_<table>, fk_..., ix_...
        foreach (var entity in model.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties()) property.SetColumnName(SnakeCase.From(property.Name));
            foreach (var key in entity.GetKeys()) key.SetName(key.GetName()!.ToLowerInvariant());
            foreach (var foreignKey in entity.GetForeignKeys()) foreignKey.SetConstraintName(foreignKey.GetConstraintName()!.ToLowerInvariant());
            foreach (var index in entity.GetIndexes()) index.SetDatabaseName(index.GetDatabaseName()!.ToLowerInvariant());
        }
    }

    static partial void ConfigureWebhooks(ModelBuilder model);

    static partial void ConfigureEmailNotifications(ModelBuilder model);

    static partial void ConfigureNotices(ModelBuilder model);
    static partial void ConfigureRegistrations(ModelBuilder model);

    private static void ConfigureOutbox(ModelBuilder model) =>
        model.Entity<OutboxMessage>(message =>
        {
            message.ToTable("outbox_messages");
            message.Property(m => m.Type).HasMaxLength(64);
            message.Property(m => m.Carrier).HasMaxLength(32);
            message.Property(m => m.Nickname).HasMaxLength(100);
            message.Property(m => m.State).HasMaxLength(32);
            message.Property(m => m.ReasonCode).HasMaxLength(64);
            message.Property(m => m.ClaimToken).IsConcurrencyToken();
            // The dispatchers' queue: only messages not yet told are indexed.
            message.HasIndex(m => m.Id).HasDatabaseName("ix_outbox_messages_pending").HasFilter("dispatched_at IS NULL");
            message.HasIndex(m => new { m.MerchantId, m.Id });
        });

    private static void ConfigureUserSecurity(ModelBuilder model)
    {
        model.Entity<UserSession>(session =>
        {
            session.ToTable("user_sessions");
            session.HasIndex(s => s.UserId);
            session.Property(s => s.UserAgent).HasMaxLength(200);
            session.Property(s => s.IpAddress).HasMaxLength(64);
            session.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SignInThrottle>(throttle =>
        {
            throttle.ToTable("sign_in_throttles");
            throttle.HasKey(t => t.EmailHash);
            throttle.Property(t => t.EmailHash).HasMaxLength(64);
        });
        model.Entity<PasswordReset>(reset =>
        {
            reset.ToTable("password_resets");
            reset.HasIndex(r => r.TokenHash).IsUnique();
            reset.Property(r => r.TokenHash).HasMaxLength(64);
            reset.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<RecoveryCode>(code =>
        {
            code.ToTable("recovery_codes");
            code.HasIndex(c => c.UserId);
            code.Property(c => c.Hash).HasMaxLength(64);
            code.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigureShipping(ModelBuilder model)
    {
        model.Entity<ShippingLabel>(label =>
        {
            label.ToTable("labels");
            label.HasIndex(l => new { l.AccountId, l.TrackingNumber }).IsUnique();
            label.Property(l => l.Price).HasPrecision(12, 2);
            label.HasOne<CarrierAccount>().WithMany().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<EndOfDayManifest>(manifest =>
        {
            manifest.ToTable("end_of_day_manifests");
            manifest.HasIndex(m => m.AccountId);
            manifest.HasOne<CarrierAccount>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<CarrierPickup>(pickup =>
        {
            pickup.ToTable("pickups");
            pickup.HasIndex(p => new { p.AccountId, p.ConfirmationNumber }).IsUnique();
            pickup.HasOne<CarrierAccount>().WithMany().HasForeignKey(p => p.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("idempotency_records");
            record.Property(r => r.Operation).HasMaxLength(32);
            record.HasIndex(r => new { r.AccountId, r.Operation, r.Key }).IsUnique().HasDatabaseName("ux_idempotency_records_account_operation_key");
            // The background reconciliation looks for unknown outcomes by status and age.
            record.HasIndex(r => new { r.Status, r.UpdatedAt });
            record.HasOne<CarrierAccount>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ReminderSnooze>(snooze =>
        {
            snooze.ToTable("reminder_snoozes");
            snooze.HasIndex(s => new { s.AccountId, s.UserId });
            snooze.HasOne<CarrierAccount>().WithMany().HasForeignKey(s => s.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<FailedOperation>(failed =>
        {
            failed.ToTable("failed_operations");
            failed.HasIndex(f => f.AccountId);
            failed.Property(f => f.RequestHash).HasMaxLength(64);
            failed.HasIndex(f => new { f.AccountId, f.RequestHash }).IsUnique()
                .HasDatabaseName("ux_failed_operations_waiting").HasFilter("resolved_at IS NULL");
            failed.HasOne<CarrierAccount>().WithMany().HasForeignKey(f => f.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SupportRequest>(request =>
        {
            request.ToTable("support_requests");
            request.HasIndex(r => new { r.Status, r.CreatedAt });
            request.HasIndex(r => r.AccountId);
            request.Property(r => r.ClosedBecause).HasMaxLength(32);
            request.HasOne<CarrierAccount>().WithMany().HasForeignKey(r => r.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<ShipFromAddress>(address =>
        {
            address.ToTable("ship_from_addresses");
            address.HasIndex(a => a.MerchantId);
            foreach (var (property, max) in new[] { ("Name", 100), ("Company", 100), ("Street1", 100), ("Street2", 100), ("City", 100), ("State", 2), ("Zip", 10), ("Phone", 30) })
                address.Property(property).HasMaxLength(max);
            address.HasOne<Merchant>().WithMany().HasForeignKey(a => a.MerchantId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<PendingGrant>(grant =>
        {
            grant.ToTable("pending_grants");
            grant.HasIndex(g => g.AccountId);
            grant.HasOne<CarrierAccount>().WithMany().HasForeignKey(g => g.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        using (ChangesDetectedOnce())
        {
            // An account back to connected closes its open support requests in the same unit of work.
            await Support.SupportRequestsOnReconnect.CloseAsync(this, cancellationToken);
            // Timeline entries the outside world hears about go to the outbox in the same transaction.
            await Notifications.Outbox.CaptureAsync(this, cancellationToken);
            StampVersions();
        }
        using (await WriteTurnAsync(cancellationToken))
            return await base.SaveChangesAsync(cancellationToken);
    }

    public override int SaveChanges()
    {
        using (ChangesDetectedOnce())
        {
            Support.SupportRequestsOnReconnect.Close(this);
            Notifications.Outbox.Capture(this);
            StampVersions();
        }
        using (WriteGate?.Enter())
            return base.SaveChanges();
    }

    /// <summary>SQLite's single writer, queued for in this process (see <see cref="SqliteWriteGate"/>); null on PostgreSQL.</summary>
    private SqliteWriteGate? WriteGate => _writeGateResolved ? _writeGate : ResolveWriteGate();

    private SqliteWriteGate? _writeGate;
    private bool _writeGateResolved;

    private SqliteWriteGate? ResolveWriteGate()
    {
        _writeGate = Database.IsSqlite() ? ApplicationServices?.GetService<SqliteWriteGate>() : null;
        _writeGateResolved = true;
        return _writeGate;
    }

    private async Task<IDisposable?> WriteTurnAsync(CancellationToken cancellationToken) =>
        WriteGate is { } gate ? await gate.EnterAsync(cancellationToken) : null;

    private IServiceProvider? ApplicationServices => _options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;

    /// <summary>
    /// Every ChangeTracker.Entries call detects changes again over everything tracked: the hooks above made three passes
    /// before SaveChanges' own (a tenth of CarrierLink's CPU on a label purchase in issue 12's profile). One pass here, and
    /// SaveChanges' own afterwards picks up what the hooks changed.
    /// </summary>
    private AutoDetectRestorer ChangesDetectedOnce()
    {
        ChangeTracker.DetectChanges();
        var restorer = new AutoDetectRestorer(ChangeTracker, ChangeTracker.AutoDetectChangesEnabled);
        ChangeTracker.AutoDetectChangesEnabled = false;
        return restorer;
    }

    private readonly struct AutoDetectRestorer(Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker tracker, bool enabled) : IDisposable
    {
        public void Dispose() => tracker.AutoDetectChangesEnabled = enabled;
    }

    private void StampVersions()
    {
        var now = UtcNow;
        foreach (var entry in ChangeTracker.Entries<CarrierAccount>())
        {
            if (entry.State == EntityState.Added) { entry.Entity.CreatedAt = now; entry.Entity.UpdatedAt = now; }
            if (entry.State == EntityState.Modified) { entry.Entity.UpdatedAt = now; entry.Entity.Version++; }
        }
        foreach (var entry in ChangeTracker.Entries<CarrierCredential>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified) entry.Entity.UpdatedAt = now;
            if (entry.State != EntityState.Modified) continue;
            entry.Entity.Version++;
            // New secrets from a connect or reconnect: what an earlier refresh left unknown no longer applies.
            if (entry.Property(c => c.RefreshTokenCipher).IsModified || entry.Property(c => c.PasswordCipher).IsModified)
                entry.Entity.RefreshOutcomeUnknownSince = null;
        }
    }
}
