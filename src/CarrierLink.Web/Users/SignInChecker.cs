using System.Runtime.CompilerServices;
using CarrierLink.Web.Data;
using CarrierLink.Web.Merchants;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Users;

public abstract record SignInVerdict
{
    private SignInVerdict() { }
    public sealed record Accepted(User User) : SignInVerdict;
    public sealed record Refused : SignInVerdict;
    /// <summary>Too many wrong passwords for the email: try again after <paramref name="Wait"/>.</summary>
    public sealed record MustWait(TimeSpan Wait) : SignInVerdict;
}

/// <summary>
/// Checks a page sign-in. Wrong passwords make further attempts for the email wait (<see cref="SignInThrottles"/>),
/// never lock its owner out; an unknown email is answered exactly like a real one with a wrong password, after
/// the same password-hash work, so neither the answer nor its time says which emails have users.
/// </summary>
public sealed class SignInChecker(CarrierLinkDb db, IPasswordHasher<User> hasher, SignInThrottles throttles, TrustedBrowsers browsers)
{
    private static readonly User Decoy = new() { Email = "", NormalizedEmail = "", PasswordHash = "", Role = UserRoles.Merchant };
    // One decoy hash per hasher (one per app), made with that hasher's settings, so checking it costs what checking a real
    // user's costs even when several apps share a process (the test suites run many, some with cheaper hashing).
    private static readonly ConditionalWeakTable<IPasswordHasher<User>, string> DecoyHashes = new();

    public async Task<SignInVerdict> CheckAsync(HttpRequest request, string email, string password, CancellationToken cancellationToken)
    {
        var emailKey = SignInThrottles.KeyOf(email);
        if (await throttles.WaitAsync(emailKey, cancellationToken) is { } wait && !browsers.Trusts(request, emailKey))
            return new SignInVerdict.MustWait(wait);

        var normalized = MerchantAccounts.NormalizeEmail(email);
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        var verdict = user is null
            ? hasher.VerifyHashedPassword(Decoy, DecoyHashes.GetValue(hasher, h => h.HashPassword(Decoy, Security.SecureTokens.New256Bit())), password)
            : hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (user is null || verdict == PasswordVerificationResult.Failed)
            return await throttles.FailedAsync(emailKey, cancellationToken) is { } started
                ? new SignInVerdict.MustWait(started)
                : new SignInVerdict.Refused();

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
            await db.SaveChangesAsync(cancellationToken);
        }
        await throttles.SucceededAsync(emailKey, cancellationToken);
        return new SignInVerdict.Accepted(user);
    }
}
