using CarrierLink.Web.Connect.Methods;

namespace CarrierLink.Web.Pages;

/// <summary>A connect form's carrier fields with what was typed and the one error to show beside its field.</summary>
public sealed record ConnectFieldsModel(
    IReadOnlyList<ConnectField> Fields, IReadOnlyDictionary<string, string?> Values, string? ErrorField, string? Error, bool Reconnecting)
{
    public string? ValueOf(ConnectField field) => Values.TryGetValue(field.Key, out var value) ? value : null;

    public string? ErrorFor(ConnectField field) => ErrorField == field.Key ? Error : null;
}
