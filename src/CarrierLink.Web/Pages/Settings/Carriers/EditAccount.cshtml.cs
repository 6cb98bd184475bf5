using CarrierLink.Web.Accounts;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Connect.Methods;
using CarrierLink.Web.Data;
using CarrierLink.Web.Shipping;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.Carriers;

/// <summary>The account's Edit screen, whose Connection section holds Login (the article's "Reconnect later" path).</summary>
public sealed class EditAccountModel(CarrierLinkDb db, AccountCommands commands, ConnectMethods methods, AccountDetailsCommands details) : AccountPageModel(db)
{
    public string? Nickname { get; private set; }
    public string? Error { get; private set; }
    public bool Saved { get; private set; }

    /// <summary>The account details as shown in their fields: what is on file, or what the merchant just typed.</summary>
    public Dictionary<string, string?> DetailValues { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> DetailErrors { get; private set; } = new Dictionary<string, string[]>();
    /// <summary>Why the carrier did not confirm the details, or what to do before it can.</summary>
    public string? DetailsMessage { get; private set; }
    public bool DetailsSaved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string carrier, Guid id, bool saved, bool detailsSaved, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        AccountBreadcrumbs("Edit");
        Nickname = Account.Nickname;
        Saved = saved;
        DetailsSaved = detailsSaved;
        ShowDetailsOnFile();
        return Page();
    }

    /// <summary>Confirms the entered account details with the carrier, and saves them only if it agreed.</summary>
    public async Task<IActionResult> OnPostDetailsAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        AccountBreadcrumbs("Edit");
        Nickname = Account.Nickname;
        DetailValues = Descriptor.AccountDetails.ToDictionary(f => f.Key, f => (string?)Request.Form[f.Key].ToString());
        var outcome = await details.ConfirmAsync(Account, DetailValues, UserId, cancellationToken);
        switch (outcome)
        {
            case OperationOutcome<CarrierAccount>.Succeeded:
                return Redirect($"/settings/carriers/{carrier}/accounts/{id}/edit?detailsSaved=true#account-details");
            case OperationOutcome<CarrierAccount>.Rejected { FieldErrors.Count: > 0 } invalid when Descriptor.AccountDetails.Any(f => invalid.FieldErrors.ContainsKey(f.Key)):
                DetailErrors = invalid.FieldErrors;
                DetailsMessage = "Correct the fields below; nothing was saved.";
                break;
            case OperationOutcome<CarrierAccount>.Rejected refused:
                DetailsMessage = $"{Descriptor.ShortName} did not accept these details for the account you signed in with: {refused.Message} Check them against your {Descriptor.ShortName} account; nothing was saved.";
                break;
            case OperationOutcome<CarrierAccount>.ReconnectRequired:
                DetailsMessage = $"{Descriptor.ShortName} no longer accepts CarrierLink's connection. Use Login below to reconnect, then enter the details again; nothing was saved.";
                await LoadAsync(carrier, id, cancellationToken);
                break;
            case OperationOutcome<CarrierAccount>.CarrierUnavailable:
                DetailsMessage = $"{Descriptor.ShortName} is having trouble right now, so it could not confirm the details. Nothing was saved; try again in a few minutes.";
                break;
            case OperationOutcome<CarrierAccount>.NotUsable:
                DetailsMessage = $"{Descriptor.ShortName} can confirm the details once the account is connected. Use Login below first.";
                break;
            default:
                DetailsMessage = "The details could not be confirmed right now. Nothing was saved; try again.";
                break;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private void ShowDetailsOnFile()
    {
        var identity = AccountIdentity.Of(Account);
        DetailValues = Descriptor.AccountDetails.ToDictionary(f => f.Key, f => f.ValueIn(identity));
    }

    public async Task<IActionResult> OnPostSaveAsync(string carrier, Guid id, string? nickname, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        AccountBreadcrumbs("Edit");
        var result = await commands.UpdateAsync(Account, nickname ?? "", null, UserId, cancellationToken);
        if (result is AccountCommandResult.Rejected rejected)
        {
            Nickname = nickname;
            Error = "Nickname " + string.Join(" ", rejected.Errors.Values.SelectMany(v => v)) + ".";
            return Page();
        }
        return Redirect($"/settings/carriers/{carrier}/accounts/{id}/edit?saved=true");
    }

    public async Task<IActionResult> OnPostLoginAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        // Login is the carrier's sign-in where it has one; any other method continues on its reconnect page.
        return await methods.For(Descriptor).ReconnectAsync(Account, ConnectInput.None, UserId, cancellationToken) is ConnectStep.SignInAtCarrier signIn
            ? Redirect(signIn.Url.AbsoluteUri)
            : Redirect(CarrierPages.Reconnect(Account));
    }
}
