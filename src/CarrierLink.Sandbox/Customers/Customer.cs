namespace CarrierLink.Sandbox.Customers;

/// <summary>A USPS business account's identifiers: what CarrierLink reads from the token to know which account signed in.</summary>
public sealed record UspsAccountIds(string Crid, string Mid, string ManifestMid, string AccountNumber);

/// <summary>What it takes to create a customer; ids left null are generated.</summary>
public sealed record NewCustomer(
    string Carrier,
    string Username,
    string Password,
    UspsAccountIds? Usps = null,
    string? Note = null,
    IReadOnlyDictionary<string, string>? SecurityAnswers = null);

/// <summary>A carrier's customer as the sandbox holds it. Immutable: the store swaps whole values under its lock.</summary>
public sealed record Customer(
    string Carrier,
    string Username,
    // Plain text on purpose: this is a throw-away in-memory sandbox and Stamps.com's "not used before" rule needs the history.
    string Password,
    UspsAccountIds? Usps,
    IReadOnlyDictionary<string, string> SecurityAnswers,
    DateTimeOffset CreatedAt)
{
    public bool Suspended { get; init; }
    public int FailedSignIns { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>Access tokens issued before this instant no longer validate (control API expire-tokens).</summary>
    public DateTimeOffset? AccessTokensExpiredAt { get; init; }
}

public abstract record SignInResult
{
    public sealed record SignedIn(Customer Customer) : SignInResult;
    /// <summary>Unknown username or wrong password: the page must not say which.</summary>
    public sealed record WrongCredentials : SignInResult;
    public sealed record LockedOut(DateTimeOffset Until) : SignInResult;
    public sealed record Suspended(Customer Customer) : SignInResult;
}

public abstract record CreateCustomerResult
{
    public sealed record Created(Customer Customer) : CreateCustomerResult;
    public sealed record AlreadyExists : CreateCustomerResult;
}
