namespace CarrierLink.Web.OneBalance;

public sealed record PasswordRule(string Slug, string Text);

/// <summary>
/// Stamps.com's password rules (product.md, flow B). The requirements are enforced (the first two
/// here, "not used before" by Stamps.com, which alone knows the history); the recommendations are
/// shown and ticked as the person types.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 5;
    public const int MaxLength = 64;

    public static readonly IReadOnlyList<PasswordRule> Requirements =
    [
        new("min_length", "Be at least 5 characters long"),
        new("max_length", "Be no more than 64 characters long"),
        new("previously_used", "Not have been used before on this account"),
    ];

    public static readonly IReadOnlyList<PasswordRule> Recommendations =
    [
        new("long", "Be at least 10 characters long"),
        new("words", "Contain more than one word"),
        new("upper", "Contain at least one upper case letter"),
        new("lower", "Contain at least one lower case letter"),
        new("digit", "Contain at least one number"),
    ];

    /// <summary>The requirements CarrierLink can check itself, as the API's failed_rules slugs.</summary>
    public static IReadOnlyList<string> FailedRequirements(string password)
    {
        var failed = new List<string>();
        if (password.Length < MinLength) failed.Add("min_length");
        if (password.Length > MaxLength) failed.Add("max_length");
        return failed;
    }

    /// <summary>Whether a rule is met, for the server-rendered checklist (null: only Stamps.com can tell).</summary>
    public static bool? IsMet(string slug, string password) => slug switch
    {
        "min_length" => password.Length >= MinLength,
        "max_length" => password.Length is > 0 and <= MaxLength,
        "previously_used" => null,
        "long" => password.Length >= 10,
        "words" => password.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 1,
        "upper" => password.Any(char.IsUpper),
        "lower" => password.Any(char.IsLower),
        "digit" => password.Any(char.IsDigit),
        _ => null,
    };

    public static string Explain(string slug) => slug switch
    {
        "min_length" => "The password must be at least 5 characters long.",
        "max_length" => "The password must be no more than 64 characters long.",
        "previously_used" => "Stamps.com says this password was used before on this account. Choose one you have not used.",
        _ => "Stamps.com did not accept this password.",
    };
}
