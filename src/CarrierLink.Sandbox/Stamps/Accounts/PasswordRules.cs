namespace CarrierLink.Sandbox.Stamps.Accounts;

/// <summary>
/// Stamps.com's password requirements, in one place for every path (site, API, control API): at least 5 and at most 64
/// characters, and not any password this account has had. Characters are Unicode scalar values, not UTF-16 units.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 5;
    public const int MaxLength = 64;

    public const string MinLengthRule = "min_length";
    public const string MaxLengthRule = "max_length";
    public const string PreviouslyUsedRule = "previously_used";

    /// <summary>The slugs of the rules <paramref name="candidate"/> breaks; empty when it is acceptable. History is exact (case-sensitive).</summary>
    public static IReadOnlyList<string> Check(string candidate, IReadOnlyList<string>? history)
    {
        var failed = new List<string>();
        var length = candidate.EnumerateRunes().Count();
        if (length < MinLength) failed.Add(MinLengthRule);
        if (length > MaxLength) failed.Add(MaxLengthRule);
        if (history is not null && history.Contains(candidate, StringComparer.Ordinal)) failed.Add(PreviouslyUsedRule);
        return failed;
    }

    /// <summary>What the Stamps.com pages say for a failed rule.</summary>
    public static string Explain(string rule) => rule switch
    {
        MinLengthRule => $"Your new password must be at least {MinLength} characters long.",
        MaxLengthRule => $"Your new password must be no more than {MaxLength} characters long.",
        PreviouslyUsedRule => "You have used this password before. Choose a password you have not used on this account.",
        _ => "Your new password does not meet the requirements.",
    };
}
