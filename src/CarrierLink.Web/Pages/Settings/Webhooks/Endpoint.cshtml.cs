using CarrierLink.Web.Api;
using CarrierLink.Web.Notifications.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Pages.Settings.Webhooks;

/// <summary>
/// One endpoint: its delivery log with "Send again" and "Send a test event", its settings, secret rotation (the new
/// secret shows once, here) and deletion. Another merchant's endpoint is "not found".
/// </summary>
public sealed class EndpointModel(WebhookEndpoints endpoints, IOptions<WebhookOptions> options) : MerchantPageModel
{
    private const int DeliveriesShown = 50;

    public WebhookEndpointResponse Endpoint { get; private set; } = null!;
    public PagedList<WebhookDeliveryResponse> Deliveries { get; private set; } = new([], null);
    /// <summary>The last delivery shown, when there are older ones to page to.</summary>
    public Guid? OlderThan { get; private set; }
    public EndpointForm Form { get; private set; } = EndpointForm.New;
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    public string? NewSecret { get; private set; }
    public string? Error { get; private set; }
    [TempData] public string? Notice { get; set; }
    public int GraceHours => options.Value.RotationGraceHours;

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? before, CancellationToken cancellationToken) =>
        await LoadAsync(id, before, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(
        Guid id, string? url, string? description, bool allEvents, string[]? eventTypes, bool enabled, CancellationToken cancellationToken)
    {
        var form = new EndpointForm(url, description, allEvents, eventTypes ?? [], enabled);
        switch (await endpoints.UpdateAsync(MerchantId, id, form.ToInput(forChange: true), cancellationToken))
        {
            case WebhookEndpointChange.NotFound:
                return NotFound();
            case WebhookEndpointChange.Invalid invalid:
                if (!await LoadAsync(id, null, cancellationToken)) return NotFound();
                (Form, Errors) = (form, EndpointForm.Messages(invalid.Errors));
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                Notice = "Saved.";
                return RedirectToPage(new { id });
        }
    }

    public async Task<IActionResult> OnPostTestAsync(Guid id, CancellationToken cancellationToken) =>
        await SentAsync(id, await endpoints.SendTestAsync(MerchantId, id, cancellationToken), "A test event is on its way", cancellationToken);

    public async Task<IActionResult> OnPostResendAsync(Guid id, Guid delivery, CancellationToken cancellationToken) =>
        await SentAsync(id, await endpoints.ResendAsync(MerchantId, id, delivery, cancellationToken), "The event is on its way again",
            cancellationToken);

    public async Task<IActionResult> OnPostRotateAsync(Guid id, CancellationToken cancellationToken)
    {
        var rotated = await endpoints.RotateSecretAsync(MerchantId, id, TimeSpan.FromHours(GraceHours), cancellationToken);
        if (rotated is null) return NotFound();
        NewSecret = rotated.Secret;
        await LoadAsync(id, null, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await endpoints.FindAsync(MerchantId, id, cancellationToken) is not { } endpoint) return NotFound();
        await endpoints.DeleteAsync(MerchantId, id, cancellationToken);
        TempData["Notice"] = $"The endpoint {endpoint.Url} is deleted: CarrierLink sends nothing more to it.";
        return Redirect("/settings/webhooks");
    }

    public string Describe(WebhookAttemptResponse attempt) => attempt.Outcome switch
    {
        WebhookAttemptOutcome.Succeeded => $"answered {attempt.StatusCode}",
        WebhookAttemptOutcome.Failed => $"answered {attempt.StatusCode} (failed)",
        WebhookAttemptOutcome.Timeout => "no answer in time",
        _ => "could not connect",
    };

    private async Task<IActionResult> SentAsync(Guid id, WebhookSendRequest outcome, string queued, CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case WebhookSendRequest.Queued:
                Notice = $"{queued}: it goes out within seconds. Reload this page to see the attempt.";
                return RedirectToPage(new { id });
            case WebhookSendRequest.NotFound:
                return NotFound();
            case WebhookSendRequest.EndpointDisabled:
                Error = "This endpoint is turned off. Tick “Send webhooks to this endpoint” and save first.";
                break;
            default:
                Error = "That event is being sent right now; its attempt shows here in a moment.";
                break;
        }
        if (!await LoadAsync(id, null, cancellationToken)) return NotFound();
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, Guid? before, CancellationToken cancellationToken)
    {
        if (await endpoints.FindAsync(MerchantId, id, cancellationToken) is not { } endpoint) return false;
        Endpoint = endpoint;
        Form = EndpointForm.Of(endpoint);
        Deliveries = (await endpoints.DeliveriesAsync(MerchantId, id, new Page(DeliveriesShown, null), before, null, cancellationToken))!;
        OlderThan = Deliveries.NextCursor is null ? null : Deliveries.Data[^1].Id;
        var host = Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var uri) ? uri.Host : "Endpoint";
        Breadcrumbs(("Settings", "/settings"), ("Webhooks", "/settings/webhooks"), (host, null));
        return true;
    }
}
