using System.Globalization;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CarrierLink.Web.Pages;

/// <summary>
/// <c>&lt;local-time value="@at" /&gt;</c>: a moment as the merchant reads it. The server writes a
/// readable UTC text into a <c>&lt;time&gt;</c> element (so the page works without script);
/// <c>/assets/local-time.js</c> then shows it in the browser's own time zone, with a relative form
/// ("5 minutes ago", "in 2 hours") where <c>relative</c> is set, and the exact local time as a tooltip.
/// </summary>
[HtmlTargetElement("local-time", TagStructure = TagStructure.WithoutEndTag)]
public sealed class LocalTimeTagHelper : TagHelper
{
    /// <summary>A stored timestamp; CarrierLink stores UTC (an unspecified kind is read as UTC).</summary>
    public DateTime? Value { get; set; }

    /// <summary>Also say how long ago (or how soon) it is.</summary>
    public bool Relative { get; set; }

    /// <summary>Only the date (pickup dates, mailing dates are days, not moments).</summary>
    public bool DateOnly { get; set; }

    /// <summary>What to show when there is no value.</summary>
    public string Empty { get; set; } = "—";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Value is not { } value)
        {
            output.TagName = null;
            output.Content.SetContent(Empty);
            return;
        }

        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
        output.TagName = "time";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("datetime", utc.ToString("O", CultureInfo.InvariantCulture));
        output.Attributes.SetAttribute("data-local-time", DateOnly ? "date" : Relative ? "relative" : "exact");
        output.Content.SetContent(DateOnly
            ? utc.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)
            : utc.ToString("MMM d, yyyy, HH:mm", CultureInfo.InvariantCulture) + " UTC");
    }
}
