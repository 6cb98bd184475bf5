using CarrierLink.Web.Merchants;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.ApiKeys;

/// <summary>Settings > API keys: the merchant's keys, with new, rotate and revoke (a new key's value shows once).</summary>
public sealed class IndexModel(CarrierLink.Web.Merchants.ApiKeys keys) : MerchantPageModel
{
    public IReadOnlyList<ApiKeyResponse> Keys { get; private set; } = [];
    public NewApiKeyResponse? Created { get; private set; }
    public string? Error { get; private set; }
    public string? Notice { get; private set; }
    public string? Name { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(string? name, CancellationToken cancellationToken)
    {
        Name = name;
        if (CarrierLink.Web.Merchants.ApiKeys.NameRefusal(name) is { } refusal) Error = $"The name {refusal}.";
        else if ((Created = await keys.CreateAsync(MerchantId, name!, cancellationToken)) is null)
            Error = $"You have {CarrierLink.Web.Merchants.ApiKeys.MaxActiveKeys} active keys, the most allowed. Revoke one you no longer use first.";
        if (Created is not null) Name = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRotateAsync(Guid key, CancellationToken cancellationToken)
    {
        Created = await keys.RotateAsync(MerchantId, key, TimeSpan.FromHours(24), cancellationToken);
        if (Created is null) Error = "That key was revoked already.";
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid key, CancellationToken cancellationToken)
    {
        Notice = await keys.RevokeAsync(MerchantId, key, after: null, cancellationToken)
            ? "The key is revoked: requests with it are refused from now on."
            : "That key was revoked already.";
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Breadcrumbs(("Settings", "/settings"), ("API keys", null));
        Keys = await keys.ListAsync(MerchantId, cancellationToken);
    }
}
