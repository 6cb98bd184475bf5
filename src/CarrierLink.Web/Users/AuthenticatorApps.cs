using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace CarrierLink.Web.Users;

public sealed record AuthenticatorEnrollment(string SharedKey, string OtpAuthUri);

/// <summary>
/// Two-step sign-in with an authenticator app (TOTP, RFC 6238, through Otp.NET) and one-time recovery codes
/// (ASVS 4 V2.8, level 2). The shared key is encrypted with the key ring; codes are good once, on any node.
/// </summary>
public sealed class AuthenticatorApps(CarrierLinkDb db, SecretProtector secrets)
{
    public const int RecoveryCodeCount = 10;
    private const string Issuer = "CarrierLink";

    /// <summary>A new shared key for the app to scan; two-step sign-in starts only once a code from it is confirmed.</summary>
    public async Task<AuthenticatorEnrollment> BeginAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstAsync(u => u.Id == userId, cancellationToken);
        if (user.TotpEnabledAt is not null) throw new InvalidOperationException("Two-step sign-in is on already.");
        var key = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        user.TotpSecretCipher = secrets.Protect(key);
        await db.SaveChangesAsync(cancellationToken);
        return Describe(user.Email, key);
    }

    /// <summary>The key being set up, to show again after a wrong confirmation code.</summary>
    public async Task<AuthenticatorEnrollment?> PendingAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, cancellationToken);
        return user.TotpEnabledAt is null && secrets.UnprotectOrNull(user.TotpSecretCipher) is { } key ? Describe(user.Email, key) : null;
    }

    /// <summary>Turns two-step sign-in on when the code matches the key being set up; returns the recovery codes to show once.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(Guid userId, string code, CancellationToken cancellationToken)
    {
        var user = await db.Users.FirstAsync(u => u.Id == userId, cancellationToken);
        if (user.TotpEnabledAt is not null || secrets.UnprotectOrNull(user.TotpSecretCipher) is not { } key) return null;
        if (MatchingStep(key, code) is not { } step) return null;
        user.TotpEnabledAt = db.UtcNow;
        user.TotpLastStep = step;
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => NewRecoveryCode()).ToList();
        await db.RecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        db.RecoveryCodes.AddRange(codes.Select(c => new RecoveryCode { UserId = userId, Hash = HashOf(c) }));
        await db.SaveChangesAsync(cancellationToken);
        return codes;
    }

    /// <summary>
    /// A code from the app (each good once: a step at or before the last one used is refused, on any node) or an
    /// unused recovery code.
    /// </summary>
    public async Task<bool> VerifyAsync(User user, string code, CancellationToken cancellationToken)
    {
        code = code.Trim();
        if (user.TotpEnabledAt is null || secrets.UnprotectOrNull(user.TotpSecretCipher) is not { } key) return false;
        if (MatchingStep(key, code) is { } step)
            return await db.Users.Where(u => u.Id == user.Id && (u.TotpLastStep == null || u.TotpLastStep < step))
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.TotpLastStep, step), cancellationToken) == 1;
        var hash = HashOf(code);
        var now = db.UtcNow;
        return await db.RecoveryCodes.Where(c => c.UserId == user.Id && c.Hash == hash && c.UsedAt == null)
            .ExecuteUpdateAsync(c => c.SetProperty(x => x.UsedAt, now), cancellationToken) == 1;
    }

    public Task<int> RecoveryCodesLeftAsync(Guid userId, CancellationToken cancellationToken) =>
        db.RecoveryCodes.CountAsync(c => c.UserId == userId && c.UsedAt == null, cancellationToken);

    public async Task TurnOffAsync(Guid userId, CancellationToken cancellationToken)
    {
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.TotpSecretCipher, (string?)null)
            .SetProperty(x => x.TotpEnabledAt, (DateTime?)null)
            .SetProperty(x => x.TotpLastStep, (long?)null), cancellationToken);
        await db.RecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The 30-second step the code belongs to, allowing one step of clock drift either way (RFC 6238 section 5.2).</summary>
    private long? MatchingStep(string key, string code)
    {
        code = code.Replace(" ", "", StringComparison.Ordinal);
        if (code.Length != 6 || !code.All(char.IsAsciiDigit)) return null;
        var totp = new Totp(Base32Encoding.ToBytes(key));
        return totp.VerifyTotp(db.UtcNow, code, out var step, VerificationWindow.RfcSpecifiedNetworkDelay) ? step : null;
    }

    private static AuthenticatorEnrollment Describe(string email, string key) =>
        new(key, new OtpUri(OtpType.Totp, key, email, Issuer).ToString());

    /// <summary>Ten characters from an alphabet without look-alikes, shown as "xxxxx-xxxxx": about 50 bits.</summary>
    private static string NewRecoveryCode()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        var chars = System.Security.Cryptography.RandomNumberGenerator.GetItems<char>(alphabet, 10);
        return new string(chars, 0, 5) + "-" + new string(chars, 5, 5);
    }

    private static string HashOf(string recoveryCode) => SecureTokens.Sha256Hex("recovery:" + recoveryCode.Trim().ToLowerInvariant());
}
