using CarrierLink.Web.Data;
using CarrierLink.Web.OneBalance;
using CarrierLink.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.OneBalance;

/// <summary>
/// "Set your One Balance Password". The checklist ticks as the person types (a small script);
/// without script the server renders the same checklist for the submitted password. The server
/// enforces the requirements, and Stamps.com's own refusal lands in the same place.
/// </summary>
public sealed class SetPasswordModel(CarrierLinkDb db, PasswordConnections passwords) : OneBalancePageModel(db)
{
    private string? _submitted;
    private IReadOnlyList<string> _failed = [];

    public string? Error { get; private set; }

    /// <summary>What is wrong with the confirmation, shown next to it.</summary>
    public string? ConfirmError { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadForStampsAsync(id, cancellationToken)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var (newPassword, confirmPassword) = (Request.Secret("newPassword"), Request.Secret("confirmPassword"));
        if (!await LoadForStampsAsync(id, cancellationToken)) return NotFound();
        _submitted = newPassword ?? "";
        // This changes the real Stamps.com password, so a typo must never reach Stamps.com.
        if (_submitted != (confirmPassword ?? ""))
        {
            ConfirmError = string.IsNullOrEmpty(confirmPassword)
                ? "Type the new password again to confirm it."
                : "The two passwords do not match. Type the same new password in both fields.";
            // A password that also breaks a rule gets that error too (checked here, nothing is sent to Stamps.com).
            var failed = PasswordRules.FailedRequirements(_submitted);
            if (failed.Count > 0)
            {
                _failed = failed;
                Error = PasswordRules.Explain(failed[0]);
            }
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        switch (await passwords.ChangePasswordAsync(Account, newPassword, UserId, cancellationToken))
        {
            case PasswordOutcome.Done:
                return Redirect("/settings/one-balance?done=password");
            case PasswordOutcome.Refused refused:
                _failed = refused.FailedRules;
                Error = refused.Message;
                break;
            case PasswordOutcome.Unavailable unavailable:
                Error = unavailable.Message;
                break;
            case PasswordOutcome.ReconnectRequired:
                return Redirect($"/settings/one-balance/{id}/reconnect");
            case PasswordOutcome.NotAllowed notAllowed:
                Error = notAllowed.Message;
                break;
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>met / unmet / (nothing) for a rule, from the last submitted password and Stamps.com's answer.</summary>
    public string CssFor(string slug) => Met(slug) switch { true => "met", false => "unmet", null => "" };

    public string StatusFor(string slug) => Met(slug) switch { true => " (met)", false => " (not met)", null => "" };

    private bool? Met(string slug)
    {
        if (_failed.Contains(slug)) return false;
        return _submitted is null ? null : PasswordRules.IsMet(slug, _submitted);
    }

    private async Task<bool> LoadForStampsAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || Descriptor.ConnectMethod != CarrierLink.Carriers.Catalog.ConnectMethod.Password) return false;
        OneBalanceBreadcrumbs("Set your One Balance Password");
        return true;
    }
}
