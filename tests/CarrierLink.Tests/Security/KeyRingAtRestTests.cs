using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using CarrierLink.Tests.Support;
using CarrierLink.Web;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CarrierLink.Tests.Security;

/// <summary>
/// The key ring in the database through Data Protection's EF Core package, and encrypted at rest with a certificate
/// when <c>DataProtection:Certificate</c> names one. Each node here is a real app instance on one shared database.
/// </summary>
public abstract class KeyRingAtRestTests(StoreProvider provider) : IAsyncLifetime
{
    private const string CertificatePassword = "pfx-password-not-in-messages-7361";
    private static readonly XNamespace DataProtectionXml = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XNamespace XmlEncryption = "http://www.w3.org/2001/04/xmlenc#";
    private readonly string _folder = Directory.CreateTempSubdirectory("carrierlink-keyring-at-rest-").FullName;
    private readonly List<WebApplication> _nodes = [];
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider, _folder);

    [Fact]
    public async Task A_key_row_written_by_the_former_repository_is_read_by_the_package()
    {
        // A key and a secret made by a node keeping its ring in a folder: the same Data Protection XML.
        var folderNode = Node("--DataProtection:KeyStore=folder", $"--DataProtection:KeysFolder={Path.Combine(_folder, "keys")}");
        var cipher = Protector(folderNode).Protect("refresh-token-from-before");
        var keyFile = Directory.GetFiles(Path.Combine(_folder, "keys"), "key-*.xml").ShouldHaveSingleItem();
        var database = Node("--DataProtection:KeyStore=database");
        await DatabaseSetup.MigrateAsync(database.Services);

        // The row exactly as the former DatabaseKeyRepository stored it, written without the new mapping.
        await WithDbAsync(database, db => db.Database.ExecuteSqlAsync(
            $"INSERT INTO data_protection_keys (friendly_name, xml) VALUES ({Path.GetFileNameWithoutExtension(keyFile)}, {XElement.Load(keyFile).ToString(SaveOptions.DisableFormatting)})"));

        Protector(database).Unprotect(cipher).ShouldBe("refresh-token-from-before");
        Protector(database).Unprotect(Protector(database).Protect("new-secret")).ShouldBe("new-secret");
        (await WithDbAsync(database, db => db.DataProtectionKeys.CountAsync())).ShouldBe(1, "the old key is still the default key");
    }

    [Fact]
    public async Task With_a_certificate_the_stored_key_has_no_plaintext_master_key()
    {
        var node = await MigratedNodeAsync(CertificateArgs(CreateCertificate("current")));

        Protector(node).Protect("refresh-token");

        var xml = XElement.Parse((await WithDbAsync(node, db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync())).ShouldHaveSingleItem()!);
        // Without a certificate the descriptor holds <masterKey><value>base64</value></masterKey>; with one, only EncryptedXml.
        xml.Descendants("masterKey").ShouldBeEmpty("the master key must not be stored in clear");
        var secret = xml.Descendants(DataProtectionXml + "encryptedSecret").ShouldHaveSingleItem();
        secret.Attribute("decryptorType")!.Value.ShouldContain("EncryptedXmlDecryptor");
        secret.Elements().ShouldHaveSingleItem().Name.ShouldBe(XmlEncryption + "EncryptedData");
    }

    [Fact]
    public async Task Two_nodes_with_the_same_certificate_read_each_others_secrets()
    {
        var certificate = CreateCertificate("current");
        var first = await MigratedNodeAsync(CertificateArgs(certificate));
        var second = Node(CertificateArgs(certificate));
        await Task.WhenAll(first.StartAsync(), second.StartAsync());

        var fromFirst = Protector(first).Protect("token-of-the-first-node");
        var fromSecond = Protector(second).Protect("token-of-the-second-node");

        Protector(second).Unprotect(fromFirst).ShouldBe("token-of-the-first-node");
        Protector(first).Unprotect(fromSecond).ShouldBe("token-of-the-second-node");
    }

    [Fact]
    public async Task After_a_rotation_keys_of_the_previous_certificate_still_read()
    {
        var previous = CreateCertificate("previous");
        var before = await MigratedNodeAsync(CertificateArgs(previous));
        var cipher = Protector(before).Protect("token-from-before-the-rotation");

        var after = Node([.. CertificateArgs(CreateCertificate("current")),
            $"--DataProtection:PreviousCertificates:0:Path={previous}", $"--DataProtection:PreviousCertificates:0:Password={CertificatePassword}"]);

        Protector(after).Unprotect(cipher).ShouldBe("token-from-before-the-rotation");
    }

    [Fact]
    public async Task A_node_without_the_certificate_cannot_read_the_ring_and_says_so()
    {
        var withCertificate = await MigratedNodeAsync(CertificateArgs(CreateCertificate("current")));
        var cipher = Protector(withCertificate).Protect("refresh-token-kept-secret");
        var without = Node();

        var error = Should.Throw<CryptographicException>(() => Protector(without).Unprotect(cipher));
        var start = await Should.ThrowAsync<InvalidOperationException>(() => without.StartAsync());

        foreach (var message in new[] { error.Message, start.Message })
        {
            message.ShouldContain("cannot decrypt Data Protection key");
            message.ShouldContain("DataProtection:Certificate:Path");
        }
        foreach (var whole in new[] { error.ToString(), start.ToString() })
        {
            whole.ShouldNotContain("refresh-token-kept-secret");
            whole.ShouldNotContain(CertificatePassword);
        }
    }

    [Theory]
    [InlineData("missing file", "DataProtection:Certificate:Path")]
    [InlineData("wrong password", "DataProtection:Certificate:Password")]
    [InlineData("no private key", "DataProtection:Certificate:Path")]
    public void A_certificate_that_does_not_open_stops_the_start_naming_the_setting(string fault, string setting)
    {
        var path = CreateCertificate("current");
        var args = fault switch
        {
            "missing file" => CertificateArgs(Path.Combine(_folder, "nowhere.pfx")),
            "wrong password" => ["--DataProtection:Certificate:Path", path, "--DataProtection:Certificate:Password", "not-" + CertificatePassword],
            _ => CertificateArgs(PublicOnly(path)),
        };

        var error = Should.Throw<OptionsValidationException>(() => Node(args));

        error.Message.ShouldContain(setting);
        error.Message.ShouldNotContain(CertificatePassword);
    }

    private string[] CertificateArgs(string path) =>
        ["--DataProtection:Certificate:Path", path, "--DataProtection:Certificate:Password", CertificatePassword];

    /// <summary>A self-signed RSA certificate with its private key, as a password-protected PFX file.</summary>
    private string CreateCertificate(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=CarrierLink key ring {name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(_folder, $"{name}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return path;
    }

    private string PublicOnly(string path)
    {
        using var full = X509CertificateLoader.LoadPkcs12FromFile(path, CertificatePassword);
        using var publicOnly = X509CertificateLoader.LoadCertificate(full.RawData);
        var exported = Path.Combine(_folder, "public-only.pfx");
        File.WriteAllBytes(exported, publicOnly.Export(X509ContentType.Pfx, CertificatePassword));
        return exported;
    }

    private async Task<WebApplication> MigratedNodeAsync(params string[] extra)
    {
        var node = Node(extra);
        await DatabaseSetup.MigrateAsync(node.Services);
        return node;
    }

    /// <summary>A node keeping its ring in the shared database unless <paramref name="extra"/> says otherwise.</summary>
    private WebApplication Node(params string[] extra)
    {
        var node = CarrierLinkApp.Create(
        [
            "--urls", "http://127.0.0.1:0",
            "--environment", "Testing",
            "--Logging:LogLevel:Default=Warning",
            "--ConnectionStrings:CarrierLink", _database.ConnectionString,
            "--Database:Provider", _database.ProviderName,
            "--DataProtection:KeyStore=database",
            "--Carriers:Usps:ClientId", TestStack.ClientId,
            "--Carriers:Usps:ClientSecret", TestStack.ClientSecret,
            "--Sandbox:Embedded:Enabled=false",
            "--Retention:Enabled=false",
            "--Health:WorkersEnabled=false",
            "--Notifications:WorkersEnabled=false",
            .. extra,
        ]);
        _nodes.Add(node);
        return node;
    }

    private static SecretProtector Protector(WebApplication node) => node.Services.GetRequiredService<SecretProtector>();

    private static async Task<T> WithDbAsync<T>(WebApplication node, Func<CarrierLinkDb, Task<T>> action)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<CarrierLinkDb>());
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            try { await node.StopAsync(); } catch (InvalidOperationException) { }
            await node.DisposeAsync();
        }
        await _database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

public sealed class KeyRingAtRestOnSqliteTests() : KeyRingAtRestTests(StoreProvider.Sqlite);

public sealed class KeyRingAtRestOnPostgresTests() : KeyRingAtRestTests(StoreProvider.Postgres);
