using CarrierLink.Web.Data;
using CarrierLink.Web.Merchants;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Users;

/// <summary>
/// Wrong passwords per email, shared by every node through the database. After a few, attempts for the email wait
/// a growing time instead of locking the user out: the owner's browser (a <see cref="TrustedBrowsers"/> cookie from an
/// earlier sign-in) is never made to wait, so someone who only knows an email cannot keep its owner out.
/// Unknown emails are counted exactly like real ones, so the answers do not tell them apart.
/// </summary>
public sealed class SignInThrottles(CarrierLinkDb db, IOptions<SignInOptions> options)
{
    public static string KeyOf(string email) => SecureTokens.Sha256Hex("sign-in:" + MerchantAccounts.NormalizeEmail(email));

    /// <summary>How long attempts for the email must still wait; null when they may go ahead.</summary>
    public async Task<TimeSpan?> WaitAsync(string emailKey, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var until = await db.SignInThrottles.AsNoTracking().Where(t => t.EmailHash == emailKey)
            .Select(t => t.WaitUntil).FirstOrDefaultAsync(cancellationToken);
        return until > now ? until - now : null;
    }

    /// <summary>Counts a wrong password; returns the wait it starts, if any.</summary>
    public async Task<TimeSpan?> FailedAsync(string emailKey, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        // The increment is one statement, so failures on several nodes at once are all counted.
        var updated = await db.SignInThrottles.Where(t => t.EmailHash == emailKey)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.Failures, x => x.Failures + 1).SetProperty(x => x.UpdatedAt, now), cancellationToken);
        if (updated == 0 && !await TryInsertAsync(emailKey, now, cancellationToken))
            await db.SignInThrottles.Where(t => t.EmailHash == emailKey)
                .ExecuteUpdateAsync(t => t.SetProperty(x => x.Failures, x => x.Failures + 1).SetProperty(x => x.UpdatedAt, now), cancellationToken);

        var failures = await db.SignInThrottles.AsNoTracking().Where(t => t.EmailHash == emailKey)
            .Select(t => t.Failures).FirstAsync(cancellationToken);
        if (failures < options.Value.FreeFailures) return null;
        var wait = options.Value.WaitAfter(failures);
        var until = now + wait;
        await db.SignInThrottles.Where(t => t.EmailHash == emailKey && (t.WaitUntil == null || t.WaitUntil < until))
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.WaitUntil, until), cancellationToken);
        return wait;
    }

    public Task SucceededAsync(string emailKey, CancellationToken cancellationToken) =>
        db.SignInThrottles.Where(t => t.EmailHash == emailKey).ExecuteDeleteAsync(cancellationToken);

    private async Task<bool> TryInsertAsync(string emailKey, DateTime now, CancellationToken cancellationToken)
    {
        var row = new SignInThrottle { EmailHash = emailKey, Failures = 1, UpdatedAt = now };
        db.SignInThrottles.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException error) when (!DatabaseFailures.IsTransient(error))
        {
            // Another node counted the first failure for this email a moment ago.
            db.Entry(row).State = EntityState.Detached;
            return false;
        }
    }
}
