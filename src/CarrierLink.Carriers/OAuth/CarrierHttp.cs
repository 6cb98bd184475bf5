using System.Text.Json;

namespace CarrierLink.Carriers.OAuth;

/// <summary>
/// One carrier call: send (the carrier's timeout is on the client's handler chain, see <see cref="CarrierTimeout"/>),
/// read a success with <paramref name="read"/>,
/// and leave everything else to the carrier's own <paramref name="classifyFailure"/>. Network
/// failures and unreadable successes are classified here the same way for every carrier.
/// </summary>
public static class CarrierHttp
{
    /// <summary>
    /// A success that carries no answer (a DELETE's 200 or 204) must have an empty or well-formed body: a cut-off one
    /// means the answer was mangled on the way, and whether the carrier acted is unknown (a JsonException here is
    /// classified as an unreadable answer, which the caller settles by asking again).
    /// </summary>
    public static async Task EnsureReadableAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(text)) JsonDocument.Parse(text).Dispose();
    }

    public static Task<CarrierResult<T>> SendAsync<T>(
        HttpClient http,
        HttpRequestMessage request,
        string carrierName,
        bool idempotent,
        Func<HttpResponseMessage, Task<CarrierResult<T>>> read,
        Func<HttpResponseMessage, string, CarrierResult<T>> classifyFailure,
        CancellationToken cancellationToken) =>
        HttpFailures.GuardAsync<T>(carrierName, async () =>
        {
            using (request)
            {
                using var response = await http.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                    return classifyFailure(response, await response.Content.ReadAsStringAsync(cancellationToken));
                try
                {
                    return await read(response);
                }
                catch (Exception e) when (e is JsonException or InvalidDataException or FormatException or KeyNotFoundException or InvalidOperationException)
                {
                    // The carrier did the work but its answer is unreadable: for a purchase that is "maybe bought".
                    return new CarrierResult<T>.Transient($"{carrierName} answered with a response CarrierLink could not read.", MayHaveBeenProcessed: !idempotent);
                }
            }
        }, cancellationToken);
}
