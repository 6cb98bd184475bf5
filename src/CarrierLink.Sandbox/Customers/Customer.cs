using CarrierLink.Sandbox.FedEx.Accounts;

namespace CarrierLink.Sandbox.Customers;

/// <summary>A USPS business account's identifiers: what CarrierLink reads from the token to know which account signed in.</summary>
public sealed record UspsAccountIds(string Crid, string Mid, string ManifestMid, string AccountNumber);

/// <summary>A Stamps.com (One Balance) account's identifiers: its customer id and the email address its mail goes to.</summary>
public sealed record StampsAccountIds(string CustomerId, string Email)
{
    /// <summary>"&lt;username&gt;@example.test" (an '@' in the username becomes '.', so the address stays an address).</summary>
    public static string EmailFor(string username) => $"{username.Trim().ToLowerInvariant().Replace('@', '.')}@example.test";
}

/// <summary>A UPS.com login's UPS accounts: the shipper numbers (6 letters and digits) it may ship with.</summary>
public sealed record UpsAccountIds(IReadOnlyList<string> ShipperNumbers);

/// <summary>The current password is a temporary one from Forgot Password: it must be replaced before anything else.</summary>
public sealed record TemporaryPassword(DateTimeOffset ExpiresAt, bool Used);

/// <summary>What it takes to create a customer; ids left null are generated.</summary>
public sealed record NewCustomer(
    string Carrier,
    string Username,
    string Password,
    UspsAccountIds? Usps = null,
    string? Note = null,
    IReadOnlyDictionary<string, string>? SecurityAnswers = null,
    StampsAccountIds? Stamps = null,
    bool AccountInToken = true,
    FedExSetup? FedEx = null,
    UpsAccountIds? Ups = null);

/// <summary>A carrier's customer as the sandbox holds it. Immutable: the store swaps whole values under its lock.</summary>
public sealed record Customer(
    string Carrier,
    string Username,
    // Plain text on purpose: this is a throw-away in-memory sandbox and Stamps.com's "not used before" rule needs the history.
    string Password,
    UspsAccountIds? Usps,
    // Security question text -> answer (Stamps.com's Forgot Password asks them).
    IReadOnlyDictionary<string, string> SecurityAnswers,
    DateTimeOffset CreatedAt)
{
    public StampsAccountIds? Stamps { get; init; }

    /// <summary>FedEx: the account (its number is the username), its address, MFA setting and invoices.</summary>
    public FedExAccount? FedEx { get; init; }
    public UpsAccountIds? Ups { get; init; }

    /// <summary>Every password this customer has had, the current one included (Stamps.com refuses reusing any of them).</summary>
    public IReadOnlyList<string> PasswordHistory { get; init; } = [Password];

    /// <summary>Goes up with every password change: credentials derived from the password (Stamps.com authenticators, sessions) carry it.</summary>
    public int PasswordVersion { get; init; }

    public DateTimeOffset? PasswordChangedAt { get; init; }

    /// <summary>Set while <see cref="Password"/> is a temporary password that must be replaced.</summary>
    public TemporaryPassword? Temporary { get; init; }

    /// <summary>USPS: whether access tokens name the business account (CRID, MIDs, EPS account) in their claims.</summary>
    public bool AccountInToken { get; init; } = true;

    public bool Suspended { get; init; }
    public int FailedSignIns { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }

    /// <summary>Access tokens issued before this instant no longer validate (control API expire-tokens).</summary>
    public DateTimeOffset? AccessTokensExpiredAt { get; init; }

    /// <summary>The customer with a new current password: it joins the history, the version moves on, a temporary password is gone.</summary>
    public Customer WithNewPassword(string password, DateTimeOffset at) => this with
    {
        Password = password,
        PasswordHistory = [.. PasswordHistory, password],
        PasswordVersion = PasswordVersion + 1,
        PasswordChangedAt = at,
        Temporary = null,
    };
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
