using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox.Stamps;

/// <summary>Configuration section <c>Sandbox:Stamps</c>.</summary>
public sealed class StampsOptions
{
    public const string Section = "Sandbox:Stamps";

    /// <summary>How long an authenticator from /swsim/v1/authenticate works (unless the password changes first).</summary>
    public int AuthenticatorSeconds { get; set; } = 28800;

    /// <summary>How long a Forgot Password temporary password works.</summary>
    public int TemporaryPasswordHours { get; set; } = 24;

    /// <summary>What every One Balance account starts with, in US dollars; labels draw on it and voids put it back.</summary>
    public decimal StartingBalance { get; set; } = 1000m;
}

internal sealed class StampsOptionsValidator : IValidateOptions<StampsOptions>
{
    public ValidateOptionsResult Validate(string? name, StampsOptions options)
    {
        var failures = new List<string>();
        if (options.AuthenticatorSeconds <= 0) failures.Add("Sandbox:Stamps:AuthenticatorSeconds must be positive.");
        if (options.TemporaryPasswordHours <= 0) failures.Add("Sandbox:Stamps:TemporaryPasswordHours must be positive.");
        if (options.StartingBalance < 0) failures.Add("Sandbox:Stamps:StartingBalance must be zero or more.");
        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures);
    }
}
