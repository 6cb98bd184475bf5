using CarrierLink.Web.Notifications.Webhooks;

namespace CarrierLink.Web.Pages.Settings.Webhooks;

/// <summary>An endpoint's fields as the Settings pages show and post them, with the errors that name them.</summary>
public sealed record EndpointForm(string? Url, string? Description, bool AllEvents, IReadOnlyList<string> EventTypes, bool Enabled)
{
    public static EndpointForm New { get; } = new(null, null, AllEvents: true, [], Enabled: true);

    public static EndpointForm Of(WebhookEndpointResponse endpoint) =>
        new(endpoint.Url, endpoint.Description, endpoint.EventTypes is null, endpoint.EventTypes ?? [], endpoint.Enabled);

    /// <summary>Every event unless "all" is unticked; then the ticked ones (none ticked is refused by the validation).</summary>
    public WebhookEndpointInput ToInput(bool forChange) =>
        new(forChange ? Url ?? "" : Url, Description ?? (forChange ? "" : null), EventTypesGiven: true, AllEvents ? null : EventTypes, Enabled);

    /// <summary>The page's words for a refusal of the API's field.</summary>
    public static IReadOnlyDictionary<string, string> Messages(IReadOnlyDictionary<string, string[]> errors) =>
        errors.ToDictionary(e => e.Key, e => e.Key switch
        {
            "url" => $"The URL {e.Value[0]}.",
            "description" => $"The description {e.Value[0]}.",
            "event_types" => "Choose at least one event, or tick “All events”.",
            _ => e.Value[0],
        });
}

/// <summary>What the shared fields partial needs: the values and the messages, keyed url, description, event_types.</summary>
public sealed record EndpointFieldsView(EndpointForm Form, IReadOnlyDictionary<string, string> Errors, string IdPrefix);
