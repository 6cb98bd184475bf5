using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox.Ups;

/// <summary>Configuration section <c>Sandbox:Ups</c>: UPS token lifetimes.</summary>
public sealed class UpsSandboxOptions
{
    public const string Section = "Sandbox:Ups";

    /// <summary>14399 (4 hours) as UPS's token samples show (~, a mirror of UPS's Postman sample).</summary>
    public int AccessTokenSeconds { get; set; } = 14399;

    /// <summary>5183999 (60 days) as UPS's token samples show (~).</summary>
    public int RefreshTokenSeconds { get; set; } = 5183999;
}

internal sealed class UpsSandboxOptionsValidator : IValidateOptions<UpsSandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, UpsSandboxOptions options)
    {
        var failures = new List<string>();
        if (options.AccessTokenSeconds <= 0) failures.Add("Sandbox:Ups:AccessTokenSeconds must be positive.");
        if (options.RefreshTokenSeconds <= 0) failures.Add("Sandbox:Ups:RefreshTokenSeconds must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>UPS lifetimes as they are right now; PUT /_control/settings/ups changes them while the sandbox runs.</summary>
public sealed record UpsSettings(int AccessTokenSeconds, int RefreshTokenSeconds);

public sealed class UpsSettingsStore(IOptions<UpsSandboxOptions> options)
{
    private readonly Lock gate = new();
    private UpsSettings current = new(options.Value.AccessTokenSeconds, options.Value.RefreshTokenSeconds);

    public UpsSettings Current
    {
        get
        {
            lock (gate) return current;
        }
    }

    public UpsSettings Update(Func<UpsSettings, UpsSettings> change)
    {
        lock (gate) return current = change(current);
    }
}
