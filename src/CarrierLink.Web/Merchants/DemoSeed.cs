using System.ComponentModel.DataAnnotations;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Merchants;

public sealed class DemoSeedOptions : IValidatableObject
{
    public const string Section = "DemoSeed";

    /// <summary>Create the demo merchant at start-up when it does not exist (Development only).</summary>
    public bool Enabled { get; set; }
    public string Name { get; set; } = "Demo Shipping Co.";
    public string Email { get; set; } = "demo@carrierlink.local";
    public string Password { get; set; } = "demo-password-2026";
    /// <summary>A fixed key so a newcomer can call the API straight away; never set outside Development.</summary>
    public string ApiKey { get; set; } = "cl_demo_local_development_key_0001";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled) yield break;
        foreach (var (key, value) in new[] { (nameof(Name), Name), (nameof(Email), Email), (nameof(Password), Password), (nameof(ApiKey), ApiKey) })
        {
            if (string.IsNullOrWhiteSpace(value)) yield return new ValidationResult($"{Section}:{key} is required when {Section}:Enabled is true (or leave it unset for the default).");
        }
    }
}

public static class DemoSeed
{
    public static async Task EnsureAsync(IServiceProvider services, DemoSeedOptions options, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var normalized = MerchantAccounts.NormalizeEmail(options.Email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken)) return;
        var result = await scope.ServiceProvider.GetRequiredService<MerchantAccounts>()
            .CreateAsync(options.Name, options.Email, options.Password, options.ApiKey, cancellationToken);
        if (result is CreateMerchantResult.Rejected rejected)
            throw new InvalidOperationException($"DemoSeed:{rejected.Field} {rejected.Reason}.");
        // The demo merchant has shipped before: the tour's first label is one click (Settings > Ship-from addresses).
        if (result is CreateMerchantResult.Created created)
        {
            db.ShipFromAddresses.Add(new ShipFromAddress
            {
                MerchantId = created.Merchant.MerchantId, Name = options.Name, Street1 = "123 Main St", City = "New York", State = "NY", Zip = "10001",
                IsDefault = true, CreatedAt = db.UtcNow,
            });
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
