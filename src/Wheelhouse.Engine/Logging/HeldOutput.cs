namespace Wheelhouse.Engine.Logging;

/// <summary>
/// The output of one piece of work running beside others (a target, one interpreter's verification): its log events
/// and console text, in the order written. While held they are kept; once passed on they go, in that order, to the
/// enclosing piece's output (or the console), and later writes follow as they come. <see cref="OutputSequence"/>
/// decides when each piece is passed on, so pieces that ran at once still read one after another.
/// </summary>
internal sealed class HeldOutput(HeldOutput? parent)
{
    private static readonly AsyncLocal<HeldOutput?> current = new();

    private readonly object gate = new();
    private List<Action> held = [];
    private bool passing;

    /// <summary>The output of the code running now: set for a piece's async flow and every task it starts; null outside any piece.</summary>
    public static HeldOutput? Current => current.Value;

    /// <summary>Makes this the output of the calling async flow. Call it first thing in the piece's own async method, so it does not leak out.</summary>
    public void Enter() => current.Value = this;

    /// <summary>Does <paramref name="write"/> now, or keeps it for when the current piece's output is passed on.</summary>
    public static void Write(Action write)
    {
        if (Current is { } output)
            output.Add(write);
        else
            write();
    }

    public void Add(Action write)
    {
        lock (gate)
        {
            if (!passing)
            {
                held.Add(write);
                return;
            }
        }

        // Written outside the lock: the write takes console and sink locks, and a held writer never waits on them while holding this one.
        Forward(write);
    }

    /// <summary>Passes on what was held, in order, and from now on every write as it comes. Writes racing with this stay in order.</summary>
    public void PassOn()
    {
        while (true)
        {
            List<Action> batch;
            lock (gate)
            {
                if (held.Count == 0)
                {
                    passing = true;
                    return;
                }

                batch = held;
                held = [];
            }

            foreach (var write in batch)
                Forward(write);
        }
    }

    private void Forward(Action write)
    {
        if (parent is null)
            write();
        else
            parent.Add(write);
    }
}
