using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Merchants;

public abstract record SignInVerdict
{
    private SignInVerdict() { }
    public sealed record Accepted(User User) : SignInVerdict;
    public sealed record Refused : SignInVerdict;
    public sealed record LockedOut(DateTime Until) : SignInVerdict;
}

/// <summary>Checks a page sign-in; five wrong passwords in a row lock the user for fifteen minutes.</summary>
public sealed class SignInChecker(CarrierLinkDb db, IPasswordHasher<User> hasher)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public async Task<SignInVerdict> CheckAsync(string email, string password, CancellationToken cancellationToken)
    {
        var normalized = MerchantAccounts.NormalizeEmail(email);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is null) return new SignInVerdict.Refused();
        var now = db.UtcNow;
        if (user.LockedUntil > now) return new SignInVerdict.LockedOut(user.LockedUntil.Value);

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            user.FailedSignIns++;
            if (user.FailedSignIns >= MaxFailures)
            {
                user.LockedUntil = now + LockoutDuration;
                user.FailedSignIns = 0;
            }
            await db.SaveChangesAsync(cancellationToken);
            return user.LockedUntil > now ? new SignInVerdict.LockedOut(user.LockedUntil.Value) : new SignInVerdict.Refused();
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded) user.PasswordHash = hasher.HashPassword(user, password);
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(cancellationToken);
        return new SignInVerdict.Accepted(user);
    }
}
