using System.Globalization;

namespace Wheelhouse.Engine.Parameters;

/// <summary>Converts text values to a parameter's type; a bad value is an error naming the parameter and what it accepts.</summary>
public static class ValueConverter
{
    public static object? Convert(ParameterDescriptor parameter, RawValue raw)
    {
        var type = parameter.ValueType;
        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            var items = raw.Values
                .SelectMany(v => raw.Source.StartsWith("environment", StringComparison.Ordinal)
                    ? v.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : [v])
                .Select(v => ConvertOne(parameter, element, v, raw))
                .ToArray();
            var array = Array.CreateInstance(element, items.Length);
            for (var i = 0; i < items.Length; i++)
                array.SetValue(items[i], i);
            return array;
        }

        if (raw.Values.Count == 0)
        {
            if (Underlying(type) == typeof(bool))
                return true; // a bare flag: --allow-dirty
            throw Bad(parameter, raw, null, "a value");
        }

        if (raw.Values.Count > 1)
            throw new BuildException($"Parameter --{parameter.ArgumentName} takes one value but {raw.Source} gives {raw.Values.Count}. Pass a single value.");
        return ConvertOne(parameter, type, raw.Values[0], raw);
    }

    /// <summary>What a type accepts, for help text and errors.</summary>
    public static string Accepted(Type type)
    {
        type = Underlying(type.IsArray ? type.GetElementType()! : type);
        if (type.IsEnum)
            return "one of: " + string.Join(", ", Enum.GetNames(type).Select(KebabCase.From));
        if (type == typeof(bool))
            return "true or false";
        if (type == typeof(int) || type == typeof(long))
            return "a whole number";
        if (type == typeof(double) || type == typeof(decimal))
            return "a number";
        if (type == typeof(AbsolutePath))
            return "a path";
        return "text";
    }

    private static Type Underlying(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static object? ConvertOne(ParameterDescriptor parameter, Type type, string text, RawValue raw)
    {
        type = Underlying(type);
        if (type == typeof(string))
            return text;
        if (type == typeof(AbsolutePath))
            return text.Length == 0 ? throw Bad(parameter, raw, text, "a path") : AbsolutePath.Create(Path.GetFullPath(text, raw.BaseDirectory));
        if (type == typeof(bool))
        {
            return text.ToLowerInvariant() switch
            {
                "true" or "yes" or "1" or "on" => true,
                "false" or "no" or "0" or "off" => false,
                _ => throw Bad(parameter, raw, text, Accepted(type)),
            };
        }

        if (type == typeof(int))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw Bad(parameter, raw, text, Accepted(type));
        if (type == typeof(long))
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : throw Bad(parameter, raw, text, Accepted(type));
        if (type == typeof(double))
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw Bad(parameter, raw, text, Accepted(type));
        if (type.IsEnum)
        {
            var match = Enum.GetNames(type).FirstOrDefault(n =>
                string.Equals(n, text, StringComparison.OrdinalIgnoreCase) || KebabCase.From(n) == text.ToLowerInvariant());
            return match != null ? Enum.Parse(type, match) : throw Bad(parameter, raw, text, Accepted(type));
        }

        throw new BuildException($"Parameter {parameter.Name} has type {type.Name}, which the engine cannot read; use string, bool, int, long, double, an enum, AbsolutePath, or an array of these.");
    }

    private static BuildException Bad(ParameterDescriptor parameter, RawValue raw, string? text, string accepted)
    {
        var shown = text is null ? "no value" : parameter.IsSecret ? "a value" : $"'{text}'";
        return new BuildException($"Parameter --{parameter.ArgumentName} got {shown} from {raw.Source}, but it takes {accepted}.");
    }
}
