using System.Net;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Data;
using CarrierLink.Web.Mail;
using CarrierLink.Web.Merchants;
using CarrierLink.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Users;

public abstract record PasswordChange
{
    private PasswordChange() { }
    public sealed record Changed : PasswordChange;
    public sealed record Rejected(string Field, string Reason) : PasswordChange;
}

/// <summary>
/// A person's own password: changed with the current one, or reset through a one-time link mailed to them
/// (ASVS 4 V2.1.5, V2.5). Either way every other session of theirs ends: whoever else was signed in is out.
/// </summary>
public sealed class PasswordChanges(
    CarrierLinkDb db, IPasswordHasher<User> hasher, UserSessions sessions, SignInThrottles throttles, MailSender mail, IOptions<ConnectOptions> connect)
{
    public static readonly TimeSpan ResetLinkLifetime = TimeSpan.FromMinutes(30);

    public async Task<PasswordChange> ChangeAsync(Guid userId, Guid? currentSession, string newPassword, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstAsync(u => u.Id == userId, cancellationToken);
        if (PasswordPolicy.Refusal(newPassword, user.Email) is { } refusal) return new PasswordChange.Rejected("new_password", refusal);
        await SetAsync(user, newPassword, keepSession: currentSession, cancellationToken);
        return new PasswordChange.Changed();
    }

    /// <summary>Mails a reset link when a user has the email; says nothing either way (the page answers alike).</summary>
    public async Task RequestResetAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = MerchantAccounts.NormalizeEmail(email);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is null) return;
        var token = SecureTokens.New256Bit();
        var now = db.UtcNow;
        db.PasswordResets.Add(new PasswordReset
        {
            UserId = user.Id, TokenHash = SecureTokens.Sha256Hex(token), CreatedAt = now, ExpiresAt = now + ResetLinkLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);

        // The token goes after "#": browsers never send a fragment, so no request log or proxy ever sees it.
        var link = new Uri(connect.Value.PublicBaseUrl!, "login/reset#" + token).ToString();
        var minutes = (int)ResetLinkLifetime.TotalMinutes;
        await mail.SendAsync(user.Email, "Reset your CarrierLink password",
            $"""
            Someone (we hope you) asked to reset the password of your CarrierLink sign-in, {user.Email}.

            Choose a new password here within {minutes} minutes; the link works once:
            {link}

            If it was not you, ignore this mail: your password stays as it is.
            """,
            $"""
            <p>Someone (we hope you) asked to reset the password of your CarrierLink sign-in, {WebUtility.HtmlEncode(user.Email)}.</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">Choose a new password</a> within {minutes} minutes; the link works once.</p>
            <p>If it was not you, ignore this mail: your password stays as it is.</p>
            """,
            cancellationToken);
    }

    public async Task<PasswordChange> ResetAsync(string token, string newPassword, CancellationToken cancellationToken)
    {
        var hash = SecureTokens.Sha256Hex(token);
        var now = db.UtcNow;
        var reset = await db.PasswordResets.AsNoTracking().FirstOrDefaultAsync(r => r.TokenHash == hash && r.UsedAt == null && r.ExpiresAt > now, cancellationToken);
        if (reset is null) return new PasswordChange.Rejected("token", "this link has expired or was used already; ask for a new one");
        var user = await db.Users.FirstAsync(u => u.Id == reset.UserId, cancellationToken);
        if (PasswordPolicy.Refusal(newPassword, user.Email) is { } refusal) return new PasswordChange.Rejected("new_password", refusal);

        // One use, even when the link is opened twice at once on two nodes.
        var claimed = await db.PasswordResets.Where(r => r.Id == reset.Id && r.UsedAt == null)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.UsedAt, now), cancellationToken);
        if (claimed == 0) return new PasswordChange.Rejected("token", "this link has expired or was used already; ask for a new one");
        await SetAsync(user, newPassword, keepSession: null, cancellationToken);
        // Whoever can read the mailbox is the owner: the waits that wrong passwords started are over.
        await throttles.SucceededAsync(SignInThrottles.KeyOf(user.Email), cancellationToken);
        return new PasswordChange.Changed();
    }

    private async Task SetAsync(User user, string newPassword, Guid? keepSession, CancellationToken cancellationToken)
    {
        user.PasswordHash = hasher.HashPassword(user, newPassword);
        user.PasswordChangedAt = db.UtcNow;
        await db.SaveChangesAsync(cancellationToken);
        await sessions.EndAllAsync(user.Id, keepSession, cancellationToken);
        // Older links die with the old password.
        await db.PasswordResets.Where(r => r.UserId == user.Id && r.UsedAt == null)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.UsedAt, db.UtcNow), cancellationToken);
    }
}
