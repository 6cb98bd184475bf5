namespace CarrierLink.Sandbox.FedEx.Registration;

/// <summary>A PIN FedEx "delivered": by text, voice call or email, to the phone or address on file.</summary>
public sealed record FedExPinMessage(string Id, string AccountNumber, string Channel, string To, string Text, DateTimeOffset SentAt);

/// <summary>
/// Stands in for the customer's phone and email: every PIN FedEx sends an account, newest first, shown on
/// /fedex/inbox/{account} and at GET /_control/mailbox/fedex/{account}.
/// </summary>
public sealed class FedExPinMailbox(TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly List<FedExPinMessage> messages = [];

    public FedExPinMessage Send(string accountNumber, string channel, string to, string pin)
    {
        var text = (channel == "CALL" ? "(voice call) " : "")
            + $"Your FedEx security code is {pin}. It expires in {(int)FedExRegistrations.PinLifetime.TotalMinutes} minutes. FedEx will never ask you for it.";
        var message = new FedExPinMessage(Secrets.NewId(), accountNumber, channel, to, text, time.GetUtcNow());
        lock (gate) messages.Add(message);
        return message;
    }

    public IReadOnlyList<FedExPinMessage> For(string accountNumber)
    {
        lock (gate) return messages.Where(m => m.AccountNumber == accountNumber).Reverse().ToList();
    }
}
