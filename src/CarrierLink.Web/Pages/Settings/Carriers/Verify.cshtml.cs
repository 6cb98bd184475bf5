using CarrierLink.Carriers.Registration;
using CarrierLink.Web.Connect.Methods;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Pages.Settings.Carriers;

/// <summary>
/// The carrier's proof step of a registration (FedEx): have a PIN sent by text, call or email and enter it, or give an
/// invoice of the last 90 days. Each answer goes through the carrier's connect method; the page only shows its step.
/// </summary>
public sealed class VerifyModel(CarrierLinkDb db, ConnectMethods methods) : AccountPageModel(db)
{
    public RegistrationChallenge? Waiting { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }
    public Dictionary<string, string?> Values { get; private set; } = [];

    public IEnumerable<string> PinMethods => Offered.Where(m => ProofInputs.PinMethods.Contains(m));
    public bool OffersInvoice => Offered.Contains(MfaMethods.Invoice);
    private string[] Offered => Waiting?.Methods.Split(',') ?? [];

    public string Destination(string method) => method switch
    {
        MfaMethods.Email => Waiting?.MaskedEmail is { } email ? $"email to {email}" : "email",
        MfaMethods.Sms => Waiting?.MaskedPhone is { } phone ? $"text message to {phone}" : "text message",
        _ => Waiting?.MaskedPhone is { } phone ? $"phone call to {phone}" : "phone call",
    };

    public async Task<IActionResult> OnGetAsync(string carrier, Guid id, CancellationToken cancellationToken) =>
        await ShowAsync(carrier, id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostMethodAsync(string carrier, Guid id, string? method, CancellationToken cancellationToken) =>
        StepAsync(carrier, id, ConnectInput.Of(("method", method)), cancellationToken);

    public Task<IActionResult> OnPostPinAsync(string carrier, Guid id, CancellationToken cancellationToken) =>
        StepAsync(carrier, id, ConnectInput.Of(("pin", Request.Form["pin"].ToString())), cancellationToken);

    public Task<IActionResult> OnPostInvoiceAsync(string carrier, Guid id, CancellationToken cancellationToken) =>
        StepAsync(carrier, id, ConnectInput.Of(
            ("invoice_number", Request.Form["invoice_number"].ToString()), ("invoice_date", Request.Form["invoice_date"].ToString()),
            ("invoice_amount", Request.Form["invoice_amount"].ToString()), ("invoice_currency", Request.Form["invoice_currency"].ToString())), cancellationToken);

    private async Task<IActionResult> StepAsync(string carrier, Guid id, ConnectInput input, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        var step = await methods.For(Descriptor).ContinueAsync(Account, input, UserId, cancellationToken);
        switch (step)
        {
            case ConnectStep.Connected connected:
                return Redirect($"{CarrierPages.Account(connected.Account)}/connected{(connected.WasReconnect ? "?reconnected=true" : "")}");
            case ConnectStep.ProofRequired:
                return Redirect(CarrierPages.Verify(Account));
            case ConnectStep.Refused refused:
                (ErrorField, Error) = (refused.Field, refused.Message);
                break;
            case ConnectStep.Unavailable unavailable:
                (ErrorField, Error) = ("carrier", unavailable.Message);
                break;
            case ConnectStep.NotAllowed notAllowed:
                (ErrorField, Error) = ("carrier", notAllowed.Message);
                break;
        }
        // Typed invoice values come back (never the PIN); the step's error shows beside its field.
        Values = input.Fields.Where(f => f.Key.StartsWith("invoice_", StringComparison.Ordinal)).ToDictionary(f => f.Key, f => f.Value);
        await ShowAsync(carrier, id, cancellationToken);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> ShowAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return false;
        AccountBreadcrumbs("Verify");
        var now = Db.UtcNow;
        Waiting = await Db.RegistrationChallenges.AsNoTracking()
            .Where(c => c.AccountId == Account.Id && c.UsedAt == null && c.ExpiresAt > now && c.AuthTokenCipher != null)
            .OrderByDescending(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return true;
    }
}
