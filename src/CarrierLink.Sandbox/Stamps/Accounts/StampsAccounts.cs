using System.Globalization;
using System.Security.Cryptography;
using CarrierLink.Sandbox.Customers;
using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox.Stamps.Accounts;

public abstract record StampsSignIn
{
    public sealed record SignedIn(Customer Customer) : StampsSignIn;

    /// <summary>The right temporary password: the customer must set a new password before anything else.</summary>
    public sealed record MustChangePassword(Customer Customer) : StampsSignIn;

    /// <summary>The right temporary password, but it expired or (on the site) was already used once.</summary>
    public sealed record TemporaryPasswordUnusable : StampsSignIn;

    /// <summary>Unknown username or wrong password: never say which.</summary>
    public sealed record WrongCredentials : StampsSignIn;

    public sealed record LockedOut(DateTimeOffset Until) : StampsSignIn;

    public sealed record Suspended : StampsSignIn;
}

public abstract record PasswordChange
{
    public sealed record Changed(Customer Customer) : PasswordChange;

    /// <summary>The new password breaks these rules (slugs of <see cref="PasswordRules"/>).</summary>
    public sealed record Rejected(IReadOnlyList<string> FailedRules) : PasswordChange;

    public sealed record WrongPassword : PasswordChange;

    public sealed record LockedOut(DateTimeOffset Until) : PasswordChange;

    public sealed record Suspended : PasswordChange;

    /// <summary>The password changed since the caller last proved it (another path got there first), or the customer is gone.</summary>
    public sealed record Stale : PasswordChange;
}

/// <summary>
/// Stamps.com's account rules over the shared customer store: sign-in with temporary passwords, password changes that
/// enforce <see cref="PasswordRules"/> atomically, Forgot Password's temporary password and its email. Every successful
/// change ends the customer's authenticators.
/// </summary>
public sealed class StampsAccounts(CustomerStore customers, StampsAuthenticators authenticators, StampsMailbox mailbox, TimeProvider time, IOptions<StampsOptions> options)
{
    // No look-alikes (0/O, 1/l/I): people type this from an email.
    private const string TemporaryAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    public const int TemporaryPasswordLength = 10;

    public Customer? Find(string username) => customers.Find(Carriers.Stamps, username);

    /// <summary>
    /// Checks a password (failures count toward the 5-failure lockout). With <paramref name="consumeTemporary"/> (the site)
    /// a temporary password is spent by this sign-in; the API never spends it, it only says a change is required.
    /// </summary>
    public StampsSignIn SignIn(string username, string password, bool consumeTemporary)
    {
        switch (customers.SignIn(Carriers.Stamps, username, password))
        {
            case SignInResult.WrongCredentials:
                return new StampsSignIn.WrongCredentials();
            case SignInResult.LockedOut locked:
                return new StampsSignIn.LockedOut(locked.Until);
            case SignInResult.Suspended:
                return new StampsSignIn.Suspended();
            case SignInResult.SignedIn { Customer: var customer }:
                if (customer.Temporary is not { } temporary) return new StampsSignIn.SignedIn(customer);
                if (temporary.ExpiresAt <= time.GetUtcNow()) return new StampsSignIn.TemporaryPasswordUnusable();
                if (!consumeTemporary) return new StampsSignIn.MustChangePassword(customer);

                var spent = false;
                var updated = customers.Update(Carriers.Stamps, username, c =>
                {
                    if (c.PasswordVersion != customer.PasswordVersion || c.Temporary is not { Used: false } t) return c;
                    spent = true;
                    return c with { Temporary = t with { Used = true } };
                });
                return spent && updated is not null ? new StampsSignIn.MustChangePassword(updated) : new StampsSignIn.TemporaryPasswordUnusable();
            default:
                throw new InvalidOperationException("Unknown sign-in result.");
        }
    }

    /// <summary>Change with the current password (API, Change Password page). The current password may be an unexpired temporary one.</summary>
    public PasswordChange Change(string username, string currentPassword, string newPassword) =>
        SignIn(username, currentPassword, consumeTemporary: false) switch
        {
            StampsSignIn.SignedIn { Customer: var c } => SetPassword(username, c.PasswordVersion, newPassword),
            StampsSignIn.MustChangePassword { Customer: var c } => SetPassword(username, c.PasswordVersion, newPassword),
            StampsSignIn.LockedOut locked => new PasswordChange.LockedOut(locked.Until),
            StampsSignIn.Suspended => new PasswordChange.Suspended(),
            _ => new PasswordChange.WrongPassword(),
        };

    /// <summary>
    /// Sets a new password for a customer whose password is still at <paramref name="expectedVersion"/> (the caller proved
    /// that version: a session, a just-checked current password). Rules are checked under the store's lock, so two changes
    /// cannot both slip a reused password past the history.
    /// </summary>
    public PasswordChange SetPassword(string username, int expectedVersion, string newPassword)
    {
        PasswordChange result = new PasswordChange.Stale();
        customers.Update(Carriers.Stamps, username, c =>
        {
            if (c.PasswordVersion != expectedVersion) return c;
            var failed = PasswordRules.Check(newPassword, c.PasswordHistory);
            if (failed.Count > 0)
            {
                result = new PasswordChange.Rejected(failed);
                return c;
            }
            var changed = c.WithNewPassword(newPassword, time.GetUtcNow());
            result = new PasswordChange.Changed(changed);
            return changed;
        });
        if (result is PasswordChange.Changed) authenticators.RevokeCustomer(username);
        return result;
    }

    /// <summary>
    /// The control API's change "behind CarrierLink's back": length rules only (a person at Stamps.com support can set an
    /// old password again), and it still joins the history and ends every authenticator.
    /// </summary>
    public PasswordChange SetPasswordBehindTheBack(string username, string newPassword)
    {
        var failed = PasswordRules.Check(newPassword, history: null);
        if (failed.Count > 0) return new PasswordChange.Rejected(failed);
        var updated = customers.Update(Carriers.Stamps, username, c => c.WithNewPassword(newPassword, time.GetUtcNow()));
        if (updated is null) return new PasswordChange.Stale();
        authenticators.RevokeCustomer(username);
        return new PasswordChange.Changed(updated);
    }

    /// <summary>
    /// Forgot Password, after the right answers: a random temporary password replaces the current one at once (so the old
    /// password stops working, as a real reset does), counts as used, works for 24 hours, and is emailed to the customer.
    /// </summary>
    public Customer? IssueTemporaryPassword(string username)
    {
        var now = time.GetUtcNow();
        var expiresAt = now.AddHours(options.Value.TemporaryPasswordHours);
        string? temporary = null;
        var updated = customers.Update(Carriers.Stamps, username, c =>
        {
            do temporary = NewTemporaryPassword();
            while (PasswordRules.Check(temporary, c.PasswordHistory).Count > 0);
            return c.WithNewPassword(temporary, now) with { Temporary = new TemporaryPassword(expiresAt, Used: false) };
        });
        if (updated is null || temporary is null) return null;

        authenticators.RevokeCustomer(username);
        var email = updated.Stamps?.Email ?? StampsAccountIds.EmailFor(updated.Username);
        mailbox.Send(updated.Username, email, "Your Stamps.com temporary password", $"""
            Hello {updated.Username},

            You asked to reset the password of your Stamps.com account. Your temporary password is:

                {temporary}

            It works once, until {expiresAt.UtcDateTime.ToString("HH:mm 'UTC on' d MMMM yyyy", CultureInfo.InvariantCulture)}. Log in to Stamps.com with it and you will be asked to choose a new password right away.
            Your previous password no longer works.

            If you did not ask for this, contact Stamps.com Customer Support.

            Stamps.com
            """);
        return updated;
    }

    private static string NewTemporaryPassword() =>
        string.Create(TemporaryPasswordLength, 0, (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++) chars[i] = TemporaryAlphabet[RandomNumberGenerator.GetInt32(TemporaryAlphabet.Length)];
        });
}
