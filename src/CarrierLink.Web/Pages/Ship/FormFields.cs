using CarrierLink.Web.Shipping;

namespace CarrierLink.Web.Pages.Ship;

/// <summary>One input of a form: the contract field it feeds, its id on the page, and its words for a person.</summary>
public sealed record FieldWords(string Field, string Id, string Label, string WhenMissing);

/// <summary>What a field partial draws: a labelled input with its error next to it.</summary>
public sealed record FieldView(string Id, string Name, string Label, string? Value, string? Error, bool Autofocus,
    string? InputMode = null, int? MaxLength = null, string? Autocomplete = null, string? Hint = null);

/// <summary>
/// A form's errors in plain words, each next to its input. Validation speaks the API's field names
/// ("to_address.name is required"); a person reads "Enter the recipient's name" under the Name box.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string> _byId = [];
    private readonly List<string> _order = [];

    public static readonly FieldErrors None = new();

    /// <summary>Errors no input of the form owns (shown above the form).</summary>
    public List<string> General { get; } = [];

    public bool Any => _byId.Count > 0 || General.Count > 0;

    /// <summary>The first invalid input, in the form's order: it gets the focus.</summary>
    public string? First => _order.FirstOrDefault(_byId.ContainsKey);

    public string? For(string id) => _byId.GetValueOrDefault(id);

    public static FieldErrors From(IDictionary<string, string[]> errors, IReadOnlyList<FieldWords> words)
    {
        var result = new FieldErrors();
        result._order.AddRange(words.Select(w => w.Id));
        foreach (var (field, messages) in errors)
        {
            var word = words.FirstOrDefault(w => string.Equals(w.Field, field, StringComparison.OrdinalIgnoreCase));
            // One message per input, the first found: "Enter the weight" is enough, without "and it must be more than 0".
            var first = messages.FirstOrDefault() ?? "is not valid";
            if (word is null) result.General.Add(first == "is required" ? $"{field.Replace('_', ' ')} is required" : first);
            else result._byId.TryAdd(word.Id, first == "is required" ? word.WhenMissing : $"{word.Label} {first}");
        }
        return result;
    }

    public static FieldErrors From(InputErrors errors, IReadOnlyList<FieldWords> words) => From(errors.ToDictionary(), words);

    public FieldView View(string id, string name, string label, string? value, string? inputMode = null, int? maxLength = null, string? autocomplete = null, string? hint = null) =>
        new(id, name, label, value, For(id), First == id, inputMode, maxLength, autocomplete, hint);
}

/// <summary>The words of an address's inputs, for a form whose inputs are named <c>{prefix}-name</c>, <c>{prefix}-street</c>...</summary>
public static class AddressWords
{
    public static IReadOnlyList<FieldWords> For(string field, string prefix, string whose) =>
    [
        new($"{field}.name", $"{prefix}-name", "Name", $"Enter {whose} name"),
        new($"{field}.company", $"{prefix}-company", "Company", $"Enter {whose} company"),
        new($"{field}.street1", $"{prefix}-street", "Street", $"Enter {whose} street address"),
        new($"{field}.street2", $"{prefix}-street2", "Apartment, suite", $"Enter {whose} apartment or suite"),
        new($"{field}.city", $"{prefix}-city", "City", $"Enter {whose} city"),
        new($"{field}.state", $"{prefix}-state", "State", $"Enter {whose} state as two letters, like NY"),
        new($"{field}.zip", $"{prefix}-zip", "ZIP", $"Enter {whose} ZIP code"),
        new($"{field}.phone", $"{prefix}-phone", "Phone", $"Enter {whose} phone number"),
    ];
}

/// <summary>What the address partial draws: an address form's values and errors, its inputs' ids and names.</summary>
public sealed record AddressFieldsView(Settings.ShipFrom.AddressForm Form, FieldErrors Errors, string IdPrefix, string NamePrefix, string? AutocompleteSection, bool WithExtras = true)
{
    /// <summary>Browsers fill a sender and a recipient from different entries ("section-from name").</summary>
    public string? Autocomplete(string token) => AutocompleteSection is null ? null : $"{AutocompleteSection} {token}";
}
