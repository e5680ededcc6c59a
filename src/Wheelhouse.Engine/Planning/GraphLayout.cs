using Wheelhouse.Engine.Planning.Page;

namespace Wheelhouse.Engine.Planning;

/// <summary>A box to be placed: a node name and its size.</summary>
public sealed record LayoutBox(string Name, double Width, double Height);

public readonly record struct LayoutPoint(double X, double Y);

/// <summary>A placed node. <see cref="X"/>/<see cref="Y"/> are the top-left corner.</summary>
public sealed record LayoutNode(string Name, int Component, int Layer, int Position, double X, double Y, double Width, double Height)
{
    public double Right => X + Width;
    public double Bottom => Y + Height;
    public double CenterY => Y + Height / 2;
}

/// <summary>
/// A routed edge. <see cref="Points"/> run from the node that runs first (<see cref="PlanEdge.Earlier"/>) to the one
/// that runs later (<see cref="PlanEdge.Later"/>), so an arrowhead at the last point shows the execution direction.
/// Consecutive points are joined by curves with horizontal tangents. <see cref="Reversed"/> is set for the few edges
/// that had to point backwards to break a cycle.
/// </summary>
public sealed record LayoutEdge(PlanEdge Edge, IReadOnlyList<LayoutPoint> Points, bool Reversed);

public sealed record GraphLayoutResult(IReadOnlyList<LayoutNode> Nodes, IReadOnlyList<LayoutEdge> Edges, double Width, double Height)
{
    /// <summary>Edge crossings between adjacent layers (counting virtual nodes) left after crossing reduction.</summary>
    public int Crossings { get; init; }

    public LayoutNode? Find(string name) => Nodes.FirstOrDefault(n => n.Name == name);
}

public sealed record LayoutOptions
{
    public double Margin { get; init; } = 18;
    public double LayerGap { get; init; } = 54;
    public double NodeGap { get; init; } = 22;
    public double VirtualGap { get; init; } = 10;
    public double VirtualHeight { get; init; } = 6;
    public double ComponentGap { get; init; } = 40;
    public static LayoutOptions Default { get; } = new();
}

/// <summary>
/// Layered (Sugiyama-style) left-to-right layout. Per weakly connected component: break cycles by a DFS in name order,
/// assign layers by longest path from the sources (then pull sources next to their earliest successor), split edges
/// spanning several layers with virtual nodes, reduce crossings with alternating barycenter sweeps plus adjacent
/// transpositions (keeping the best ordering seen), and place nodes vertically by repeatedly solving, per layer, a
/// least-squares fit to the neighbours' positions under minimum-separation constraints (pool-adjacent-violators).
/// Components are stacked top to bottom, unconnected nodes go in rows at the end. Everything is ordered by ordinal
/// name first, so the result does not depend on the input order.
/// </summary>
public static class GraphLayout
{
    public static GraphLayoutResult Compute(PlanGraph graph, LayoutOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var boxes = graph.Nodes.Select(n => new LayoutBox(n.Name, NodeMetrics.Width(n), NodeMetrics.Height(n))).ToList();
        return Compute(boxes, graph.Edges, options);
    }

    /// <summary>
    /// Lays out <paramref name="boxes"/>. Edges whose endpoints are unknown, self-loops and exact duplicates are
    /// left out of the result.
    /// </summary>
    public static GraphLayoutResult Compute(IReadOnlyList<LayoutBox> boxes, IReadOnlyList<PlanEdge> edges, LayoutOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(edges);
        var opt = options ?? LayoutOptions.Default;

        var sorted = boxes.OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sorted.Count; i++)
        {
            if (!index.TryAdd(sorted[i].Name, i))
                throw new ArgumentException($"Duplicate node name '{sorted[i].Name}'.", nameof(boxes));
        }

        var usable = edges
            .Where(e => e.From != e.To && index.ContainsKey(e.From) && index.ContainsKey(e.To))
            .Distinct()
            .OrderBy(e => e.From, StringComparer.Ordinal)
            .ThenBy(e => e.To, StringComparer.Ordinal)
            .ThenBy(e => e.Kind)
            .ToList();

        // Weakly connected components (union-find on precedence edges).
        var parent = Enumerable.Range(0, sorted.Count).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
                x = parent[x] = parent[parent[x]];
            return x;
        }

        foreach (var e in usable)
        {
            int a = Find(index[e.From]), b = Find(index[e.To]);
            if (a != b)
                parent[Math.Max(a, b)] = Math.Min(a, b);
        }

        var members = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < sorted.Count; i++)
        {
            var root = Find(i);
            if (!members.TryGetValue(root, out var list))
                members[root] = list = [];
            list.Add(i);
        }

        var connected = members.Values.Where(m => m.Count > 1).OrderByDescending(m => m.Count).ThenBy(m => m[0]).ToList();
        var isolated = members.Values.Where(m => m.Count == 1).Select(m => m[0]).ToList();

        var nodes = new List<LayoutNode>();
        var routed = new List<LayoutEdge>();
        double top = opt.Margin, maxRight = opt.Margin;
        var componentId = 0;
        var crossings = 0;

        foreach (var component in connected)
        {
            var inComponent = component.ToHashSet();
            var componentEdges = usable.Where(e => inComponent.Contains(index[e.From])).ToList();
            var layout = new ComponentLayout(component.Select(i => sorted[i]).ToList(), componentEdges, opt);
            layout.Run();
            crossings += layout.CrossingCount;

            foreach (var n in layout.Nodes)
                nodes.Add(n with { Component = componentId, X = n.X + opt.Margin, Y = n.Y + top });
            foreach (var e in layout.Edges)
                routed.Add(e with { Points = e.Points.Select(p => new LayoutPoint(p.X + opt.Margin, p.Y + top)).ToList() });

            maxRight = Math.Max(maxRight, opt.Margin + layout.Width);
            top += layout.Height + opt.ComponentGap;
            componentId++;
        }

        if (isolated.Count > 0)
        {
            // Unconnected nodes: rows, wrapping at the width of the widest component (at least ~1000 px).
            var wrapAt = Math.Max(maxRight, 1000);
            double x = opt.Margin, rowHeight = 0;
            var position = 0;
            foreach (var i in isolated)
            {
                var box = sorted[i];
                if (x > opt.Margin && x + box.Width > wrapAt)
                {
                    x = opt.Margin;
                    top += rowHeight + opt.NodeGap;
                    rowHeight = 0;
                }

                nodes.Add(new LayoutNode(box.Name, componentId, 0, position++, x, top, box.Width, box.Height));
                maxRight = Math.Max(maxRight, x + box.Width);
                x += box.Width + opt.NodeGap;
                rowHeight = Math.Max(rowHeight, box.Height);
            }

            top += rowHeight + opt.ComponentGap;
        }

        var height = nodes.Count == 0 ? 2 * opt.Margin : top - opt.ComponentGap + opt.Margin;
        var ordered = nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        return new GraphLayoutResult(ordered, routed, Math.Ceiling(maxRight + opt.Margin), Math.Ceiling(height)) { Crossings = crossings };
    }

    private sealed class Vertex(int id, LayoutBox? box, double width, double height)
    {
        public int Id { get; } = id;
        public LayoutBox? Box { get; } = box;
        public bool IsVirtual => Box is null;
        public double Width { get; } = width;
        public double Height { get; } = height;
        public int Layer { get; set; }
        public int Pos { get; set; }
        public double Y { get; set; } // center
        public List<Segment> In { get; } = [];  // from the previous layer
        public List<Segment> Out { get; } = []; // to the next layer
    }

    private sealed class Segment(Vertex upper, Vertex lower)
    {
        public Vertex Upper { get; } = upper; // layer k
        public Vertex Lower { get; } = lower; // layer k + 1
        public double UpperPort { get; set; }
        public double LowerPort { get; set; }
    }

    private sealed record Chain(PlanEdge Edge, bool Reversed, List<Vertex> Vertices, List<Segment> Segments);

    private sealed class ComponentLayout(List<LayoutBox> boxes, List<PlanEdge> edges, LayoutOptions opt)
    {
        private readonly List<Vertex> _vertices = [];
        private readonly List<Chain> _chains = [];
        private List<Vertex>[] _layers = [];
        private double[] _layerLeft = [];
        private double[] _layerWidth = [];

        public List<LayoutNode> Nodes { get; } = [];
        public List<LayoutEdge> Edges { get; } = [];
        public double Width { get; private set; }
        public double Height { get; private set; }
        public int CrossingCount { get; private set; }

        public void Run()
        {
            AssignLayers();
            Order();
            PlaceVertically();
            AssignPorts();
            Emit();
        }

        // ---- layering -------------------------------------------------------------------------------------------

        private void AssignLayers()
        {
            var n = boxes.Count;
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < n; i++)
                index[boxes[i].Name] = i;

            // Precedence arcs earlier -> later, in name order.
            var arcs = edges.Select(e => (From: index[e.Earlier], To: index[e.Later], Edge: e)).ToList();
            var outArcs = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
            for (var a = 0; a < arcs.Count; a++)
                outArcs[arcs[a].From].Add(a);
            foreach (var list in outArcs)
                list.Sort((x, y) => arcs[x].To != arcs[y].To ? arcs[x].To.CompareTo(arcs[y].To) : x.CompareTo(y));

            // Cycle breaking: arcs closing a cycle in a DFS (visiting in name order) are reversed.
            var reversed = new bool[arcs.Count];
            var state = new int[n]; // 0 new, 1 on stack, 2 done
            for (var root = 0; root < n; root++)
            {
                if (state[root] != 0)
                    continue;
                var stack = new Stack<(int Node, int Next)>();
                stack.Push((root, 0));
                state[root] = 1;
                while (stack.Count > 0)
                {
                    var (node, next) = stack.Pop();
                    if (next < outArcs[node].Count)
                    {
                        stack.Push((node, next + 1));
                        var arc = outArcs[node][next];
                        var to = arcs[arc].To;
                        if (state[to] == 1)
                            reversed[arc] = true;
                        else if (state[to] == 0)
                        {
                            state[to] = 1;
                            stack.Push((to, 0));
                        }
                    }
                    else
                    {
                        state[node] = 2;
                    }
                }
            }

            var dag = arcs.Select((a, i) => reversed[i] ? (From: a.To, To: a.From) : (a.From, a.To)).ToList();
            var preds = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
            var succs = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
            foreach (var (from, to) in dag)
            {
                succs[from].Add(to);
                preds[to].Add(from);
            }

            // Longest path from the sources, in a topological order that prefers names.
            var layer = new int[n];
            var indegree = preds.Select(p => p.Count).ToArray();
            var ready = new SortedSet<int>(Enumerable.Range(0, n).Where(i => indegree[i] == 0));
            var topo = new List<int>(n);
            while (ready.Count > 0)
            {
                var v = ready.Min;
                ready.Remove(v);
                topo.Add(v);
                foreach (var w in succs[v])
                {
                    layer[w] = Math.Max(layer[w], layer[v] + 1);
                    if (--indegree[w] == 0)
                        ready.Add(w);
                }
            }

            // Pull sources to just before their earliest successor, shortening their edges.
            for (var v = 0; v < n; v++)
            {
                if (preds[v].Count == 0 && succs[v].Count > 0)
                    layer[v] = succs[v].Min(w => layer[w]) - 1;
            }

            var layerCount = layer.Max() + 1;
            _layers = Enumerable.Range(0, layerCount).Select(_ => new List<Vertex>()).ToArray();

            var real = new Vertex[n];
            for (var i = 0; i < n; i++)
            {
                real[i] = NewVertex(boxes[i], boxes[i].Width, boxes[i].Height, layer[i]);
            }

            for (var a = 0; a < arcs.Count; a++)
            {
                var (from, to) = dag[a];
                var chain = new Chain(arcs[a].Edge, reversed[a], [real[from]], []);
                var previous = real[from];
                for (var l = layer[from] + 1; l <= layer[to]; l++)
                {
                    var next = l == layer[to] ? real[to] : NewVertex(null, 0, opt.VirtualHeight, l);
                    var segment = new Segment(previous, next);
                    previous.Out.Add(segment);
                    next.In.Add(segment);
                    chain.Segments.Add(segment);
                    chain.Vertices.Add(next);
                    previous = next;
                }

                _chains.Add(chain);
            }
        }

        private Vertex NewVertex(LayoutBox? box, double width, double height, int layer)
        {
            var v = new Vertex(_vertices.Count, box, width, height) { Layer = layer };
            _vertices.Add(v);
            v.Pos = _layers[layer].Count;
            _layers[layer].Add(v);
            return v;
        }

        // ---- crossing reduction ---------------------------------------------------------------------------------

        private void Order()
        {
            // Initial order: first layer by name, then every layer by the barycenter of its predecessors.
            for (var k = 1; k < _layers.Length; k++)
                Reorder(k, fromPrevious: true);

            var segmentCount = _vertices.Sum(v => v.Out.Count);
            var iterations = segmentCount > 3000 ? 4 : 24;
            var best = Snapshot();
            var bestCrossings = Crossings();
            for (var iteration = 0; iteration < iterations && bestCrossings > 0; iteration++)
            {
                if (iteration % 2 == 0)
                {
                    for (var k = 1; k < _layers.Length; k++)
                        Reorder(k, fromPrevious: true);
                }
                else
                {
                    for (var k = _layers.Length - 2; k >= 0; k--)
                        Reorder(k, fromPrevious: false);
                }

                Transpose();
                var crossings = Crossings();
                if (crossings < bestCrossings)
                {
                    bestCrossings = crossings;
                    best = Snapshot();
                }
            }

            Restore(best);
            CrossingCount = bestCrossings;
        }

        private void Reorder(int k, bool fromPrevious)
        {
            var layer = _layers[k];
            var withBary = new List<(Vertex V, double Bary)>();
            var slots = new List<int>();
            foreach (var v in layer)
            {
                var neighbours = fromPrevious ? v.In.Select(s => s.Upper.Pos) : v.Out.Select(s => s.Lower.Pos);
                var count = 0;
                var sum = 0.0;
                foreach (var p in neighbours)
                {
                    sum += p;
                    count++;
                }

                if (count == 0)
                    continue; // stays in its slot
                withBary.Add((v, sum / count));
                slots.Add(v.Pos);
            }

            withBary.Sort((a, b) => a.Bary != b.Bary ? a.Bary.CompareTo(b.Bary) : a.V.Pos.CompareTo(b.V.Pos));
            for (var i = 0; i < slots.Count; i++)
                layer[slots[i]] = withBary[i].V;
            for (var i = 0; i < layer.Count; i++)
                layer[i].Pos = i;
        }

        private void Transpose()
        {
            for (var round = 0; round < 8; round++)
            {
                var improved = false;
                foreach (var layer in _layers)
                {
                    for (var i = 0; i + 1 < layer.Count; i++)
                    {
                        Vertex u = layer[i], w = layer[i + 1];
                        if (PairCrossings(u, w) > PairCrossings(w, u))
                        {
                            layer[i] = w;
                            layer[i + 1] = u;
                            w.Pos = i;
                            u.Pos = i + 1;
                            improved = true;
                        }
                    }
                }

                if (!improved)
                    break;
            }
        }

        /// <summary>Crossings among the segments of <paramref name="above"/> and <paramref name="below"/> if placed in that order.</summary>
        private static int PairCrossings(Vertex above, Vertex below)
        {
            var count = 0;
            foreach (var a in above.In)
            foreach (var b in below.In)
                if (a.Upper.Pos > b.Upper.Pos)
                    count++;
            foreach (var a in above.Out)
            foreach (var b in below.Out)
                if (a.Lower.Pos > b.Lower.Pos)
                    count++;
            return count;
        }

        private int Crossings()
        {
            var total = 0;
            var segments = new List<(int Upper, int Lower)>();
            foreach (var layer in _layers)
            {
                segments.Clear();
                foreach (var v in layer)
                foreach (var s in v.Out)
                    segments.Add((s.Upper.Pos, s.Lower.Pos));
                for (var i = 0; i < segments.Count; i++)
                for (var j = i + 1; j < segments.Count; j++)
                {
                    var (a1, b1) = segments[i];
                    var (a2, b2) = segments[j];
                    if ((a1 < a2 && b1 > b2) || (a1 > a2 && b1 < b2))
                        total++;
                }
            }

            return total;
        }

        private int[][] Snapshot() => _layers.Select(l => l.Select(v => v.Id).ToArray()).ToArray();

        private void Restore(int[][] snapshot)
        {
            for (var k = 0; k < _layers.Length; k++)
            {
                _layers[k].Clear();
                foreach (var id in snapshot[k])
                {
                    var v = _vertices[id];
                    v.Pos = _layers[k].Count;
                    _layers[k].Add(v);
                }
            }
        }

        // ---- coordinates ----------------------------------------------------------------------------------------

        private void PlaceVertically()
        {
            _layerWidth = _layers.Select(l => l.Where(v => !v.IsVirtual).Select(v => v.Width).DefaultIfEmpty(16).Max()).ToArray();
            _layerLeft = new double[_layers.Length];
            for (var k = 1; k < _layers.Length; k++)
                _layerLeft[k] = _layerLeft[k - 1] + _layerWidth[k - 1] + opt.LayerGap;

            foreach (var layer in _layers)
            {
                var d = new double[layer.Count];
                Place(layer, d, packOnly: true);
            }

            for (var round = 0; round < 6; round++)
            {
                for (var k = 1; k < _layers.Length; k++)
                    Align(k, usePrevious: true, useNext: false);
                for (var k = _layers.Length - 2; k >= 0; k--)
                    Align(k, usePrevious: false, useNext: true);
            }

            for (var round = 0; round < 4; round++)
            {
                for (var k = 0; k < _layers.Length; k++)
                    Align(k, usePrevious: true, useNext: true);
            }

            var top = _vertices.Min(v => v.Y - v.Height / 2);
            foreach (var v in _vertices)
                v.Y -= top;
        }

        private void Align(int k, bool usePrevious, bool useNext)
        {
            var layer = _layers[k];
            var desired = new double[layer.Count];
            for (var i = 0; i < layer.Count; i++)
            {
                var v = layer[i];
                double sum = 0;
                var count = 0;
                if (usePrevious)
                {
                    foreach (var s in v.In)
                    {
                        sum += s.Upper.Y;
                        count++;
                    }
                }

                if (useNext)
                {
                    foreach (var s in v.Out)
                    {
                        sum += s.Lower.Y;
                        count++;
                    }
                }

                desired[i] = count == 0 ? v.Y : sum / count;
            }

            Place(layer, desired, packOnly: false);
        }

        /// <summary>
        /// Sets the centers of <paramref name="layer"/> (in order) as close as possible (weighted least squares) to
        /// <paramref name="desired"/> while keeping the minimum gaps: isotonic regression by pool-adjacent-violators.
        /// </summary>
        private void Place(List<Vertex> layer, double[] desired, bool packOnly)
        {
            var n = layer.Count;
            if (n == 0)
                return;
            var offset = new double[n];
            for (var i = 1; i < n; i++)
            {
                Vertex a = layer[i - 1], b = layer[i];
                var gap = a.IsVirtual || b.IsVirtual ? opt.VirtualGap : opt.NodeGap;
                offset[i] = offset[i - 1] + a.Height / 2 + gap + b.Height / 2;
            }

            if (packOnly)
            {
                for (var i = 0; i < n; i++)
                    layer[i].Y = offset[i];
                return;
            }

            var blocks = new List<(double Weight, double Sum, int Count)>();
            for (var i = 0; i < n; i++)
            {
                var weight = layer[i].IsVirtual ? 2.0 : 1.0;
                blocks.Add((weight, weight * (desired[i] - offset[i]), 1));
                while (blocks.Count >= 2)
                {
                    var last = blocks[^1];
                    var prev = blocks[^2];
                    if (prev.Sum / prev.Weight <= last.Sum / last.Weight)
                        break;
                    blocks.RemoveAt(blocks.Count - 1);
                    blocks[^1] = (prev.Weight + last.Weight, prev.Sum + last.Sum, prev.Count + last.Count);
                }
            }

            var j = 0;
            foreach (var (weight, sum, count) in blocks)
            {
                var value = sum / weight;
                for (var c = 0; c < count; c++, j++)
                    layer[j].Y = value + offset[j];
            }
        }

        // ---- edge ports and output ------------------------------------------------------------------------------

        private void AssignPorts()
        {
            foreach (var v in _vertices)
            {
                if (v.IsVirtual)
                {
                    foreach (var s in v.In)
                        s.LowerPort = v.Y;
                    foreach (var s in v.Out)
                        s.UpperPort = v.Y;
                    continue;
                }

                var incoming = v.In.OrderBy(s => s.Upper.Y).ThenBy(s => s.Upper.Pos).ToList();
                for (var i = 0; i < incoming.Count; i++)
                    incoming[i].LowerPort = Port(v, i, incoming.Count);
                var outgoing = v.Out.OrderBy(s => s.Lower.Y).ThenBy(s => s.Lower.Pos).ToList();
                for (var i = 0; i < outgoing.Count; i++)
                    outgoing[i].UpperPort = Port(v, i, outgoing.Count);
            }
        }

        private static double Port(Vertex v, int i, int count)
        {
            if (count <= 1)
                return v.Y;
            var spacing = Math.Min(7, (v.Height - 12) / (count - 1));
            return v.Y + (i - (count - 1) / 2.0) * spacing;
        }

        private double NodeLeft(Vertex v) => _layerLeft[v.Layer] + (_layerWidth[v.Layer] - v.Width) / 2;

        private void Emit()
        {
            foreach (var layer in _layers)
            {
                foreach (var v in layer)
                {
                    if (v.Box is { } box)
                        Nodes.Add(new LayoutNode(box.Name, 0, v.Layer, v.Pos, NodeLeft(v), v.Y - v.Height / 2, v.Width, v.Height));
                }
            }

            foreach (var chain in _chains)
            {
                var points = new List<LayoutPoint>();
                var first = chain.Segments[0];
                points.Add(new LayoutPoint(NodeLeft(first.Upper) + first.Upper.Width, first.UpperPort));
                foreach (var v in chain.Vertices.Skip(1).SkipLast(1))
                {
                    points.Add(new LayoutPoint(_layerLeft[v.Layer], v.Y));
                    points.Add(new LayoutPoint(_layerLeft[v.Layer] + _layerWidth[v.Layer], v.Y));
                }

                var last = chain.Segments[^1];
                points.Add(new LayoutPoint(NodeLeft(last.Lower), last.LowerPort));
                if (chain.Reversed)
                    points.Reverse();
                Edges.Add(new LayoutEdge(chain.Edge, points, chain.Reversed));
            }

            Width = _layerLeft[^1] + _layerWidth[^1];
            Height = _vertices.Max(v => v.Y + v.Height / 2);
        }
    }
}
