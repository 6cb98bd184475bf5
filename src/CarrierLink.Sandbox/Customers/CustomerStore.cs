using System.Security.Cryptography;
using System.Text;
using CarrierLink.Sandbox.FedEx.Accounts;
using CarrierLink.Sandbox.Stamps.Accounts;

namespace CarrierLink.Sandbox.Customers;

/// <summary>Every carrier's customers of one sandbox instance, in memory. One lock: traffic is tiny and correctness is easy to see.</summary>
public sealed class CustomerStore(TimeProvider time)
{
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private readonly Lock gate = new();
    private readonly Dictionary<string, Customer> customers = new(StringComparer.Ordinal);

    // Usernames are case-insensitive at the carriers, so "Merchant.USPS" signs in as "merchant.usps".
    private static string Key(string carrier, string username) => $"{carrier.ToLowerInvariant()}/{username.Trim().ToLowerInvariant()}";

    public CreateCustomerResult Create(NewCustomer request)
    {
        lock (gate)
        {
            var key = Key(request.Carrier, request.Username);
            if (customers.ContainsKey(key)) return new CreateCustomerResult.AlreadyExists();

            var usps = request.Carrier == Carriers.Usps ? request.Usps ?? NewUspsIds() : null;
            var stamps = request.Carrier == Carriers.Stamps ? request.Stamps ?? NewStampsIds(request.Username.Trim()) : null;
            var answers = request.SecurityAnswers
                ?? (request.Carrier == Carriers.Stamps ? StampsSecurityQuestions.DefaultAnswers : new Dictionary<string, string>());
            var customer = new Customer(
                request.Carrier,
                request.Username.Trim(),
                request.Password,
                usps,
                answers,
                time.GetUtcNow())
            {
                Stamps = stamps,
                FedEx = request.Carrier == Carriers.FedEx
                    ? FedExAccountFactory.Create(request.Username.Trim(), request.FedEx?.Mfa ?? FedExMfa.Pin, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), request.FedEx?.CustomerName)
                    : null,
                Ups = request.Carrier == Carriers.Ups ? request.Ups ?? CarrierLink.Sandbox.Ups.UpsShipperNumbers.NewAccount(customers.Values) : null,
                AccountInToken = request.AccountInToken,
            };
            customers[key] = customer;
            return new CreateCustomerResult.Created(customer);
        }
    }

    public Customer? Find(string carrier, string username)
    {
        lock (gate)
        {
            return customers.GetValueOrDefault(Key(carrier, username));
        }
    }

    public IReadOnlyList<Customer> All()
    {
        lock (gate)
        {
            return customers.Values.OrderBy(c => c.Carrier, StringComparer.Ordinal).ThenBy(c => c.Username, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Applies a change to one customer atomically; null when there is no such customer.</summary>
    public Customer? Update(string carrier, string username, Func<Customer, Customer> change)
    {
        lock (gate)
        {
            var key = Key(carrier, username);
            if (!customers.TryGetValue(key, out var current)) return null;
            var updated = change(current);
            customers[key] = updated;
            return updated;
        }
    }

    /// <summary>Checks a password, counting consecutive failures: the fifth locks the customer for <see cref="LockoutDuration"/>.</summary>
    public SignInResult SignIn(string carrier, string username, string password)
    {
        lock (gate)
        {
            var key = Key(carrier, username);
            if (!customers.TryGetValue(key, out var customer)) return new SignInResult.WrongCredentials();

            var now = time.GetUtcNow();
            if (customer.LockedUntil is { } until)
            {
                // While locked even the right password is refused, otherwise the lock would only slow down guessing.
                if (until > now) return new SignInResult.LockedOut(until);
                customer = customer with { LockedUntil = null, FailedSignIns = 0 };
            }

            if (!SamePassword(customer.Password, password))
            {
                var failures = customer.FailedSignIns + 1;
                if (failures >= MaxFailedSignIns)
                {
                    var lockedUntil = now + LockoutDuration;
                    customers[key] = customer with { FailedSignIns = 0, LockedUntil = lockedUntil };
                    return new SignInResult.LockedOut(lockedUntil);
                }
                customers[key] = customer with { FailedSignIns = failures };
                return new SignInResult.WrongCredentials();
            }

            customer = customer with { FailedSignIns = 0 };
            customers[key] = customer;
            // Suspension is only told to someone who knows the password.
            return customer.Suspended ? new SignInResult.Suspended(customer) : new SignInResult.SignedIn(customer);
        }
    }

    private static bool SamePassword(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    // Called under the lock: ids are unique within this sandbox.
    private UspsAccountIds NewUspsIds()
    {
        while (true)
        {
            var ids = new UspsAccountIds(
                Crid: Digits(8, first: 5),
                Mid: Digits(9, first: 9),
                ManifestMid: Digits(9, first: 9),
                AccountNumber: "1000" + Digits(6, first: 0));
            var taken = customers.Values.Any(c => c.Usps is { } u && (u.Crid == ids.Crid || u.Mid == ids.Mid || u.AccountNumber == ids.AccountNumber));
            if (!taken) return ids;
        }
    }

    // Called under the lock.
    private StampsAccountIds NewStampsIds(string username)
    {
        while (true)
        {
            var id = Digits(8, first: 3);
            if (!customers.Values.Any(c => c.Stamps?.CustomerId == id)) return new StampsAccountIds(id, StampsAccountIds.EmailFor(username));
        }
    }

    private static string Digits(int length, int first)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        if (first > 0) chars[0] = (char)('0' + first);
        return new string(chars);
    }
}
