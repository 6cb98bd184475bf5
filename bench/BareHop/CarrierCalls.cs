using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace BareHop;

public sealed record RatesInput(string? FromZip, string? ToZip, decimal? WeightOz, decimal? LengthIn, decimal? WidthIn, decimal? HeightIn, string? MailClass);

public sealed record AddressInput(string? Name, string? Street1, string? City, string? State, string? Zip);

public sealed record LabelInput(AddressInput? FromAddress, AddressInput? ToAddress, decimal? WeightOz, string? MailClass, decimal? LengthIn, decimal? WidthIn, decimal? HeightIn);

public sealed record Rate(string MailClass, string Service, decimal Price, string? Zone);

public sealed record BoughtLabel(string TrackingNumber, decimal Postage, byte[] Pdf);

public sealed record Tokens(string AccessToken, string RefreshToken, DateTime ExpiresAt);

/// <summary>
/// The carrier's side of the hop: the USPS request bodies CarrierLink sends (src/CarrierLink.Carriers/Usps) built from
/// the same inputs, one HttpClient from the factory, and the answers read as CarrierLink reads them. A failed call is
/// null: the hop answers 502 and says no more.
/// </summary>
public sealed class CarrierCalls(IHttpClientFactory clients)
{
    public const string ClientName = "carrier";

    // The hop holds one access token of JWT size for the carrier (the stand-in does not check it).
    private static readonly AuthenticationHeaderValue Bearer = new("Bearer", Convert.ToBase64String(RandomNumberGenerator.GetBytes(660)));

    public async Task<Rate?> PriceAsync(RatesInput input, CancellationToken cancellationToken)
    {
        var mailClass = input.MailClass ?? "PRIORITY_MAIL";
        var body = new Dictionary<string, object?>
        {
            ["originZIPCode"] = input.FromZip,
            ["destinationZIPCode"] = input.ToZip,
            ["weight"] = Math.Round(input.WeightOz!.Value / 16m, 4),
            ["length"] = input.LengthIn ?? 0,
            ["width"] = input.WidthIn ?? 0,
            ["height"] = input.HeightIn ?? 0,
            ["mailClass"] = mailClass,
            ["processingCategory"] = "MACHINABLE",
            ["destinationEntryFacilityType"] = "NONE",
            ["rateIndicator"] = "SP",
            ["priceType"] = "COMMERCIAL",
            ["mailingDate"] = Today(),
        };
        using var response = await SendAsync(Json("prices/v3/base-rates/search", body), cancellationToken);
        if (!response.IsSuccessStatusCode) return null;
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var first = json.GetProperty("rates")[0];
        return new Rate(mailClass, first.GetProperty("description").GetString() ?? mailClass, first.GetProperty("price").GetDecimal(),
            first.TryGetProperty("zone", out var zone) ? zone.GetString() : null);
    }

    /// <summary>USPS's purchase: a payment authorization, then the label paid with it, under a carrier key derived from ours.</summary>
    public async Task<BoughtLabel?> BuyLabelAsync(LabelInput input, string idempotencyKey, CancellationToken cancellationToken)
    {
        var role = (string name) => new { roleName = name, CRID = "56782341", MID = "902345671", manifestMID = "902345672", accountType = "EPS", accountNumber = "1000012345" };
        string paymentToken;
        using (var payment = await SendAsync(Json("payments/v3/payment-authorization", new { roles = new[] { role("PAYER"), role("LABEL_OWNER") } }), cancellationToken))
        {
            if (!payment.IsSuccessStatusCode) return null;
            paymentToken = (await payment.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("paymentAuthorizationToken").GetString()!;
        }

        var body = new Dictionary<string, object?>
        {
            ["imageInfo"] = new { imageType = "PDF", labelType = "4X6LABEL" },
            ["toAddress"] = Address(input.ToAddress!),
            ["fromAddress"] = Address(input.FromAddress!),
            ["packageDescription"] = new Dictionary<string, object?>
            {
                ["mailClass"] = input.MailClass,
                ["rateIndicator"] = "SP",
                ["weightUOM"] = "lb",
                ["weight"] = Math.Round(input.WeightOz!.Value / 16m, 4),
                ["dimensionsUOM"] = "in",
                ["length"] = input.LengthIn,
                ["width"] = input.WidthIn,
                ["height"] = input.HeightIn,
                ["processingCategory"] = "MACHINABLE",
                ["mailingDate"] = Today(),
                ["destinationEntryFacilityType"] = "NONE",
                ["customerReference"] = new[] { new { referenceNumber = idempotencyKey, printReferenceNumber = false } },
            },
        };
        var request = Json("labels/v3/label", body);
        request.Headers.Add("X-Payment-Authorization-Token", paymentToken);
        request.Headers.Add("X-Idempotency-Key", new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)).AsSpan(0, 16)).ToString());
        using var response = await SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) return null;

        // USPS's multipart answer: the labelMetadata JSON first, then the PDF as Base64 text.
        var boundary = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(Microsoft.Net.Http.Headers.MediaTypeHeaderValue.Parse(response.Content.Headers.ContentType!.ToString()).Boundary).Value!;
        var reader = new MultipartReader(boundary, await response.Content.ReadAsStreamAsync(cancellationToken));
        var metadata = await reader.ReadNextSectionAsync(cancellationToken) ?? throw new InvalidDataException("No label metadata.");
        var label = await JsonSerializer.DeserializeAsync<JsonElement>(metadata.Body, cancellationToken: cancellationToken);
        var image = await reader.ReadNextSectionAsync(cancellationToken) ?? throw new InvalidDataException("No label image.");
        using var text = new StreamReader(image.Body, Encoding.ASCII);
        var pdf = Convert.FromBase64String(await text.ReadToEndAsync(cancellationToken));
        return new BoughtLabel(label.GetProperty("trackingNumber").GetString()!, label.GetProperty("postage").GetDecimal(), pdf);
    }

    public async Task<Tokens?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "oauth2/v3/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["client_id"] = "carrierlink-bench",
                ["client_secret"] = "sandbox-secret-for-the-benchmark",
            }),
        };
        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) return null;
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return new Tokens(json.GetProperty("access_token").GetString()!, json.GetProperty("refresh_token").GetString()!,
            DateTime.UtcNow.AddSeconds(json.GetProperty("expires_in").GetInt32()));
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = Bearer;
        return clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
    }

    private static HttpRequestMessage Json(string path, object body) => new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };

    private static Dictionary<string, object?> Address(AddressInput address)
    {
        var name = address.Name?.Trim() ?? "";
        var space = name.LastIndexOf(' ');
        return new Dictionary<string, object?>
        {
            ["firstName"] = space > 0 ? name[..space] : name,
            ["lastName"] = space > 0 ? name[(space + 1)..] : null,
            ["streetAddress"] = address.Street1,
            ["city"] = address.City,
            ["state"] = address.State,
            ["ZIPCode"] = address.Zip,
        };
    }

    private static string Today() => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
