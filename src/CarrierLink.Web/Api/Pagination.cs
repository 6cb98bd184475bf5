using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace CarrierLink.Web.Api;

/// <summary>The contract's ?limit=&amp;cursor= paging. Cursors are opaque: the last id seen, base64url.</summary>
public readonly record struct Page(int Limit, string? After)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static bool TryParse(int? limit, string? cursor, out Page page, out BadRequestProblem? problem)
    {
        page = default;
        problem = null;
        if (limit is < 1 or > MaxLimit)
        {
            problem = ApiProblems.Validation("limit", $"must be between 1 and {MaxLimit}");
            return false;
        }
        string? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            try { after = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor)); }
            catch (FormatException) { after = null; }
            if (string.IsNullOrEmpty(after))
            {
                problem = ApiProblems.Validation("cursor", "is not a cursor this API returned");
                return false;
            }
        }
        page = new Page(limit ?? DefaultLimit, after);
        return true;
    }

    public static string Cursor(string lastKey) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(lastKey));
}

public sealed record PagedList<T>(IReadOnlyList<T> Data, string? NextCursor);
