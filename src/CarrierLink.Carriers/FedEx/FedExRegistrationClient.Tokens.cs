using System.Text.Json;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Registration;

namespace CarrierLink.Carriers.FedEx;

public sealed partial class FedExRegistrationClient
{
    /// <summary>csp_credentials: the platform's key and secret plus the account's child key and secret. FedEx sends no refresh token.</summary>
    public async Task<CarrierResult<TokenSet>> AuthenticateAsync(string accountNumber, ChildCredentials credentials, CancellationToken cancellationToken)
    {
        var token = await RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "csp_credentials",
            ["client_id"] = _options.ClientId,
            ["client_secret"] = _options.ClientSecret,
            ["child_Key"] = credentials.Key,
            ["child_secret"] = credentials.Secret,
        }, cancellationToken);
        return token switch
        {
            CarrierResult<(string Token, DateTimeOffset ExpiresAt)>.Success { Value: var (accessToken, expiresAt) } =>
                new CarrierResult<TokenSet>.Success(new TokenSet(accessToken, expiresAt, null, null, new CarrierAccountIdentity(accountNumber, null))),
            CarrierResult<(string, DateTimeOffset)>.AuthRejected =>
                new CarrierResult<TokenSet>.AuthRejected("FedEx no longer accepts the key it issued CarrierLink for this account: reconnect to register the account again."),
            var failure => failure.Relay<TokenSet>(),
        };
    }

    private async Task<CarrierResult<string>> ParentTokenAsync(bool forceNew, CancellationToken cancellationToken)
    {
        await parent.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!forceNew && parent.Current is { } current && current.ExpiresAt - FedExParentToken.Margin > time.GetUtcNow())
                return new CarrierResult<string>.Success(current.Token);
            parent.Current = null;
            var fresh = await RequestTokenAsync(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = _options.ClientId,
                ["client_secret"] = _options.ClientSecret,
            }, cancellationToken);
            if (fresh is not CarrierResult<(string Token, DateTimeOffset ExpiresAt)>.Success { Value: var value }) return fresh.Relay<string>();
            parent.Current = value;
            return new CarrierResult<string>.Success(value.Token);
        }
        finally
        {
            parent.Gate.Release();
        }
    }

    /// <summary>POST /oauth/token, form-urlencoded; 401 (NOT.AUTHORIZED.ERROR) is AuthRejected.</summary>
    private Task<CarrierResult<(string Token, DateTimeOffset ExpiresAt)>> RequestTokenAsync(Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.BaseUrl!, "oauth/token")) { Content = new FormUrlEncodedContent(form) };
        var now = time.GetUtcNow();
        return FedExCalls.SendAsync(http, request, time, idempotent: true, answer =>
            new CarrierResult<(string, DateTimeOffset)>.Success((
                answer.GetProperty("access_token").GetString()!,
                now.AddSeconds(answer.TryGetProperty("expires_in", out var seconds) && seconds.ValueKind == JsonValueKind.Number ? seconds.GetInt32() : 3600))),
            cancellationToken);
    }
}
