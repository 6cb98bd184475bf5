using System.Text.Json;

namespace BareHop;

/// <summary>The three endpoints; a carrier failure is a 502 and nothing else (the floor, not a product).</summary>
public static class HopEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<IResult> RatesAsync(RatesInput input, CarrierCalls carrier, CancellationToken cancellationToken)
    {
        if (input.FromZip is null || input.ToZip is null || input.WeightOz is not > 0) return Results.BadRequest();
        var rate = await carrier.PriceAsync(input, cancellationToken);
        if (rate is null) return Results.StatusCode(StatusCodes.Status502BadGateway);
        return Results.Json(new { rates = new[] { new { mail_class = rate.MailClass, service = rate.Service, price = rate.Price, currency = "USD", zone = rate.Zone } } });
    }

    public static async Task<IResult> LabelAsync(HttpRequest http, LabelInput input, CarrierCalls carrier, HopStore store, CancellationToken cancellationToken)
    {
        var key = http.Headers["Idempotency-Key"].ToString();
        if (key.Length is 0 or > 255) return Results.BadRequest("Idempotency-Key is required.");
        if (input.FromAddress is null || input.ToAddress is null || input.WeightOz is not > 0 || input.MailClass is null) return Results.BadRequest();

        // Write 1, committed before the carrier is asked: a crash after it leaves a record of what may have been bought.
        if (!await store.TryStartLabelAsync(key, JsonSerializer.Serialize(input, Json), cancellationToken))
        {
            var stored = await store.FindLabelAsync(key, cancellationToken);
            return stored is { Status: "completed" }
                ? Results.Json(new { tracking_number = stored.TrackingNumber, price = stored.Postage, currency = "USD" })
                : Results.Conflict("A request with this Idempotency-Key is still running.");
        }
        var label = await carrier.BuyLabelAsync(input, key, cancellationToken);
        if (label is null)
        {
            await store.ForgetLabelAsync(key, CancellationToken.None);
            return Results.StatusCode(StatusCodes.Status502BadGateway);
        }
        // Write 2: the label, so a repeat of the key is answered from here.
        await store.CompleteLabelAsync(key, label, CancellationToken.None);
        return Results.Json(new { tracking_number = label.TrackingNumber, price = label.Postage, currency = "USD" }, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> RefreshAsync(int n, CarrierCalls carrier, HopStore store, CancellationToken cancellationToken)
    {
        if (await store.RefreshTokenAsync(n, cancellationToken) is not { } refreshToken) return Results.NotFound();
        var tokens = await carrier.RefreshAsync(refreshToken, cancellationToken);
        if (tokens is null) return Results.StatusCode(StatusCodes.Status502BadGateway);
        await store.StoreTokensAsync(n, tokens, CancellationToken.None);
        return Results.Json(new { n, expires_at = tokens.ExpiresAt });
    }
}
