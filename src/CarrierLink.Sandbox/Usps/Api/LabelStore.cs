namespace CarrierLink.Sandbox.Usps.Api;

public static class LabelStatus
{
    public const string Active = "ACTIVE";
    public const string Canceled = "CANCELED";
    public const string Disputed = "DISPUTED";
}

/// <summary>A label bought by a customer: kept so cancels, SCAN forms and the control API (no second label bought?) can see it.</summary>
public sealed record UspsLabel(
    string TrackingNumber,
    string Username,
    string MailClass,
    decimal Postage,
    string Zone,
    string Sku,
    decimal WeightLb,
    DateOnly MailingDate,
    string FromZip,
    string ToZip,
    DateTimeOffset CreatedAt)
{
    public string Status { get; init; } = LabelStatus.Active;

    /// <summary>packageDescription.customerReference[0].referenceNumber, what a platform can find the label by again.</summary>
    public string? CustomerReference { get; init; }

    /// <summary>The labelMetadata and PDF as first returned, so a lookup returns the same label, not a new one.</summary>
    public string MetadataJson { get; init; } = "{}";

    public byte[] Pdf { get; init; } = [];

    /// <summary>The X-Idempotency-Key it was bought with, unique per CRID, and the payload it was bought with.</summary>
    public string? IdempotencyKey { get; init; }
    public string? Crid { get; init; }
    public string Payload { get; init; } = "";

    public string? ScanFormNumber { get; init; }
    public string? DisputeId { get; init; }
}

public sealed record UspsScanForm(string ManifestNumber, string Username, DateOnly MailingDate, IReadOnlyList<string> TrackingNumbers, DateTimeOffset CreatedAt);

public abstract record CancelResult
{
    public sealed record NotFound : CancelResult;
    public sealed record OnScanForm : CancelResult;
    public sealed record AlreadyCanceled : CancelResult;
    public sealed record Done(UspsLabel Label) : CancelResult;
}

public abstract record ScanFormResult
{
    /// <summary>USPS error codes with the barcode each is about.</summary>
    public sealed record Refused(IReadOnlyList<(string Code, string Barcode)> Problems) : ScanFormResult;
    public sealed record NoLabels : ScanFormResult;
    public sealed record Created(UspsScanForm Form) : ScanFormResult;
}

/// <summary>Labels and SCAN forms per customer, under one lock so a label is never both canceled and on a form.</summary>
public sealed class LabelStore(TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, UspsLabel> labels = new(StringComparer.Ordinal);
    private readonly List<UspsScanForm> scanForms = [];

    public void Add(UspsLabel label)
    {
        lock (gate) labels[label.TrackingNumber] = label;
    }

    public IReadOnlyList<UspsLabel> ForCustomer(string username)
    {
        lock (gate) return labels.Values.Where(l => Same(l.Username, username)).OrderBy(l => l.CreatedAt).ToList();
    }

    /// <summary>
    /// Cancels a label. Before its mailing date it is a cancel with a refund (CANCELED); from the mailing date on the
    /// package may be in the mail, so USPS opens a refund dispute instead (DISPUTED).
    /// </summary>
    public CancelResult Cancel(string username, string trackingNumber)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        lock (gate)
        {
            if (!labels.TryGetValue(trackingNumber, out var label) || !Same(label.Username, username)) return new CancelResult.NotFound();
            if (label.ScanFormNumber is not null) return new CancelResult.OnScanForm();
            if (label.Status != LabelStatus.Active) return new CancelResult.AlreadyCanceled();

            label = today > label.MailingDate
                ? label with { Status = LabelStatus.Disputed, DisputeId = Secrets.NewId() }
                : label with { Status = LabelStatus.Canceled };
            labels[trackingNumber] = label;
            return new CancelResult.Done(label);
        }
    }

    /// <summary>A SCAN form for the given labels, or (when <paramref name="trackingNumbers"/> is null) every open label of the day.</summary>
    public ScanFormResult CreateScanForm(string username, string mid, DateOnly mailingDate, IReadOnlyList<string>? trackingNumbers)
    {
        lock (gate)
        {
            List<UspsLabel> chosen;
            if (trackingNumbers is null)
            {
                chosen = labels.Values
                    .Where(l => Same(l.Username, username) && l.Status == LabelStatus.Active && l.ScanFormNumber is null && l.MailingDate == mailingDate)
                    .ToList();
            }
            else
            {
                var problems = new List<(string, string)>();
                chosen = [];
                foreach (var number in trackingNumbers.Distinct(StringComparer.Ordinal))
                {
                    if (!labels.TryGetValue(number, out var label) || !Same(label.Username, username)) problems.Add(("160039", number));
                    else if (label.Status != LabelStatus.Active) problems.Add(("160397", number));
                    else if (label.ScanFormNumber is not null) problems.Add(("160040", number));
                    else if (label.MailingDate != mailingDate) problems.Add(("160006", number));
                    else chosen.Add(label);
                }
                if (problems.Count > 0) return new ScanFormResult.Refused(problems);
            }
            if (chosen.Count == 0) return new ScanFormResult.NoLabels();

            var form = new UspsScanForm(UspsNumbers.ScanFormNumber(mid), username, mailingDate, chosen.Select(l => l.TrackingNumber).ToList(), time.GetUtcNow());
            foreach (var label in chosen) labels[label.TrackingNumber] = label with { ScanFormNumber = form.ManifestNumber };
            scanForms.Add(form);
            return new ScanFormResult.Created(form);
        }
    }

    /// <summary>The label bought under an X-Idempotency-Key; USPS keeps keys unique per CRID.</summary>
    public UspsLabel? FindByIdempotencyKey(string crid, string idempotencyKey)
    {
        lock (gate) return labels.Values.FirstOrDefault(l => l.Crid == crid && l.IdempotencyKey == idempotencyKey);
    }

    public UspsLabel? Find(string trackingNumber)
    {
        lock (gate) return labels.GetValueOrDefault(trackingNumber);
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
