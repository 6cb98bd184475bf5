using CarrierLink.Web.Notifications.Webhooks;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.Webhooks;

/// <summary>Settings > Webhooks: the merchant's endpoints, and a new one (its signing secret shows once, here).</summary>
public sealed class IndexModel(WebhookEndpoints endpoints) : MerchantPageModel
{
    public IReadOnlyList<WebhookEndpointResponse> Endpoints { get; private set; } = [];
    public WebhookEndpointWithSecret? Created { get; private set; }
    public EndpointForm Form { get; private set; } = EndpointForm.New;
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(
        string? url, string? description, bool allEvents, string[]? eventTypes, CancellationToken cancellationToken)
    {
        var form = new EndpointForm(url, description, allEvents, eventTypes ?? [], Enabled: true);
        switch (await endpoints.CreateAsync(MerchantId, form.ToInput(forChange: false), cancellationToken))
        {
            case WebhookEndpointChange.Done done:
                Created = new WebhookEndpointWithSecret(done.Endpoint, done.Secret!);
                break;
            case WebhookEndpointChange.Invalid invalid:
                (Form, Errors) = (form, EndpointForm.Messages(invalid.Errors));
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
            case WebhookEndpointChange.TooMany tooMany:
                var most = $"You have {tooMany.Max} endpoints, the most allowed. Delete one you no longer use first.";
                (Form, Errors) = (form, new Dictionary<string, string> { ["url"] = most });
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Breadcrumbs(("Settings", "/settings"), ("Webhooks", null));
        Endpoints = await endpoints.ListAsync(MerchantId, cancellationToken);
    }
}
