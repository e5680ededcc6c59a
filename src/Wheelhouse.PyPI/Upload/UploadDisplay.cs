using Serilog;
using Spectre.Console;

namespace Wheelhouse.PyPI.Upload;

/// <summary>Shows an upload's progress while it runs.</summary>
internal interface IUploadDisplay
{
    /// <summary>Runs <paramref name="send"/>, which reports the bytes sent so far through the action it is given.</summary>
    Task<T> TrackAsync<T>(string fileName, long totalBytes, Func<Action<long>, Task<T>> send);
}

/// <summary>A live Spectre.Console progress bar per file: an interactive terminal.</summary>
internal sealed class ProgressBarDisplay(IAnsiConsole console) : IUploadDisplay
{
    public async Task<T> TrackAsync<T>(string fileName, long totalBytes, Func<Action<long>, Task<T>> send)
    {
        T result = default!;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(fileName), maxValue: Math.Max(1, totalBytes));
                result = await send(sent => task.Value = sent);
            });
        return result;
    }
}

/// <summary>
/// Plain log lines: CI and redirected output, where a redrawn bar would print thousands of lines. Files of a
/// megabyte or more get a line at every 10 %; smaller ones go out faster than a line could be read.
/// </summary>
internal sealed class LogLineDisplay(ILogger log) : IUploadDisplay
{
    internal const long StepsFrom = 1 << 20;

    public async Task<T> TrackAsync<T>(string fileName, long totalBytes, Func<Action<long>, Task<T>> send)
    {
        var lastTenth = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();
        return await send(sent =>
        {
            if (totalBytes < StepsFrom)
                return;
            var tenth = (int)Math.Min(10, sent * 10 / Math.Max(1, totalBytes));
            if (tenth <= lastTenth)
                return;
            lastTenth = tenth;
            var seconds = started.Elapsed.TotalSeconds;
            var rate = seconds > 0 ? $", {Texts.Bytes((long)(sent / seconds))}/s" : "";
            log.Information("{File}: {Percent} % sent ({Sent} of {Total}{Rate})", fileName, tenth * 10, Texts.Bytes(sent), Texts.Bytes(totalBytes), rate);
        });
    }
}
