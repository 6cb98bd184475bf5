using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Data;

/// <summary>In-app notices (issue 14, part 4): the notices themselves and who has not seen them yet.</summary>
public abstract partial class CarrierLinkDb
{
    public DbSet<Notice> Notices => Set<Notice>();
    public DbSet<UnreadNotice> UnreadNotices => Set<UnreadNotice>();

    static partial void ConfigureNotices(ModelBuilder model)
    {
        model.Entity<Notice>(notice =>
        {
            notice.ToTable("notices");
            notice.Property(n => n.Type).HasMaxLength(64);
            notice.Property(n => n.Carrier).HasMaxLength(32);
            notice.Property(n => n.Nickname).HasMaxLength(100);
            notice.Property(n => n.State).HasMaxLength(32);
            notice.HasIndex(n => n.OutboxMessageId).IsUnique();
            // The notices page: one merchant's newest first.
            notice.HasIndex(n => new { n.MerchantId, n.OccurredAt });
            notice.HasIndex(n => n.AccountId);
            notice.HasOne<Merchant>().WithMany().HasForeignKey(n => n.MerchantId).OnDelete(DeleteBehavior.Cascade);
            notice.HasOne<CarrierAccount>().WithMany().HasForeignKey(n => n.AccountId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<UnreadNotice>(unread =>
        {
            unread.ToTable("unread_notices");
            // The bell: one user's rows are a range of this key.
            unread.HasKey(u => new { u.UserId, u.NoticeId });
            unread.HasIndex(u => u.NoticeId);
            unread.HasOne<User>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
            unread.HasOne<Notice>().WithMany().HasForeignKey(u => u.NoticeId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
