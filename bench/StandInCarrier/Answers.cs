using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace StandInCarrier;

/// <summary>
/// The answers, in the shapes CarrierLink reads (src/CarrierLink.Carriers/Usps) and the sandbox sends
/// (src/CarrierLink.Sandbox/Usps): built once at start; a label and a token only fill in their own numbers.
/// </summary>
internal sealed class Answers
{
    public const string Boundary = "usps-standin-7d3f0c9a1b2e4f60";
    public const string LabelContentType = "multipart/form-data; boundary=\"" + Boundary + "\"";

    // The account numbers a token names (the sandbox's claim shape, docs/decisions/0005). The stand-in cannot tell
    // which account a refresh token belongs to, so every token names these; CarrierLink's renewal does not read them.
    private const string Crid = "56782341";
    private const string Mid = "902345671";
    private const string ManifestMid = "902345672";
    private const string EpsAccount = "1000012345";

    public static readonly byte[] UnsupportedGrant = Encoding.UTF8.GetBytes(
        """{"error":"unsupported_grant_type","error_description":"The stand-in carrier answers refresh_token grants only."}""");

    private readonly byte[] _labelHead;
    private readonly byte[] _labelTail;
    private readonly string _trackingPrefix;
    private readonly string _runId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
    private readonly string _jwtHeader = Base64Url.EncodeToString("""{"alg":"RS256","typ":"JWT","kid":"stand-in"}"""u8);
    // Not a signature: CarrierLink never verifies USPS's tokens (UspsAccessTokenClaims: "USPS's APIs do"), it only reads claims.
    private readonly string _jwtSignature = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(256));
    private readonly string _publicKey;
    private long _labels;
    private long _tokens;

    public Answers()
    {
        Prices = Encoding.UTF8.GetBytes("""
            {"totalBasePrice":9.85,"rates":[{"SKU":"DPXX0XXXXB07200","description":"Priority Mail Machinable Single-piece","priceType":"COMMERCIAL","price":9.85,"weight":1.5,"dimWeight":0,"fees":[],"startDate":"2026-01-18","endDate":"","warnings":[],"mailClass":"PRIORITY_MAIL","zone":"08"}]}
            """);
        PaymentAuthorization = Encoding.UTF8.GetBytes($$"""
            {"paymentAuthorizationToken":"{{Convert.ToHexString(RandomNumberGenerator.GetBytes(48))}}","roles":[{"roleName":"PAYER","CRID":"{{Crid}}","MID":"{{Mid}}","manifestMID":"{{ManifestMid}}","accountType":"EPS","accountNumber":"{{EpsAccount}}"},{"roleName":"LABEL_OWNER","CRID":"{{Crid}}","MID":"{{Mid}}","manifestMID":"{{ManifestMid}}","accountType":"EPS","accountNumber":"{{EpsAccount}}"}]}
            """);

        // The sandbox's label metadata (LabelsEndpoints.Metadata), split around the tracking number.
        const string metadataHead = "{\"labelAddress\":{\"firstName\":\"Sam\",\"lastName\":\"Receiver\",\"streetAddress\":\"500 Howard St\",\"city\":\"San Francisco\","
            + "\"state\":\"CA\",\"ZIPCode\":\"94105\"},\"routingInformation\":\"42094105\",\"trackingNumber\":\"";
        const string metadataTail = "\"" + ""","constructCode":"C01","SKU":"DPXX0XXXXB07200","postage":9.85,"extraServices":[],"zone":"08","commitment":{"name":"2-Day","scheduleDeliveryDate":"2026-12-06"},"weightUOM":"lb","weight":1.5,"dimensionalWeight":0,"fees":[],"bannerText":"PRIORITY MAIL"}""";
        _labelHead = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Type: application/json\r\nContent-Disposition: form-data; name=\"labelMetadata\"\r\n\r\n"
            + metadataHead);
        _labelTail = Encoding.ASCII.GetBytes(metadataTail + $"\r\n--{Boundary}\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"label.pdf\"\r\n\r\n"
            + Convert.ToBase64String(LabelPdf.Create()) + $"\r\n--{Boundary}--\r\n");
        // IMpb shape (UspsNumbers): "94" + service type 055 + 9 digits + serial + check digit. The 9 digits are drawn per
        // process, so a stand-in started again (another delay) never repeats a tracking number CarrierLink already stored.
        _trackingPrefix = "94055" + RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000).ToString(CultureInfo.InvariantCulture);

        using var rsa = RSA.Create(2048);
        _publicKey = Convert.ToBase64String(Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()));
    }

    public byte[] Prices { get; }

    public byte[] PaymentAuthorization { get; }

    /// <summary>A label answer with a tracking number no other label of this process has.</summary>
    public byte[] Label()
    {
        var serial = Interlocked.Increment(ref _labels) % 10_000_000;
        var tracking = Encoding.ASCII.GetBytes(WithCheckDigit(_trackingPrefix + serial.ToString("D7", CultureInfo.InvariantCulture)));
        var answer = new byte[_labelHead.Length + tracking.Length + _labelTail.Length];
        _labelHead.CopyTo(answer, 0);
        tracking.CopyTo(answer, _labelHead.Length);
        _labelTail.CopyTo(answer, _labelHead.Length + tracking.Length);
        return answer;
    }

    /// <summary>USPS's token answer (the sandbox's TokenEndpoint.Success) with a new access token (a JWT with the sandbox's claims) and a new refresh token.</summary>
    public byte[] Token()
    {
        var n = Interlocked.Increment(ref _tokens);
        var now = DateTimeOffset.UtcNow;
        const int accessSeconds = 8 * 3600;
        var jti = $"{_runId}-{n}";
        var payload = new MemoryStream();
        using (var claims = new Utf8JsonWriter(payload))
        {
            claims.WriteStartObject();
            claims.WriteString("sub", "stand-in-customer");
            claims.WriteString("azp", "carrierlink-bench");
            claims.WriteString("jti", jti);
            claims.WriteStartArray("mail_owners");
            claims.WriteStartObject();
            claims.WriteString("crid", Crid);
            claims.WriteString("mid", Mid);
            claims.WriteString("manifest_mid", ManifestMid);
            claims.WriteEndObject();
            claims.WriteEndArray();
            claims.WriteStartArray("payment_accounts");
            claims.WriteStartObject();
            claims.WriteString("account_type", "EPS");
            claims.WriteString("account_number", EpsAccount);
            claims.WriteEndObject();
            claims.WriteEndArray();
            claims.WriteStartArray("contracts");
            claims.WriteEndArray();
            claims.WriteString("iss", "urn://api.usps.com");
            claims.WriteString("aud", "carrierlink-bench");
            claims.WriteNumber("iat", now.ToUnixTimeSeconds());
            claims.WriteNumber("exp", now.ToUnixTimeSeconds() + accessSeconds);
            claims.WriteEndObject();
        }
        var accessToken = $"{_jwtHeader}.{Base64Url.EncodeToString(payload.ToArray())}.{_jwtSignature}";

        var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("access_token", accessToken);
            json.WriteString("token_type", "Bearer");
            json.WriteNumber("issued_at", now.ToUnixTimeMilliseconds());
            json.WriteNumber("expires_in", accessSeconds);
            json.WriteString("status", "approved");
            json.WriteString("scope", "prices labels payments pickup scan-forms");
            json.WriteString("issuer", "https://api.usps.com/realms/USPS");
            json.WriteString("refresh_token", $"rt-{_runId}-{n:D12}");
            json.WriteNumber("refresh_token_issued_at", now.ToUnixTimeMilliseconds());
            json.WriteString("refresh_token_status", "approved");
            json.WriteNumber("refresh_token_expires_in", 7 * 24 * 3600);
            json.WriteNumber("refresh_count", n);
            json.WriteString("client_id", "carrierlink-bench");
            json.WriteString("application_name", "CarrierLink");
            json.WriteString("api_products", "[Shipping-Silver]");
            json.WriteString("public_key", _publicKey);
            json.WriteEndObject();
        }
        return body.ToArray();
    }

    public static async Task WriteAsync(HttpContext context, string contentType, byte[] body)
    {
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>USPS mod 10, as the sandbox's UspsNumbers: weights 3,1,3,1… from the right.</summary>
    private static string WithCheckDigit(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++) sum += (digits[digits.Length - 1 - i] - '0') * (i % 2 == 0 ? 3 : 1);
        return digits + (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
