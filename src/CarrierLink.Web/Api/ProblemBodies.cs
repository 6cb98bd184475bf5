using System.Text.Json.Serialization;

namespace CarrierLink.Web.Api;

// The shapes of the problem+json bodies, for the OpenAPI document: the answers themselves are written by ApiProblem
// (Results.Problem), whose extensions are these classes' extra members.

/// <summary>Every error answer: RFC 9457 problem details whose <c>type</c> is one of the slugs in <see cref="ProblemTypes"/>.</summary>
public class ProblemBody
{
    public required string Type { get; init; }
    public required string Title { get; init; }
    public required int Status { get; init; }
    public string? Detail { get; init; }

    /// <summary>The request's trace id, to quote to support.</summary>
    [JsonPropertyName("trace_id")] public string? TraceId { get; init; }
}

/// <summary>400 <c>validation</c>: each field that is wrong and what is wrong with it.</summary>
public sealed class ValidationProblemBody : ProblemBody
{
    public required IDictionary<string, string[]> Errors { get; init; }
}

/// <summary>409: the account is not usable now; some types name where to go next.</summary>
public sealed class ConflictProblemBody : ProblemBody
{
    /// <summary>account-details-required: the account to complete.</summary>
    public Guid? AccountId { get; init; }

    /// <summary>account-details-required: where to PUT the details.</summary>
    public string? AccountDetailsUrl { get; init; }

    /// <summary>account-details-required: the page where a person enters them.</summary>
    public string? EditUrl { get; init; }

    /// <summary>support-not-needed: the field, carrier and state that make support unnecessary.</summary>
    public string? Field { get; init; }
    public string? Carrier { get; init; }
    public string? State { get; init; }
}

/// <summary>422: <c>failed_rules</c> with password-rejected (min_length, max_length, previously_used ...).</summary>
public sealed class UnprocessableProblemBody : ProblemBody
{
    public IReadOnlyList<string>? FailedRules { get; init; }
}

/// <summary>424 <c>reconnect-required</c> / <c>support-required</c>: the account is now needs_reconnect (or support_required).</summary>
public sealed class ReconnectRequiredProblemBody : ProblemBody
{
    public required Guid AccountId { get; init; }
    public required string State { get; init; }

    /// <summary>reconnect-required: the page that starts the reconnect.</summary>
    public string? ReconnectUrl { get; init; }

    /// <summary>support-required: where to open a support request.</summary>
    public string? SupportRequestUrl { get; init; }
}
