namespace CarrierLink.Sandbox.Stamps.Accounts;

/// <summary>The two security questions every sandbox Stamps.com account has, and how answers are compared.</summary>
public static class StampsSecurityQuestions
{
    public const string FirstPet = "What was the name of your first pet?";
    public const string BirthCity = "In what city were you born?";

    public static IReadOnlyList<string> Questions { get; } = [FirstPet, BirthCity];

    public static IReadOnlyDictionary<string, string> DefaultAnswers { get; } = For("rex", "springfield");

    public static IReadOnlyDictionary<string, string> For(string firstPet, string birthCity) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { [FirstPet] = firstPet.Trim(), [BirthCity] = birthCity.Trim() };

    /// <summary>Both answers right, ignoring surrounding spaces and case ("Rex " is "rex").</summary>
    public static bool Match(IReadOnlyDictionary<string, string> expected, IReadOnlyList<string?> given) =>
        given.Count == Questions.Count
        && Questions.Select((question, i) => expected.TryGetValue(question, out var answer)
                && string.Equals(answer.Trim(), given[i]?.Trim(), StringComparison.OrdinalIgnoreCase))
            .All(right => right);
}
