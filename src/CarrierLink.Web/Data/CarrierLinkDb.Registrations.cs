using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Data;

/// <summary>Registrations waiting for the merchant's proof (issue 15, FedEx).</summary>
public abstract partial class CarrierLinkDb
{
    public DbSet<RegistrationChallenge> RegistrationChallenges => Set<RegistrationChallenge>();

    static partial void ConfigureRegistrations(ModelBuilder model)
    {
        model.Entity<RegistrationChallenge>(challenge =>
        {
            challenge.ToTable("registration_challenges");
            challenge.Property(c => c.Methods).HasMaxLength(64);
            challenge.Property(c => c.MaskedEmail).HasMaxLength(320);
            challenge.Property(c => c.MaskedPhone).HasMaxLength(64);
            challenge.Property(c => c.PinSentBy).HasMaxLength(16);
            // The newest open challenge of an account.
            challenge.HasIndex(c => new { c.AccountId, c.CreatedAt });
            challenge.HasOne<CarrierAccount>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.Cascade);
            challenge.HasOne<Merchant>().WithMany().HasForeignKey(c => c.MerchantId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
