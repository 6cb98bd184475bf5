using System.ComponentModel.DataAnnotations;
using CarrierLink.Web.Configuration;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Internal;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Security;

public sealed class DataProtectionSettings : IValidatableObject
{
    public const string Section = "DataProtection";

    /// <summary>"folder" (default) or "database" (for several app instances sharing one PostgreSQL).</summary>
    [RegularExpression("^(folder|database)$", ErrorMessage = "{0} must be 'folder' (one node) or 'database' (several nodes sharing one PostgreSQL)")]
    public string KeyStore { get; set; } = "folder";

    /// <summary>Where the key ring lives when KeyStore is folder; keep it off the database's disk in production.</summary>
    public string KeysFolder { get; set; } = "data/keys";

    /// <summary>When its Path is set, the key ring is encrypted at rest with this certificate (either store).</summary>
    public KeyRingCertificate Certificate { get; set; } = new();

    /// <summary>Certificates the ring was encrypted with before a rotation: they still decrypt the keys they encrypted.</summary>
    public List<KeyRingCertificate> PreviousCertificates { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (KeyStore == "folder" && string.IsNullOrWhiteSpace(KeysFolder))
            yield return new ValidationResult($"{Section}:KeysFolder is required when {Section}:KeyStore is folder, e.g. /var/lib/carrierlink/keys.");
        if (PreviousCertificates.Count > 0 && !Certificate.IsSet)
            yield return new ValidationResult($"{Section}:PreviousCertificates only decrypt: {Section}:Certificate:Path must name the certificate that encrypts.");
        foreach (var (key, certificate) in KeyRingCertificates.Configured(this))
        {
            using var loaded = KeyRingCertificates.TryLoad(key, certificate, out var problem);
            if (problem is not null) yield return new ValidationResult(problem);
        }
    }
}

/// <summary>
/// Encrypts carrier secrets (tokens, passwords, PKCE verifiers) for storage. Only ciphertext
/// reaches the database; the key ring lives in its own folder or table.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider, IKeyManager keys)
{
    // Note: a purpose per version, so a future format change can still read old rows.
    private readonly IDataProtector _protector = provider.CreateProtector("CarrierLink.CarrierSecrets.v1");

    public string Protect(string secret) => KeyRingDiagnosis.Explained(keys, () => _protector.Protect(secret));

    public string Unprotect(string cipher) => KeyRingDiagnosis.Explained(keys, () => _protector.Unprotect(cipher));

    public string? ProtectOrNull(string? secret) => secret is null ? null : Protect(secret);

    public string? UnprotectOrNull(string? cipher) => cipher is null ? null : Unprotect(cipher);
}

public static class SecretProtectionSetup
{
    public static IServiceCollection AddSecretProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<DataProtectionSettings>().BindAndValidateOnStart(DataProtectionSettings.Section);
        var settings = configuration.GetSection(DataProtectionSettings.Section).Get<DataProtectionSettings>() ?? new DataProtectionSettings();
        var dataProtection = services.AddDataProtection().SetApplicationName("CarrierLink");
        if (settings.KeyStore == "database")
        {
            // The package's repository on data_protection_keys; every key is made under the lock all nodes share.
            dataProtection.PersistKeysToDbContext<CarrierLinkDb>();
            services.Replace(ServiceDescriptor.Singleton<IKeyManager>(sp => new SharedKeyRingManager(
                new XmlKeyManager(sp.GetRequiredService<IOptions<KeyManagementOptions>>(), sp.GetRequiredService<IActivator>(), sp.GetRequiredService<ILoggerFactory>()),
                sp.GetRequiredService<NodeLocks>(), sp.GetRequiredService<ILogger<SharedKeyRingManager>>())));
        }
        else
        {
            var folder = Path.GetFullPath(settings.KeysFolder, environment.ContentRootPath);
            dataProtection.PersistKeysToFileSystem(Directory.CreateDirectory(folder));
        }
        dataProtection.ProtectKeysWithConfiguredCertificates(settings);
        services.AddSingleton<SecretProtector>();
        return services;
    }
}
