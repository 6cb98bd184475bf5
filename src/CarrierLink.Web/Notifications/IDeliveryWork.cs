namespace CarrierLink.Web.Notifications;

/// <summary>Sending that a consumer's rows ask for (webhook attempts due, mails to send), one claimed batch at a time.</summary>
public interface IDeliveryWork
{
    /// <summary>Does one batch of due work; returns how much it did (0 when nothing was due).</summary>
    Task<int> RunBatchAsync(CancellationToken cancellationToken);
}
