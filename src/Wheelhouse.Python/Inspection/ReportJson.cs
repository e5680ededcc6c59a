using System.Text.Json;

namespace Wheelhouse.Python.Inspection;

/// <summary>The report as JSON: every file, every check with its result, every finding (ignored ones marked).</summary>
public static class ReportJson
{
    public const int FormatVersion = 1;

    public static byte[] Serialize(InspectionReport report, string distDirectory)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("formatVersion", FormatVersion);
            json.WriteString("dist", distDirectory);
            json.WriteString("releaseTag", report.ReleaseTag);
            json.WriteBoolean("passed", report.Passed);
            json.WriteNumber("errors", report.Errors);
            json.WriteNumber("warnings", report.Warnings);
            json.WriteNumber("ignored", report.IgnoredFindings);

            json.WriteStartArray("files");
            foreach (var file in report.Files)
            {
                json.WriteStartObject();
                json.WriteString("file", file.File);
                json.WriteString("kind", file.Kind);
                json.WriteNumber("size", file.Size);
                json.WriteNumber("entries", file.Entries);
                json.WriteString("refusedBy", file.RefusedBy);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("checks");
            foreach (var outcome in report.Outcomes)
            {
                json.WriteStartObject();
                json.WriteString("file", outcome.File);
                json.WriteString("id", outcome.Check.Id);
                json.WriteString("title", outcome.Check.Title);
                json.WriteString("severity", outcome.Check.Severity == Severity.Error ? "error" : "warning");
                json.WriteString("result", outcome.Result switch
                {
                    CheckResult.Passed => "passed",
                    CheckResult.Failed => "failed",
                    CheckResult.Warned => "warned",
                    CheckResult.Ignored => "ignored",
                    _ => "not-run",
                });
                if (outcome.Reason != null)
                    json.WriteString("reason", outcome.Reason);
                json.WriteStartArray("findings");
                foreach (var finding in outcome.Findings)
                {
                    json.WriteStartObject();
                    json.WriteString("message", finding.Message);
                    json.WriteBoolean("ignored", finding.Ignored);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
