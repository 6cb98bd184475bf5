using CarrierLink.Web.Data;
using CarrierLink.Web.Merchants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Users;

/// <summary>
/// Checks the session a page cookie names on every request: ended (signed out here or elsewhere), past its absolute
/// end, or idle too long, and the cookie is refused and removed. Pages are not the hot path (the API uses keys),
/// so the read is one indexed row per page; "last seen" is written at most once a minute.
/// </summary>
public sealed class SessionCookieEvents(CarrierLinkDb db, IOptions<SessionOptions> options) : CookieAuthenticationEvents
{
    private static readonly TimeSpan SeenGranularity = TimeSpan.FromMinutes(1);

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var cancellationToken = context.HttpContext.RequestAborted;
        var sessionId = context.Principal is { } principal ? CarrierLinkClaims.SessionIdOf(principal) : null;
        var session = sessionId is null
            ? null
            : await db.UserSessions.AsNoTracking().Where(s => s.Id == sessionId)
                .Select(s => new { s.EndedAt, s.ExpiresAt, s.LastSeenAt }).FirstOrDefaultAsync(cancellationToken);
        var now = db.UtcNow;
        if (session is null || session.EndedAt is not null || session.ExpiresAt <= now || now - session.LastSeenAt >= options.Value.Idle)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (now - session.LastSeenAt >= SeenGranularity)
            await db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), cancellationToken);
    }
}
