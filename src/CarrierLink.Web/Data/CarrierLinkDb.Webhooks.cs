using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Data;

/// <summary>Signed webhooks (issue 14): endpoints per merchant, a delivery per event and endpoint, and its attempts.</summary>
public abstract partial class CarrierLinkDb
{
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    static partial void ConfigureWebhooks(ModelBuilder model)
    {
        model.Entity<WebhookEndpoint>(endpoint =>
        {
            endpoint.ToTable("webhook_endpoints");
            endpoint.Property(e => e.Url).HasMaxLength(2048);
            endpoint.Property(e => e.Description).HasMaxLength(200);
            endpoint.Property(e => e.EventTypes).HasMaxLength(1024);
            endpoint.Property(e => e.DisabledReason).HasMaxLength(32);
            endpoint.HasIndex(e => e.MerchantId).HasDatabaseName("ix_webhook_endpoints_merchant_id");
            // The mails still to send about endpoints CarrierLink turned off: looked for on every cycle, so only those are indexed.
            endpoint.HasIndex(e => e.Id).HasDatabaseName("ix_webhook_endpoints_mail_due").HasFilter("disabled_mail_due_at IS NOT NULL");
            endpoint.HasOne<Merchant>().WithMany().HasForeignKey(e => e.MerchantId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.Property(d => d.Type).HasMaxLength(64);
            delivery.Property(d => d.Status).HasMaxLength(16);
            delivery.Property(d => d.ClaimToken).IsConcurrencyToken();
            // A fan-out done again (a dispatcher that lost its claim, a crash before marking) cannot tell an endpoint twice.
            delivery.HasIndex(d => new { d.EndpointId, d.MessageId }).IsUnique().HasDatabaseName("ux_webhook_deliveries_endpoint_message");
            // The workers' queue: only deliveries with an attempt to come are indexed.
            delivery.HasIndex(d => d.NextAttemptAt).HasDatabaseName("ix_webhook_deliveries_due").HasFilter("next_attempt_at IS NOT NULL");
            delivery.HasIndex(d => new { d.EndpointId, d.Id }).HasDatabaseName("ix_webhook_deliveries_endpoint_id_id");
            delivery.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<WebhookAttempt>(attempt =>
        {
            attempt.ToTable("webhook_attempts");
            attempt.Property(a => a.Outcome).HasMaxLength(32);
            attempt.Property(a => a.ResponseExcerpt).HasMaxLength(500);
            attempt.HasIndex(a => new { a.DeliveryId, a.Id }).HasDatabaseName("ix_webhook_attempts_delivery_id_id");
            attempt.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
