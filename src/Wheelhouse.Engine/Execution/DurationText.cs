using System.Globalization;

namespace Wheelhouse.Engine.Execution;

/// <summary>Durations as people read them in a summary: 0:00.42, 1:07.00.</summary>
public static class DurationText
{
    public static string Format(TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}:{duration.Seconds:00}.{duration.Milliseconds / 10:00}");
}
