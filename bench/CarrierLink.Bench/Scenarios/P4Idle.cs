using System.Diagnostics;
using System.Globalization;
using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// Issue 8, P4: broken idle connections are found by the engine, with no operation. Four idle accounts,
/// connected and never used: a USPS account whose grant is then revoked (published semantics: its
/// refresh tokens end, its access token still works until exp), a One Balance account whose password
/// is then changed at Stamps.com (control API), and one healthy account of each carrier. The probe
/// interval is 1 minute (Health:ProbeIntervalMinutes=1, Health:Jitter=0.1). Figures: seconds from the
/// revocation / password change until the account reads needs_reconnect (goal: within the interval);
/// then, from the sandbox counters over a quiet window, the carrier calls a healthy idle account costs
/// per probe, and so per day at the default interval of 60 minutes.
/// </summary>
public sealed class P4Idle : IScenario
{
    private const int ProbeMinutes = 1;
    private const double Jitter = 0.1;
    private static readonly TimeSpan DetectLimit = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan QuietWindow = TimeSpan.FromSeconds(150);

    public string Name => "p4-idle";

    public string Description => "an idle revoked USPS account and an idle One Balance account whose password changed are needs_reconnect within the probe interval";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var spec = new StackSpec(StoreKind.Postgres, context.Options.Nodes ?? 1, new Dictionary<string, string>
        {
            ["Health:ProbeIntervalMinutes"] = ProbeMinutes.ToString(CultureInfo.InvariantCulture),
            ["Health:Jitter"] = Jitter.ToString(CultureInfo.InvariantCulture),
        });
        await using var stack = await context.StartStackAsync(spec, cancellationToken);
        using var merchant = await ScenarioContext.NewMerchantAsync(stack, cancellationToken);
        context.Say($"  Health:ProbeIntervalMinutes={ProbeMinutes}, Health:Jitter={Jitter}; idle accounts, no operation is called on them");

        var uspsCustomer = await stack.Control.CreateUspsCustomerAsync(cancellationToken);
        var revoked = await merchant.ConnectUspsAsync(uspsCustomer, "Idle USPS, revoked", cancellationToken);
        var healthyUsps = (await ManyAccounts.ConnectUspsAsync(stack, merchant.Login, 1, 1, cancellationToken))[0];
        var stampsCustomer = await stack.Control.CreateStampsCustomerAsync(cancellationToken);
        var changed = await merchant.ConnectOneBalanceAsync(stampsCustomer, "Idle One Balance, password changed", cancellationToken);
        var healthyStamps = (await ManyAccounts.ConnectOneBalanceAsync(stack, merchant.Login, 1, 1, cancellationToken))[0];

        // Broken at the carrier, behind CarrierLink's back; nothing is sent to CarrierLink from here on but reads of the account.
        await stack.Control.RevokeAsync(uspsCustomer, instant: false, cancellationToken);
        var revokedAt = Stopwatch.StartNew();
        await stack.Control.ChangePasswordAsync(stampsCustomer, "Changed-Elsewhere-2026", cancellationToken);
        var changedAt = Stopwatch.StartNew();

        var found = new Dictionary<string, (double Seconds, string? Reason)>();
        var watch = new (string Name, Guid Id, Stopwatch Since)[] { ("USPS, grant revoked", revoked, revokedAt), ("One Balance, password changed", changed, changedAt) };
        while (found.Count < watch.Length && revokedAt.Elapsed < DetectLimit)
        {
            foreach (var (name, id, since) in watch.Where(w => !found.ContainsKey(w.Name)))
            {
                var (state, reason) = await merchant.StateAndReasonAsync(id, cancellationToken);
                if (state != "connected") found[name] = (since.Elapsed.TotalSeconds, $"{state}{(reason is null ? "" : $" ({reason})")}");
            }
            await Task.Delay(500, cancellationToken);
        }
        foreach (var (name, _, _) in watch)
        {
            context.Say(found.TryGetValue(name, out var f)
                ? $"  {name,-30}: {f.Reason} after {f.Seconds:0.0} s (goal: within the probe interval, {ProbeMinutes * 60} s)"
                : $"  {name,-30}: still connected after {DetectLimit.TotalSeconds:0} s (goal: within {ProbeMinutes * 60} s)");
        }
        foreach (var (name, id) in new[] { ("healthy USPS", healthyUsps.Id), ("healthy One Balance", healthyStamps.Id) })
            context.Say($"  {name,-30}: {(await merchant.StateAndReasonAsync(id, cancellationToken)).State}");

        // The cost: the broken accounts are now rechecked only every Health:RecheckBrokenMinutes (6 h), so over a quiet
        // window the carriers' counters are the healthy idle accounts' probes.
        var usps0 = await stack.Control.CountersAsync("usps", cancellationToken);
        var stamps0 = await stack.Control.CountersAsync("stamps", cancellationToken);
        // Probes are counted as changes of health.last_checked_at, read every 2 s.
        var probes = new Dictionary<Guid, (string? Last, int Count)> { [healthyUsps.Id] = (null, 0), [healthyStamps.Id] = (null, 0) };
        var window = Stopwatch.StartNew();
        while (window.Elapsed < QuietWindow)
        {
            foreach (var id in probes.Keys.ToList())
            {
                var account = await merchant.AccountAsync(id, cancellationToken);
                var checkedAt = account.GetProperty("health").GetProperty("last_checked_at").ToString();
                var (last, count) = probes[id];
                probes[id] = (checkedAt, last is not null && checkedAt != last ? count + 1 : count);
            }
            await Task.Delay(2000, cancellationToken);
        }
        var usps1 = await stack.Control.CountersAsync("usps", cancellationToken);
        var stamps1 = await stack.Control.CountersAsync("stamps", cancellationToken);
        var minutes = window.Elapsed.TotalMinutes;
        Cost(context, "USPS", usps0, usps1, probes[healthyUsps.Id].Count, minutes,
            "every probe is a refresh, which also renews the 8-hour access token, so renewals ahead of expiry (~3.2 a day without probes) add nothing");
        Cost(context, "One Balance", stamps0, stamps1, probes[healthyStamps.Id].Count, minutes, "a probe is a sign-in (authenticate); authenticators are not renewed ahead");
        var states = await Task.WhenAll(new[] { revoked, changed, healthyUsps.Id, healthyStamps.Id }.Select(id => merchant.StateAndReasonAsync(id, cancellationToken)));
        context.Say($"  states at the end: {string.Join(", ", states.Select(s => s.State))}");
    }

    private static void Cost(ScenarioContext context, string carrier, CarrierCounters before, CarrierCounters after, int probes, double minutes, string note)
    {
        var calls = after.Calls.Sum(c => c.Value) - before.Calls.Sum(c => c.Value);
        var byEndpoint = after.Calls.Select(c => (c.Key, Delta: c.Value - before.CallsTo(c.Key))).Where(c => c.Delta > 0).Select(c => $"{c.Key} {c.Delta}");
        var perProbe = probes == 0 ? double.NaN : (double)calls / probes;
        // Jitter only ever moves a probe earlier (by up to Jitter of the interval), so the mean interval is (1 - Jitter/2) of it.
        var perDay = 24 / (1 - Jitter / 2);
        context.Say($"  {carrier} healthy idle account: {calls} carrier calls ({string.Join(", ", byEndpoint)}) for {probes} probes in {minutes:0.0} min "
            + $"= {perProbe:0.00} calls per probe → at the default 60-min interval: {perProbe * 24:0.0} extra calls per account per day "
            + $"(24 probes; {perProbe * perDay:0.0} with the default 10% jitter) ({note})");
    }
}
