using System.Collections.Concurrent;
using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// Many real, working accounts for the sweeps (P3 refresh rate, P4, faults): each USPS account is a
/// sandbox customer of its own connected through USPS.com's sign-in and consent pages, so each has
/// its own grant and refresh token at the sandbox (clones copied inside the database would share one
/// refresh token, which rotates on first use). The sandbox has no control endpoint that mints grants,
/// so the connect flow is the only honest way; it runs in parallel over several signed-in browsers of
/// the same merchant. One Balance accounts are cheaper: a Stamps.com customer and its password.
/// </summary>
public static class ManyAccounts
{
    public static async Task<IReadOnlyList<ConnectedAccount>> ConnectUspsAsync(BenchStack stack, MerchantLogin login, int count, int parallel,
        CancellationToken cancellationToken) =>
        await ConnectAsync(stack, login, count, parallel, async (merchant, i) =>
        {
            var customer = await stack.Control.CreateUspsCustomerAsync(cancellationToken);
            return new ConnectedAccount(customer, await merchant.ConnectUspsAsync(customer, $"Bulk USPS {i}", cancellationToken));
        }, cancellationToken);

    public static async Task<IReadOnlyList<ConnectedAccount>> ConnectOneBalanceAsync(BenchStack stack, MerchantLogin login, int count, int parallel,
        CancellationToken cancellationToken) =>
        await ConnectAsync(stack, login, count, parallel, async (merchant, i) =>
        {
            var customer = await stack.Control.CreateStampsCustomerAsync(cancellationToken);
            return new ConnectedAccount(customer, await merchant.ConnectOneBalanceAsync(customer, $"Bulk One Balance {i}", cancellationToken));
        }, cancellationToken);

    private static async Task<IReadOnlyList<ConnectedAccount>> ConnectAsync(BenchStack stack, MerchantLogin login, int count, int parallel,
        Func<Merchant, int, Task<ConnectedAccount>> connect, CancellationToken cancellationToken)
    {
        var accounts = new ConcurrentBag<ConnectedAccount>();
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(parallel, count)).Select(async _ =>
        {
            // A browser of its own: the sandbox's sign-in pages keep anti-forgery cookies per browser.
            using var merchant = await Merchant.SignInAsync(login, stack.NodeUrls, cancellationToken);
            int i;
            while ((i = Interlocked.Increment(ref next)) < count) accounts.Add(await WithRetriesAsync(() => connect(merchant, i)));
        });
        await Task.WhenAll(workers);
        return accounts.ToList();
    }

    /// <summary>
    /// A connect that fails (the code exchange timed out on this shared machine: "USPS is having trouble") is done again
    /// from the start, twice at most, as the person would; the account left pending is not used.
    /// </summary>
    private static async Task<ConnectedAccount> WithRetriesAsync(Func<Task<ConnectedAccount>> connect)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await connect();
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt));
            }
        }
    }
}
