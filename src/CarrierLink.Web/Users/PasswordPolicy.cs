using System.IO.Compression;

namespace CarrierLink.Web.Users;

/// <summary>
/// What a new password must be (ASVS 4 V2.1): at least 12 characters, at most 128, and not one of the passwords people
/// pick most or that leaked in breaches (a list shipped with the app, Users/PasswordLists; no network), nor such a
/// password with digits or symbols added at its end, nor the person's own email or its name. Any other character is fine.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 128;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommonPasswords);

    /// <summary>Why the password cannot be used, in words for the person choosing it; null when it is fine.</summary>
    public static string? Refusal(string password, string? email = null)
    {
        if (password.Length < MinimumLength) return $"must be at least {MinimumLength} characters";
        if (password.Length > MaximumLength) return $"must be at most {MaximumLength} characters";
        var lowered = password.ToLowerInvariant();
        // "password2026!" is as guessable as "password": guessing tools add the usual endings.
        var stem = lowered.TrimEnd("0123456789!@#$%^&*?.,-_+=~ ".ToCharArray());
        if (Common.Value.Contains(lowered) || (stem.Length >= 4 && Common.Value.Contains(stem)))
            return "is one of the passwords people use most or that leaked in data breaches; choose another";
        if (lowered.Distinct().Count() < 5) return "repeats too few characters; choose another";
        // The email itself, or its name before the @, with an ending: the first things anyone guesses.
        if (email is not null && (stem == email.Trim().ToLowerInvariant() || stem == email.Split('@')[0].Trim().ToLowerInvariant()))
            return "is your email address; choose another";
        return null;
    }

    private static HashSet<string> LoadCommonPasswords()
    {
        using var resource = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("CarrierLink.Web.common-passwords.txt.gz")
            ?? throw new InvalidOperationException("The common-passwords list is missing from the assembly.");
        using var reader = new StreamReader(new GZipStream(resource, CompressionMode.Decompress));
        var passwords = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line) if (line.Length > 0) passwords.Add(line);
        return passwords;
    }
}
