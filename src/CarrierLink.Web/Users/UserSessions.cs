using System.Security.Claims;
using CarrierLink.Web.Data;
using CarrierLink.Web.Merchants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Users;

/// <summary>
/// Server-side page sessions: the cookie names a row in user_sessions, and every request checks that row, so a
/// cookie copied before sign-out is worthless after it, on every node (issue 13, finding 2).
/// </summary>
public sealed class UserSessions(CarrierLinkDb db, IOptions<SessionOptions> options)
{
    /// <summary>Starts a session for a user who proved who they are, and signs the browser in with it.</summary>
    public async Task SignInAsync(HttpContext http, User user, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var session = new UserSession
        {
            UserId = user.Id,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + options.Value.Absolute,
            UserAgent = Shorten(http.Request.Headers.UserAgent.ToString(), 200),
            IpAddress = http.Connection.RemoteIpAddress?.ToString(),
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.Email),
            new(CarrierLinkClaims.UserId, user.Id.ToString()),
            new(CarrierLinkClaims.SessionId, session.Id.ToString()),
            new(ClaimTypes.Role, user.Role),
        };
        if (user.MerchantId is { } merchantId) claims.Add(new Claim(CarrierLinkClaims.MerchantId, merchantId.ToString()));
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)),
            new AuthenticationProperties { IsPersistent = false, ExpiresUtc = session.ExpiresAt, AllowRefresh = false });
    }

    /// <summary>Ends the browser's own session and removes its cookie.</summary>
    public async Task SignOutAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (CarrierLinkClaims.SessionIdOf(http.User) is { } sessionId && CarrierLinkClaims.UserIdOf(http.User) is { } userId)
            await EndAsync(userId, sessionId, cancellationToken);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    public async Task<bool> EndAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken) =>
        await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, db.UtcNow), cancellationToken) > 0;

    /// <summary>"Sign out everywhere": every session of the user but <paramref name="keep"/> (none when null).</summary>
    public Task<int> EndAllAsync(Guid userId, Guid? keep, CancellationToken cancellationToken) =>
        db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null && s.Id != keep)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, db.UtcNow), cancellationToken);

    public async Task<IReadOnlyList<UserSession>> ListOpenAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var idleSince = now - options.Value.Idle;
        return await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedAt == null && s.ExpiresAt > now && s.LastSeenAt > idleSince)
            .OrderByDescending(s => s.LastSeenAt)
            .ToListAsync(cancellationToken);
    }

    private static string? Shorten(string value, int length) =>
        value.Length == 0 ? null : Security.ControlCharacters.Clean(value.Length > length ? value[..length] : value);
}
