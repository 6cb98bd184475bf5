namespace CarrierLink.Web.Api;

/// <summary>RFC 9457 problems with the contract's short type slugs, as typed results (<see cref="ApiProblem"/>).</summary>
public static class ApiProblems
{
    public static NotFoundProblem NotFound(string what = "carrier account") => new("not-found", "Not found", $"No {what} with that id.");

    public static BadRequestProblem Validation(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static BadRequestProblem Validation(IDictionary<string, string[]> errors) => new(errors);

    /// <summary>503 carrier-unavailable, with Retry-After when the carrier named one.</summary>
    public static UnavailableProblem Unavailable(string detail, TimeSpan? retryAfter) => new(detail, retryAfter ?? TimeSpan.FromSeconds(30));

    public static ConflictProblem Conflict(string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        new(type, title, detail, extensions);

    public static UnprocessableProblem Unprocessable(string type, string title, string detail) => new(type, title, detail);
}
