using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox.Control;

/// <summary>Control API bodies (snake_case JSON) and its problem+json answers.</summary>
public static class ControlJson
{
    /// <summary>The body as <typeparamref name="T"/>, or a 400 problem saying why it could not be read.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context) where T : class
    {
        if (!context.Request.HasJsonContentType()) return (null, Validation(new() { ["body"] = ["Send a JSON body with Content-Type: application/json."] }));
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, options, context.RequestAborted);
            return value is null ? (null, Validation(new() { ["body"] = ["The body must be a JSON object."] })) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Validation(new() { ["body"] = [$"The body is not valid JSON for this call: {e.Message}"] }));
        }
    }

    /// <summary>A whole list as the contract shapes lists: {"data": [...], "next_cursor": null} (null written out, not left off).</summary>
    public static IResult List<T>(IEnumerable<T> data) =>
        Results.Json(new Dictionary<string, object?> { ["data"] = data.ToList(), ["next_cursor"] = null });

    public static IResult Validation(Dictionary<string, string[]> errors) => Results.Problem(
        type: "validation",
        title: "The request is invalid.",
        detail: string.Join(" ", errors.SelectMany(e => e.Value)),
        statusCode: StatusCodes.Status400BadRequest,
        extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static IResult NotFound(string detail) =>
        Results.Problem(type: "not-found", title: "Not found.", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult Conflict(string type, string detail) =>
        Results.Problem(type: type, title: "Conflict.", detail: detail, statusCode: StatusCodes.Status409Conflict);
}
