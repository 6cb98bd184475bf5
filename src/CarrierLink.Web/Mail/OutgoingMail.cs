namespace CarrierLink.Web.Mail;

/// <summary>
/// One message to one person: a plain text part and an HTML part of the same words, and any extra headers (for
/// example List-Unsubscribe, RFC 2369, and List-Unsubscribe-Post, RFC 8058).
/// </summary>
public sealed record OutgoingMail(string To, string Subject, string Text, string Html)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
