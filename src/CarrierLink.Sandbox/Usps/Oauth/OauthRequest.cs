using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CarrierLink.Sandbox.Usps.Oauth;

/// <summary>The parameters of a token or revoke call, from a JSON or form body, plus HTTP Basic client credentials if sent.</summary>
public sealed class OauthRequest
{
    private readonly IReadOnlyDictionary<string, string> parameters;
    private readonly (string Id, string Secret)? basic;

    private OauthRequest(IReadOnlyDictionary<string, string> parameters, (string, string)? basic)
    {
        this.parameters = parameters;
        this.basic = basic;
    }

    public string? this[string name] => parameters.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Basic credentials win over body ones; USPS documents the body, RFC 6749 prefers Basic, so both work.</summary>
    public string? ClientId => basic?.Id ?? this["client_id"];

    public string? ClientSecret => basic?.Secret ?? this["client_secret"];

    /// <summary>The request, or null when its body cannot be read (malformed JSON, a JSON array ...).</summary>
    public static async Task<OauthRequest?> ReadAsync(HttpRequest request)
    {
        var basic = ParseBasic(request.Headers.Authorization.ToString());
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return new OauthRequest(form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal), basic);
        }

        if (request.HasJsonContentType())
        {
            try
            {
                using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
                if (json.RootElement.ValueKind != JsonValueKind.Object) return null;
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                }
                return new OauthRequest(values, basic);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return new OauthRequest(new Dictionary<string, string>(), basic);
    }

    private static (string, string)? ParseBasic(string header)
    {
        if (!AuthenticationHeaderValue.TryParse(header, out var value) || !"Basic".Equals(value.Scheme, StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[512];
        if (!Convert.TryFromBase64String(value.Parameter, buffer, out var written)) return null;
        var text = Encoding.UTF8.GetString(buffer[..written]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        // RFC 6749 2.3.1: both halves are form-url-encoded before being joined.
        return colon < 0 ? null : (Uri.UnescapeDataString(text[..colon]), Uri.UnescapeDataString(text[(colon + 1)..]));
    }
}
