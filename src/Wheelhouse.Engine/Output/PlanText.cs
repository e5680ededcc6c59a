using System.Text;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Output;

/// <summary>
/// The plan in the terminal: which targets run in which order, and which are skipped and why; then the notes of
/// the build's extensions (<see cref="BuildExtensionAttribute.PlanNotes"/>), each block after a blank line.
/// </summary>
public static class PlanText
{
    public static string Render(ExecutionPlan plan, IReadOnlyList<IReadOnlyList<string>>? notes = null)
    {
        var text = new StringBuilder();
        text.AppendLine($"Plan for: {string.Join(' ', plan.Invoked.Select(t => t.Name))}");
        text.AppendLine();
        var width = plan.Steps.Select(s => s.Target.Name.Length).Append(0).Max() + 2;
        var position = 0;
        foreach (var step in plan.Steps)
        {
            var number = step.Runs ? $"{++position,3}" : "  -";
            var marker = step.Invoked ? " *" : "  ";
            var note = step.Runs ? step.Target.Description ?? "" : $"skipped: {step.SkipReason}";
            text.AppendLine($"{number}{marker} {step.Target.Name.PadRight(width)}{note}".TrimEnd());
        }

        var skipped = plan.Steps.Count(s => !s.Runs);
        text.AppendLine();
        text.AppendLine($"{position} to run, {skipped} skipped (* = invoked).");
        foreach (var block in (notes ?? []).Where(b => b.Count > 0))
        {
            text.AppendLine();
            foreach (var line in block)
                text.AppendLine(line.TrimEnd());
        }

        return text.ToString();
    }
}
