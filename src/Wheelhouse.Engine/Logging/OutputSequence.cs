namespace Wheelhouse.Engine.Logging;

/// <summary>
/// The outputs of pieces of work in their given order (a plan's targets, a list of interpreters). The first unfinished
/// piece writes through as it goes; the others are held until every piece before them finished, then passed on whole.
/// So the text equals a run one after another, whatever order the pieces finished in.
/// </summary>
internal sealed class OutputSequence
{
    private readonly object gate = new();
    private readonly HeldOutput[] outputs;
    private readonly bool[] finished;
    private int next;

    /// <summary>Pieces started from the current flow write into its output: a target's interpreters into the target's.</summary>
    public OutputSequence(int count)
    {
        var parent = HeldOutput.Current;
        outputs = Enumerable.Range(0, count).Select(_ => new HeldOutput(parent)).ToArray();
        finished = new bool[count];
        if (count > 0)
            outputs[0].PassOn();
    }

    public HeldOutput this[int index] => outputs[index];

    /// <summary>The piece wrote its last; passes on every finished piece at the front, and lets the next unfinished one write through.</summary>
    public void Finished(int index)
    {
        lock (gate)
        {
            finished[index] = true;
            while (next < outputs.Length && finished[next])
            {
                outputs[next].PassOn();
                next++;
            }

            if (next < outputs.Length)
                outputs[next].PassOn();
        }
    }

    /// <summary>Passes on everything held, in order, without waiting for pieces to finish: the process is about to end.</summary>
    public void PassOnAll()
    {
        lock (gate)
        {
            foreach (var output in outputs.Skip(next))
                output.PassOn();
            next = outputs.Length;
        }
    }
}
