using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// The carrier's records against CarrierLink's, per carrier (USPS, One Balance), after the run: what the sandbox holds
/// (its control API) beside what CarrierLink stored (its tables, read directly). Every figure counts records, summed over
/// the carrier's accounts; the goal of each "wrong" figure is 0.
/// </summary>
public sealed class I11Ledger
{
    private readonly Dictionary<string, Side> _sides = new(StringComparer.Ordinal) { ["usps"] = new(), ["stamps"] = new() };

    private sealed class Side
    {
        public readonly Dictionary<string, int> Counts = new(StringComparer.Ordinal);

        public void Add(string figure, int n = 1) => Counts[figure] = Counts.GetValueOrDefault(figure) + n;

        public int this[string figure] => Counts.GetValueOrDefault(figure);
    }

    // Figure names, also the order of the printout.
    private const string CarrierActive = "carrier labels active", CarrierVoided = "carrier labels voided", CarrierDisputed = "carrier labels disputed";
    private const string OursPurchased = "labels purchased", OursVoided = "labels voided", OursDisputed = "labels disputed";
    private const string DuplicateLabels = "duplicate labels", OrphanActive = "orphan labels active", OrphanVoided = "orphan labels voided";
    private const string Phantom = "phantom labels", TwoLabelsForKey = "two labels for one key";
    private const string VoidedNotOurs = "voided at carrier, purchased here", ActiveNotOurs = "active at carrier, voided here", OtherStatus = "other status";
    private const string FormNotOurs = "on a form at carrier, none here", FormOnlyOurs = "on a form here, none at carrier", FormDiffers = "on another form";
    private const string FormsWithoutRecord = "carrier forms without End of Day record";
    private const string CarrierPickups = "carrier pickups scheduled", OurPickupsScheduled = "pickups scheduled", OurPickupsCanceled = "pickups canceled";
    private const string OrphanPickups = "orphan pickups", DuplicatePickups = "duplicate pickups";
    /// <summary>Pickups CarrierLink holds as scheduled at the carrier without a number (USPS "already exists" after a lost answer).</summary>
    private const string UnconfirmedPickups = "unconfirmed pickups";
    private const string ScheduledNotAtCarrier = "scheduled here, not at carrier", CanceledNotAtCarrier = "canceled here, scheduled at carrier";
    private const string Unknown = "unknown";

    public static async Task<I11Ledger> ReadAsync(BenchStack stack, IReadOnlyList<PlatformAccount> accounts, IReadOnlyCollection<PlatformOperation> operations,
        CancellationToken cancellationToken)
    {
        var records = await CarrierLinkRecords.ReadAsync(stack.Database, cancellationToken);
        var ledger = new I11Ledger();
        foreach (var account in accounts)
        {
            var side = ledger._sides[account.Carrier];
            var labels = await stack.Control.LabelsAsync(account.Customer, cancellationToken);
            var pickups = await stack.Control.PickupsAsync(account.Customer, cancellationToken);
            CompareLabels(side, labels, records.Labels.Where(l => l.AccountId == account.Id).ToList(),
                records.Manifests.Where(m => m.AccountId == account.Id).Select(m => m.ManifestNumber).ToHashSet(StringComparer.Ordinal));
            ComparePickups(side, pickups, records.Pickups.Where(p => p.AccountId == account.Id).ToList());
            foreach (var key in records.Keys.Where(k => k.AccountId == account.Id && k.Status is "unknown" or "in_progress"))
                side.Add($"{Unknown} {key.Operation} {key.Status}");
            side.Add(UnconfirmedPickups, records.Keys.Count(k => k.AccountId == account.Id && k.Status == "unconfirmed_at_carrier"));
        }
        // What only the platform can see: one Idempotency-Key answered 201 with two different labels.
        foreach (var operation in operations.Where(o => o.Kind == I11Kind.Label))
        {
            var tracking = operation.Answers.Where(a => a.Succeeded).Select(a => a.Field("tracking_number")).Distinct().Count();
            if (tracking > 1) ledger._sides[operation.Account.Carrier].Add(TwoLabelsForKey, tracking - 1);
        }
        return ledger;
    }

    private static void CompareLabels(Side side, IReadOnlyList<CarrierLabel> carrier, IReadOnlyList<RecordedLabel> ours, HashSet<string> ourForms)
    {
        var oursByTracking = ours.ToDictionary(l => l.TrackingNumber, StringComparer.Ordinal);
        var carrierByTracking = carrier.ToDictionary(l => l.TrackingNumber, StringComparer.Ordinal);
        foreach (var label in ours) side.Add(label.Status switch { "purchased" => OursPurchased, "voided" => OursVoided, _ => OursDisputed });
        foreach (var label in carrier)
        {
            side.Add(label.Status switch { "active" => CarrierActive, "voided" => CarrierVoided, _ => CarrierDisputed });
            if (!oursByTracking.TryGetValue(label.TrackingNumber, out var mine))
            {
                side.Add(label.Status == "active" ? OrphanActive : OrphanVoided);
                continue;
            }
            var ourStatus = mine.Status == "purchased" ? "active" : mine.Status;
            if (ourStatus != label.Status)
            {
                side.Add((label.Status, ourStatus) switch
                {
                    ("voided" or "disputed", "active") => VoidedNotOurs,
                    ("active", _) => ActiveNotOurs,
                    _ => OtherStatus,
                });
            }
            if (label.Form is not null && mine.ManifestNumber is null) side.Add(FormNotOurs);
            else if (label.Form is null && mine.ManifestNumber is not null) side.Add(FormOnlyOurs);
            else if (label.Form != mine.ManifestNumber) side.Add(FormDiffers);
        }
        side.Add(Phantom, ours.Count(l => !carrierByTracking.ContainsKey(l.TrackingNumber)));
        // Each purchase reference is one idempotent purchase: a second carrier label under it was bought twice.
        side.Add(DuplicateLabels, carrier.Where(l => l.Reference is not null).GroupBy(l => l.Reference, StringComparer.Ordinal).Sum(g => g.Count() - 1));
        side.Add(FormsWithoutRecord, carrier.Where(l => l.Form is not null).Select(l => l.Form!).Distinct(StringComparer.Ordinal).Count(f => !ourForms.Contains(f)));
    }

    private static void ComparePickups(Side side, IReadOnlyList<CarrierPickupView> carrier, IReadOnlyList<RecordedPickup> ours)
    {
        var scheduled = carrier.Where(p => p.Status == "scheduled").ToList();
        var scheduledNumbers = scheduled.Select(p => p.ConfirmationNumber).ToHashSet(StringComparer.Ordinal);
        var oursByNumber = ours.ToDictionary(p => p.ConfirmationNumber, StringComparer.Ordinal);
        side.Add(CarrierPickups, scheduled.Count);
        side.Add(OurPickupsScheduled, ours.Count(p => p.Status == "scheduled"));
        side.Add(OurPickupsCanceled, ours.Count(p => p.Status != "scheduled"));
        side.Add(OrphanPickups, scheduled.Count(p => !oursByNumber.ContainsKey(p.ConfirmationNumber)));
        // The platform asks for each pickup on a day (and street) of its own: two scheduled for one is a duplicate.
        side.Add(DuplicatePickups, scheduled.GroupBy(p => (p.PickupDate, p.Address)).Sum(g => g.Count() - 1));
        side.Add(ScheduledNotAtCarrier, ours.Count(p => p.Status == "scheduled" && !scheduledNumbers.Contains(p.ConfirmationNumber)));
        side.Add(CanceledNotAtCarrier, ours.Count(p => p.Status != "scheduled" && scheduledNumbers.Contains(p.ConfirmationNumber)));
    }

    /// <summary>Records that disagree with the carrier, all kinds (duplicates and orphans are counted apart).</summary>
    public int Disagreements(string carrier)
    {
        var side = _sides[carrier];
        return side[VoidedNotOurs] + side[ActiveNotOurs] + side[OtherStatus] + side[FormNotOurs] + side[FormOnlyOurs] + side[FormDiffers]
            + side[Phantom] + side[FormsWithoutRecord] + side[ScheduledNotAtCarrier] + side[CanceledNotAtCarrier];
    }

    public int UnknownLeft(string carrier) => _sides[carrier].Counts.Where(c => c.Key.StartsWith(Unknown + " ", StringComparison.Ordinal)).Sum(c => c.Value);

    public void Print(Action<string> say)
    {
        var (u, s) = (_sides["usps"], _sides["stamps"]);
        void Row(string name, Func<Side, string> value, string goal = "") =>
            say($"    {name,-74} {value(u),14} {value(s),14}{(goal.Length == 0 ? "" : "   goal " + goal)}");
        string N(Side side, string figure) => side[figure].ToString(System.Globalization.CultureInfo.InvariantCulture);

        say($"    {"",-74} {"USPS",14} {"One Balance",14}");
        Row("labels at the carrier: active / voided / disputed", x => $"{N(x, CarrierActive)} / {N(x, CarrierVoided)} / {N(x, CarrierDisputed)}");
        Row("labels in CarrierLink: purchased / voided / disputed", x => $"{N(x, OursPurchased)} / {N(x, OursVoided)} / {N(x, OursDisputed)}");
        Row("duplicate labels (a 2nd carrier label under one purchase reference)", x => N(x, DuplicateLabels), "0");
        Row("orphan labels (at the carrier, no CarrierLink label): active / voided", x => $"{N(x, OrphanActive)} / {N(x, OrphanVoided)}", "0");
        Row("one Idempotency-Key answered with two different labels", x => N(x, TwoLabelsForKey), "0");
        Row("disagree: voided at the carrier, purchased in CarrierLink", x => N(x, VoidedNotOurs), "0");
        Row("disagree: active at the carrier, voided in CarrierLink", x => N(x, ActiveNotOurs), "0");
        Row("disagree: other label status (voided vs disputed)", x => N(x, OtherStatus), "0");
        Row("disagree: on a SCAN form at the carrier, no manifest_number in CarrierLink", x => N(x, FormNotOurs), "0");
        Row("disagree: manifest_number in CarrierLink, on no form at the carrier", x => N(x, FormOnlyOurs), "0");
        Row("disagree: on another form at the carrier than in CarrierLink", x => N(x, FormDiffers), "0");
        Row("disagree: forms at the carrier with no end_of_day_manifests row", x => N(x, FormsWithoutRecord), "0");
        Row("disagree: labels in CarrierLink the carrier does not have", x => N(x, Phantom), "0");
        Row("pickups scheduled at the carrier", x => N(x, CarrierPickups));
        Row("pickups in CarrierLink: scheduled / canceled", x => $"{N(x, OurPickupsScheduled)} / {N(x, OurPickupsCanceled)}");
        Row("orphan pickups (scheduled at the carrier, no CarrierLink pickup)", x => N(x, OrphanPickups), "0");
        Row("  of which CarrierLink holds as scheduled without a number (USPS gave none)", x => N(x, UnconfirmedPickups));
        Row("duplicate pickups (a 2nd scheduled for one requested day and address)", x => N(x, DuplicatePickups), "0");
        Row("disagree: scheduled in CarrierLink, canceled or gone at the carrier", x => N(x, ScheduledNotAtCarrier), "0");
        Row("disagree: canceled in CarrierLink, scheduled at the carrier", x => N(x, CanceledNotAtCarrier), "0");
        Row("records that disagree with the carrier, all kinds above", x => Disagreements(x == u ? "usps" : "stamps").ToString(System.Globalization.CultureInfo.InvariantCulture), "0");
        Row("operations left unknown (idempotency_records unknown or in_progress)", x => UnknownLeft(x == u ? "usps" : "stamps").ToString(System.Globalization.CultureInfo.InvariantCulture), "0");
        foreach (var kind in u.Counts.Keys.Concat(s.Counts.Keys).Where(k => k.StartsWith(Unknown + " ", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal))
            Row($"  of which {kind[(Unknown.Length + 1)..]}", x => N(x, kind));
    }
}
