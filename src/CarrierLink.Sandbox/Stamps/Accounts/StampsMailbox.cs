namespace CarrierLink.Sandbox.Stamps.Accounts;

/// <summary>An email Stamps.com sent a customer.</summary>
public sealed record StampsEmail(string Id, string To, string Subject, string Body, DateTimeOffset SentAt);

/// <summary>The mail Stamps.com sends, per customer: what the inbox page and GET /_control/mailbox/stamps/{username} show.</summary>
public sealed class StampsMailbox(TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<StampsEmail>> mail = new(StringComparer.OrdinalIgnoreCase);

    public StampsEmail Send(string username, string to, string subject, string body)
    {
        var email = new StampsEmail(Secrets.NewId(), to, subject, body, time.GetUtcNow());
        lock (gate)
        {
            if (!mail.TryGetValue(username, out var list)) mail[username] = list = [];
            list.Add(email);
        }
        return email;
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<StampsEmail> For(string username)
    {
        lock (gate)
        {
            return mail.TryGetValue(username, out var list) ? list.AsEnumerable().Reverse().ToList() : [];
        }
    }
}
