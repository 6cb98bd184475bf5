using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using CarrierLink.Web.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using QRCoder;

namespace CarrierLink.Web.Pages.Account;

/// <summary>Turn two-step sign-in on (scan, confirm a code, save the recovery codes) or off (with the password).</summary>
public sealed class TwoFactorModel(AuthenticatorApps apps, SignInChecker checker, CarrierLinkDb db) : AccountPageModel
{
    public bool IsOn { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public AuthenticatorEnrollment? Enrollment { get; private set; }
    public string? QrSvg { get; private set; }
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }
    public string? Error { get; private set; }
    public string? Notice { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostBeginAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (IsOn) return Page();
        Show(await apps.BeginAsync(UserId, cancellationToken));
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        var code = Request.Secret("code");
        NewRecoveryCodes = string.IsNullOrWhiteSpace(code) || code.Length > 32 ? null : await apps.ConfirmAsync(UserId, code, cancellationToken);
        await LoadAsync(cancellationToken);
        if (NewRecoveryCodes is null && !IsOn)
        {
            Error = "That code is not right. Enter the 6 digits your app shows now.";
            if (await apps.PendingAsync(UserId, cancellationToken) is { } pending) Show(pending);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostTurnOffAsync(CancellationToken cancellationToken)
    {
        var password = Request.Secret("password");
        var verdict = password is null ? null : await checker.CheckAsync(Request, User.Identity!.Name!, password, cancellationToken);
        if (verdict is SignInVerdict.Accepted) await apps.TurnOffAsync(UserId, cancellationToken);
        await LoadAsync(cancellationToken);
        if (verdict is SignInVerdict.Accepted) Notice = "Two-step sign-in is off. You sign in with your password alone.";
        else Error = verdict is SignInVerdict.MustWait wait ? $"Too many wrong passwords. Wait {SignInSteps.Describe(wait.Wait)} and try again." : "Your password is not right.";
        return Page();
    }

    private void Show(AuthenticatorEnrollment enrollment)
    {
        Enrollment = enrollment;
        using var data = QRCodeGenerator.GenerateQrCode(enrollment.OtpAuthUri, QRCodeGenerator.ECCLevel.M);
        QrSvg = new SvgQRCode(data).GetGraphic(4);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Breadcrumbs(("Your sign-in", "/account"), ("Two-step sign-in", null));
        IsOn = await db.Users.AsNoTracking().Where(u => u.Id == UserId).Select(u => u.TotpEnabledAt != null).FirstAsync(cancellationToken);
        RecoveryCodesLeft = IsOn ? await apps.RecoveryCodesLeftAsync(UserId, cancellationToken) : 0;
    }
}
