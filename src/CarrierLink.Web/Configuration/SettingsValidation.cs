using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Configuration;

public static class SettingsValidation
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> and checks it when the app starts, so a wrong setting
    /// stops the start with its full key (<c>Health:Incidents:WindowSeconds</c>), what is wrong and the default to go back to,
    /// instead of surfacing at the first request that reads it.
    /// </summary>
    public static OptionsBuilder<T> BindAndValidateOnStart<T>(this OptionsBuilder<T> builder, string section) where T : class, new()
    {
        builder.BindConfiguration(section);
        builder.Services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section, builder.Name));
        return builder.ValidateOnStart();
    }
}

/// <summary>
/// The data annotations of a settings class (and of its nested settings objects), with messages an operator can act on.
/// Note: the framework's own validator names the property without its section and never the value it found.
/// </summary>
internal sealed class SectionValidator<T>(string section, string? optionsName) : IValidateOptions<T> where T : class, new()
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        if (optionsName is not null && name != optionsName) return ValidateOptionsResult.Skip;
        var failures = new List<string>();
        Check(options, new T(), section, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(object settings, object? defaults, string path, List<string> failures)
    {
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanRead || !property.CanWrite) continue;
            var key = $"{path}:{property.Name}";
            var value = property.GetValue(settings);
            var defaultValue = defaults is null ? null : property.GetValue(defaults);
            var context = new ValidationContext(settings) { MemberName = property.Name, DisplayName = key };
            foreach (var rule in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (rule.GetValidationResult(value, context) is not null) failures.Add(Describe(rule, key, value, defaultValue));
            }
            if (value is not null && IsNestedSettings(property.PropertyType)) Check(value, defaultValue, key, failures);
        }
        if (settings is IValidatableObject whole)
            failures.AddRange(whole.Validate(new ValidationContext(settings)).Select(r => r.ErrorMessage ?? $"{path} is not valid."));
    }

    private static bool IsNestedSettings(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && type.Assembly == typeof(SectionValidator<>).Assembly;

    private static string Describe(ValidationAttribute rule, string key, object? value, object? defaultValue)
    {
        // A message written for the setting (with an example) says it best; {0} is the full key.
        if (rule.ErrorMessage is not null) return rule.FormatErrorMessage(key).TrimEnd('.') + Found(rule, value) + ".";
        return rule switch
        {
            RangeAttribute range => $"{key} must be between {Text(range.Minimum)} and {Text(range.Maximum)}{Found(rule, value)}"
                + (defaultValue is null ? "." : $"; the default is {Text(defaultValue)}."),
            RequiredAttribute => $"{key} is required.",
            _ => rule.FormatErrorMessage(key).TrimEnd('.') + Found(rule, value) + ".",
        };
    }

    /// <summary>What was configured, for numbers and choice words only: any other string setting may be a secret.</summary>
    private static string Found(ValidationAttribute rule, object? value) => value switch
    {
        string text when rule is RegularExpressionAttribute => $" (it is '{text}')",
        IConvertible number when value is not string => $" (it is {Text(number)})",
        _ => "",
    };

    private static string Text(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
