using System.Text;
using Wheelhouse.Engine.CommandLine;
using Wheelhouse.Engine.Parameters;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Output;

/// <summary>The --help text, laid out as NUKE lays it out: targets with their direct dependencies, then parameters.</summary>
public static class HelpText
{
    public static string Render(TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters, string? defaultTarget, string command = "./build.sh")
    {
        var text = new StringBuilder();
        text.AppendLine($"Usage: {command} [targets] [options]");
        text.AppendLine();
        text.AppendLine("Targets (with their direct dependencies):");
        text.AppendLine();
        var listed = RoadOrder(graph.Targets).Where(t => t.Listed).ToList();
        var names = listed.ToDictionary(t => t, t => t.Name + (string.Equals(t.Name, defaultTarget, StringComparison.OrdinalIgnoreCase) ? " (default)" : ""));
        var dependencies = listed.ToDictionary(t => t, t => t.ExecutionDependencies.Count > 0 ? "-> " + string.Join(", ", t.ExecutionDependencies.Select(d => d.Name)) : "");
        var nameWidth = names.Values.Append("").Max(n => n.Length) + 2;
        var dependencyWidth = dependencies.Values.Append("").Max(d => d.Length) + 2;
        foreach (var target in listed)
            text.AppendLine($"  {names[target].PadRight(nameWidth)}{dependencies[target].PadRight(dependencyWidth)}{target.Description}".TrimEnd());

        text.AppendLine();
        text.AppendLine("Parameters:");
        text.AppendLine();
        var rows = parameters.Select(p => (Option: $"--{p.ArgumentName} <{Hint(p.ValueType)}>", Text: Describe(p))).ToList();
        var builtIns = BuiltInOptions.All.Select(o => (Option: $"--{o.Name}", Text: o.Description)).ToList();
        var width = rows.Concat(builtIns).Max(r => r.Option.Length) + 2;
        foreach (var (option, description) in rows)
            text.AppendLine($"  {option.PadRight(width)}{description}".TrimEnd());
        if (rows.Count > 0)
            text.AppendLine();
        foreach (var (option, description) in builtIns)
            text.AppendLine($"  {option.PadRight(width)}{description}");
        return text.ToString();
    }

    /// <summary>Targets in the order a full run would take them (what a target needs comes first), ties by declaration.</summary>
    internal static IReadOnlyList<ExecutableTarget> RoadOrder(IReadOnlyList<ExecutableTarget> targets)
    {
        var ordered = new List<ExecutableTarget>();
        var visited = new HashSet<ExecutableTarget>();

        void Visit(ExecutableTarget target)
        {
            if (!visited.Add(target))
                return;
            foreach (var earlier in target.ExecutionDependencies.Concat(target.OrderDependencies).OrderBy(t => t.DeclarationIndex))
                Visit(earlier);
            ordered.Add(target);
        }

        foreach (var target in targets.OrderBy(t => t.DeclarationIndex))
            Visit(target);
        return ordered;
    }

    private static string Describe(ParameterDescriptor parameter)
    {
        var notes = new List<string> { $"env {parameter.EnvironmentName}" };
        if (parameter.IsSecret)
            notes.Add("secret: environment or parameters file only");
        if (parameter.IsRequired)
            notes.Add("required");
        var type = parameter.ValueType.IsArray ? parameter.ValueType.GetElementType()! : parameter.ValueType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
            notes.Add(ValueConverter.Accepted(type));
        if (parameter.ValueType.IsArray)
            notes.Add("several allowed");
        return $"{parameter.Description ?? ""} ({string.Join("; ", notes)})".TrimStart();
    }

    private static string Hint(Type type)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        element = Nullable.GetUnderlyingType(element) ?? element;
        var hint = element == typeof(bool) ? "bool"
            : element == typeof(int) || element == typeof(long) ? "int"
            : element == typeof(double) ? "number"
            : element == typeof(AbsolutePath) ? "path"
            : element.IsEnum ? "choice"
            : "text";
        return type.IsArray ? hint + "..." : hint;
    }
}
