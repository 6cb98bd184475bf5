using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox.Usps;

/// <summary>USPS lifetimes and behaviour as they are right now; the control API changes them while the sandbox runs.</summary>
public sealed record UspsSettings(int AccessTokenSeconds, int RefreshTokenSeconds, bool RotateRefreshTokens, int ConsentAutoReturnSeconds);

public sealed class UspsSettingsStore(IOptions<SandboxOptions> options)
{
    private readonly Lock gate = new();
    private UspsSettings current = new(
        options.Value.Usps.AccessTokenSeconds,
        options.Value.Usps.RefreshTokenSeconds,
        options.Value.Usps.RotateRefreshTokens,
        options.Value.Usps.ConsentAutoReturnSeconds);

    public UspsSettings Current
    {
        get
        {
            lock (gate) return current;
        }
    }

    public UspsSettings Update(Func<UspsSettings, UspsSettings> change)
    {
        lock (gate) return current = change(current);
    }
}
