using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Wheelhouse.GitHub.Workflows;

/// <summary>
/// Writes a <see cref="Workflow"/> as YAML with YamlDotNet's emitter: block style, keys in a fixed order, LF line
/// ends, the generated-file header first, and each pinned action's version as a comment after its commit SHA.
/// The same workflow always gives the same bytes. Strings YAML would read as something else (<c>3.10</c>,
/// <c>true</c>, <c>on</c>) are quoted; keys, <c>on</c> included, are plain.
/// </summary>
public static partial class WorkflowYaml
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static byte[] Bytes(Workflow workflow) => Utf8.GetBytes(Text(workflow));

    public static string Text(Workflow workflow)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, skipAnchorName: false, indentSequences: true, newLine: "\n"));
        var yaml = new Writer(emitter);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        emitter.Emit(new Comment(WorkflowTargets.Header.TrimStart('#', ' '), isInline: false));
        yaml.Map(() => WriteWorkflow(yaml, workflow));
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        var text = writer.ToString().Replace("\r\n", "\n");
        return text.EndsWith('\n') ? text : text + "\n";
    }

    private static void WriteWorkflow(Writer yaml, Workflow workflow)
    {
        yaml.Entry("name", workflow.Name);
        yaml.Key("on");
        yaml.Map(() =>
        {
            foreach (var trigger in workflow.Triggers)
            {
                yaml.Key(trigger.EventName);
                WriteTrigger(yaml, trigger);
            }
        });
        yaml.Key("permissions");
        yaml.EmptyMap();
        if (workflow.Concurrency is { } concurrency)
        {
            yaml.Key("concurrency");
            yaml.Map(() =>
            {
                yaml.Entry("group", concurrency.Group);
                yaml.Entry("cancel-in-progress", concurrency.CancelInProgress);
            });
        }

        yaml.Key("jobs");
        yaml.Map(() =>
        {
            foreach (var job in workflow.Jobs)
            {
                yaml.Key(job.Id);
                yaml.Map(() => WriteJob(yaml, job));
            }
        });
    }

    private static void WriteTrigger(Writer yaml, WorkflowTrigger trigger)
    {
        switch (trigger)
        {
            case PushTrigger push:
                yaml.Map(() =>
                {
                    yaml.ListEntry("branches", push.Branches);
                    yaml.ListEntry("branches-ignore", push.BranchesIgnore);
                    yaml.ListEntry("tags", push.Tags);
                    yaml.ListEntry("tags-ignore", push.TagsIgnore);
                    yaml.ListEntry("paths", push.Paths);
                    yaml.ListEntry("paths-ignore", push.PathsIgnore);
                });
                break;
            case PullRequestTrigger pullRequest:
                yaml.Map(() =>
                {
                    yaml.ListEntry("branches", pullRequest.Branches);
                    yaml.ListEntry("paths", pullRequest.Paths);
                    yaml.ListEntry("paths-ignore", pullRequest.PathsIgnore);
                });
                break;
            case WorkflowDispatchTrigger { Inputs.Count: 0 }:
                yaml.EmptyMap();
                break;
            case WorkflowDispatchTrigger dispatch:
                yaml.Map(() =>
                {
                    yaml.Key("inputs");
                    yaml.Map(() =>
                    {
                        foreach (var input in dispatch.Inputs)
                        {
                            yaml.Key(input.Name);
                            yaml.Map(() =>
                            {
                                yaml.Entry("description", input.Name);
                                yaml.Entry("required", input.Required);
                                yaml.Entry("type", "string");
                            });
                        }
                    });
                });
                break;
            case ScheduleTrigger schedule:
                yaml.Sequence(() => yaml.Map(() => yaml.Entry("cron", schedule.Cron)));
                break;
            default:
                yaml.EmptyMap();
                break;
        }
    }

    private static void WriteJob(Writer yaml, Job job)
    {
        if (job.Needs.Count > 0)
            yaml.ListEntry("needs", job.Needs);
        if (job.If != null)
            yaml.Entry("if", job.If);
        yaml.Entry("runs-on", job.RunsOn);
        if (job.Environment is { } environment)
        {
            yaml.Key("environment");
            yaml.Map(() =>
            {
                yaml.Entry("name", environment.Name);
                if (environment.Url != null)
                    yaml.Entry("url", environment.Url);
            });
        }

        yaml.Key("permissions");
        if (job.Permissions.IsEmpty)
            yaml.EmptyMap();
        else
            yaml.Map(() =>
            {
                foreach (var (scope, access) in job.Permissions.Entries)
                    yaml.Entry(scope.Key(), access.Key());
            });
        if (job.Matrix is { } matrix)
        {
            yaml.Key("strategy");
            yaml.Map(() =>
            {
                yaml.Entry("fail-fast", false);
                yaml.Key("matrix");
                yaml.Map(() =>
                {
                    yaml.ListEntry("os", matrix.Os);
                    yaml.ListEntry("python", matrix.Python);
                });
            });
        }

        if (job.TimeoutMinutes is { } timeout)
            yaml.Entry("timeout-minutes", timeout);
        yaml.Key("steps");
        yaml.Sequence(() =>
        {
            foreach (var step in job.Steps)
                yaml.Map(() => WriteStep(yaml, step));
        });
    }

    private static void WriteStep(Writer yaml, Step step)
    {
        if (step.Name != null)
            yaml.Entry("name", step.Name);
        if (step.Id != null)
            yaml.Entry("id", step.Id);
        if (step.If != null)
            yaml.Entry("if", step.If);
        switch (step)
        {
            case ActionStep action:
                yaml.Key("uses");
                yaml.Value(action.Action.Uses);
                yaml.InlineComment(action.Action.Version);
                if (action.With.Count > 0)
                {
                    yaml.Key("with");
                    yaml.Map(() =>
                    {
                        foreach (var (key, value) in action.With)
                            yaml.Entry(key, value);
                    });
                }

                break;
            case RunStep run:
                yaml.Entry("run", run.Run);
                if (run.Shell != null)
                    yaml.Entry("shell", run.Shell);
                break;
        }

        if (step.Env.Count > 0)
        {
            yaml.Key("env");
            yaml.Map(() =>
            {
                foreach (var (key, value) in step.Env)
                    yaml.Entry(key, value);
            });
        }
    }

    /// <summary>Scalars YAML 1.1 or 1.2 would read as null, a boolean or a number.</summary>
    [GeneratedRegex(@"^(|~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?\.?[0-9][0-9a-fA-FxXoObB_.:eE+-]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex NotAString();

    /// <summary>Emits events for nested maps and lists; strings are quoted only when needed.</summary>
    private sealed class Writer(IEmitter emitter)
    {
        public void Key(string key) => emitter.Emit(new Scalar(null, null, key, ScalarStyle.Plain, true, false));

        public void Value(string value)
        {
            var style = value.Contains('\n') ? ScalarStyle.Literal
                : NotAString().IsMatch(value) ? ScalarStyle.DoubleQuoted
                : ScalarStyle.Plain; // the emitter quotes on its own what cannot be plain (': ', '#', a leading '*'...)
            emitter.Emit(new Scalar(null, null, value, style, true, true));
        }

        public void Value(object value)
        {
            switch (value)
            {
                case string text:
                    Value(text);
                    break;
                case bool flag:
                    emitter.Emit(new Scalar(null, null, flag ? "true" : "false", ScalarStyle.Plain, true, false));
                    break;
                case int number:
                    emitter.Emit(new Scalar(null, null, number.ToString(CultureInfo.InvariantCulture), ScalarStyle.Plain, true, false));
                    break;
                default:
                    throw new ArgumentException($"A workflow value is a string, a boolean or a whole number, not {value.GetType().Name}.", nameof(value));
            }
        }

        public void Entry(string key, object value)
        {
            Key(key);
            Value(value);
        }

        public void ListEntry(string key, IReadOnlyList<string> values)
        {
            if (values.Count == 0)
                return;
            Key(key);
            Sequence(() =>
            {
                foreach (var value in values)
                    Value(value);
            });
        }

        public void InlineComment(string text) => emitter.Emit(new Comment(text, isInline: true));

        public void Map(Action body)
        {
            emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
            body();
            emitter.Emit(new MappingEnd());
        }

        public void EmptyMap()
        {
            emitter.Emit(new MappingStart(null, null, true, MappingStyle.Flow));
            emitter.Emit(new MappingEnd());
        }

        public void Sequence(Action body)
        {
            emitter.Emit(new SequenceStart(null, null, true, SequenceStyle.Block));
            body();
            emitter.Emit(new SequenceEnd());
        }
    }
}
