using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Security;

/// <summary>A PFX file and the password that opens it (the password is a secret: never in a message).</summary>
public sealed class KeyRingCertificate
{
    /// <summary>The PFX file; an absolute path (a relative one is read from the working directory).</summary>
    public string? Path { get; set; }

    public string? Password { get; set; }

    public bool IsSet => !string.IsNullOrWhiteSpace(Path);
}

/// <summary>
/// The certificates that encrypt the key ring at rest (<c>DataProtection:Certificate</c>) and those that only decrypt it
/// (<c>DataProtection:PreviousCertificates</c>, kept through a rotation until every key they encrypted has expired).
/// </summary>
public static class KeyRingCertificates
{
    /// <summary>Every configured certificate with the setting that names it, in the order they are configured.</summary>
    public static IEnumerable<(string Key, KeyRingCertificate Certificate)> Configured(DataProtectionSettings settings)
    {
        if (settings.Certificate.IsSet) yield return ($"{DataProtectionSettings.Section}:Certificate", settings.Certificate);
        for (var i = 0; i < settings.PreviousCertificates.Count; i++)
            yield return ($"{DataProtectionSettings.Section}:PreviousCertificates:{i}", settings.PreviousCertificates[i]);
    }

    /// <summary>Opens the certificate, or says which setting is wrong and how (never with the password).</summary>
    public static X509Certificate2? TryLoad(string key, KeyRingCertificate certificate, out string? problem)
    {
        problem = null;
        if (!certificate.IsSet)
        {
            problem = $"{key}:Path is required: the PFX file of a certificate with its private key.";
            return null;
        }
        if (!File.Exists(certificate.Path))
        {
            problem = $"{key}:Path names no file ('{certificate.Path}'): give the PFX file of a certificate with its private key.";
            return null;
        }
        X509Certificate2 loaded;
        try
        {
            // Note: ephemeral, so no copy of the private key is written to the user's key store.
            loaded = X509CertificateLoader.LoadPkcs12FromFile(certificate.Path, certificate.Password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException)
        {
            problem = $"{key}:Password does not open {key}:Path ('{certificate.Path}'), or the file is not a PFX (PKCS#12) file.";
            return null;
        }
        using var rsa = loaded.GetRSAPrivateKey();
        if (rsa is not null) return loaded;
        problem = loaded.HasPrivateKey
            ? $"{key}:Path ('{certificate.Path}') holds a {loaded.PublicKey.Oid.FriendlyName} key: the key ring needs an RSA certificate."
            : $"{key}:Path ('{certificate.Path}') holds no private key: export the certificate with its private key.";
        loaded.Dispose();
        return null;
    }

    /// <summary>
    /// Keys are encrypted with <c>DataProtection:Certificate</c>; it and every previous certificate decrypt them.
    /// A certificate that does not open leaves an encryptor that refuses to write, so no key is ever stored in clear
    /// because of a typo: the start-up check names the setting (the CLI, which does not run that check, fails too).
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificates(this IDataProtectionBuilder builder, DataProtectionSettings settings)
    {
        var configured = Configured(settings).ToList();
        if (configured.Count == 0) return builder;
        var loaded = configured.Select(c => TryLoad(c.Key, c.Certificate, out _)).ToList();
        if (loaded.Any(c => c is null) || !settings.Certificate.IsSet)
        {
            foreach (var certificate in loaded) certificate?.Dispose();
            builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(
                new ConfigureOptions<KeyManagementOptions>(o => o.XmlEncryptor = new UnusableCertificateEncryptor()));
            return builder;
        }
        return builder.ProtectKeysWithCertificate(loaded[0]!).UnprotectKeysWithAnyCertificate([.. loaded.Select(c => c!)]);
    }

    private sealed class UnusableCertificateEncryptor : IXmlEncryptor
    {
        public EncryptedXmlInfo Encrypt(XElement plaintextElement) => throw new InvalidOperationException(
            $"The key ring's certificate ({DataProtectionSettings.Section}:Certificate) cannot be used; the start-up check says why. No key is stored unencrypted.");
    }
}

/// <summary>
/// Data Protection says only "Unable to retrieve the decryption key." when a node lacks the certificate the ring was
/// encrypted with; this names the keys it cannot decrypt and the settings that fix it (never a key or a secret).
/// </summary>
public static class KeyRingDiagnosis
{
    /// <summary>Why the ring is unusable here, or null when every key decrypts (the failure was something else).</summary>
    public static string? UndecryptableKeys(IKeyManager keys)
    {
        var unreadable = keys.GetAllKeys().Where(k => !Decrypts(k)).Select(k => k.KeyId).ToList();
        if (unreadable.Count == 0) return null;
        return $"This node cannot decrypt Data Protection key(s) {string.Join(", ", unreadable)}: the key ring is encrypted at rest with a "
            + $"certificate it does not have. Give it the certificate the other nodes use ({DataProtectionSettings.Section}:Certificate:Path and "
            + $":Password), or list the one that encrypted these keys under {DataProtectionSettings.Section}:PreviousCertificates.";
    }

    /// <summary>Runs <paramref name="use"/> and, if the key ring cannot be decrypted, says so instead of Data Protection.</summary>
    public static T Explained<T>(IKeyManager keys, Func<T> use)
    {
        try
        {
            return use();
        }
        catch (CryptographicException e) when (UndecryptableKeys(keys) is { } why)
        {
            throw new CryptographicException(why, e);
        }
    }

    private static bool Decrypts(IKey key)
    {
        try
        {
            // Note: a stored key's descriptor is decrypted when first read, with the configured certificates.
            return key.Descriptor is not null;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
