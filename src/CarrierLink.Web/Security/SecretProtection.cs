using System.ComponentModel.DataAnnotations;
using System.Xml.Linq;
using CarrierLink.Web.Configuration;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.Internal;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (KeyStore == "folder" && string.IsNullOrWhiteSpace(KeysFolder))
            yield return new ValidationResult($"{Section}:KeysFolder is required when {Section}:KeyStore is folder, e.g. /var/lib/carrierlink/keys.");
    }
}

/// <summary>
/// Encrypts carrier secrets (tokens, passwords, PKCE verifiers) for storage. Only ciphertext
/// reaches the database; the key ring lives in its own folder or table.
/// </summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    // Note: a purpose per version, so a future format change can still read old rows.
    private readonly IDataProtector _protector = provider.CreateProtector("CarrierLink.CarrierSecrets.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string cipher) => _protector.Unprotect(cipher);

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
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
                new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseKeyRepository(sp)));
            services.Replace(ServiceDescriptor.Singleton<IKeyManager>(sp => new SharedKeyRingManager(
                new XmlKeyManager(sp.GetRequiredService<IOptions<KeyManagementOptions>>(), sp.GetRequiredService<IActivator>(), sp.GetRequiredService<ILoggerFactory>()),
                sp.GetRequiredService<NodeLocks>(), sp.GetRequiredService<ILogger<SharedKeyRingManager>>())));
        }
        else
        {
            var folder = Path.GetFullPath(settings.KeysFolder, environment.ContentRootPath);
            dataProtection.PersistKeysToFileSystem(Directory.CreateDirectory(folder));
        }
        services.AddSingleton<SecretProtector>();
        return services;
    }
}

/// <summary>Keeps the Data Protection key ring in the data_protection_keys table.</summary>
internal sealed class DatabaseKeyRepository(IServiceProvider services) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        return db.DataProtectionKeys.Select(k => k.Xml).AsEnumerable().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        db.DataProtectionKeys.Add(new DataProtectionKeyRecord { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
