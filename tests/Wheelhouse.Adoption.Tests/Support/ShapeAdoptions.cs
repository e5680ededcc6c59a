using System.Collections.Concurrent;

namespace Wheelhouse.Adoption.Tests.Support;

/// <summary>
/// One <see cref="ShapeAdoption"/> per plugin shape, made the first time a test asks for it and shared by every test of
/// that shape (a failed adoption is remembered too: it is not run again). A class fixture: the temp folder goes when the
/// class is done. The pack comes from the collection's <see cref="PackedWheelhouse"/>, which xunit gives the test class.
/// </summary>
public sealed class ShapeAdoptions : IDisposable
{
    private readonly TempFolder temp = new("shapes");
    private readonly ConcurrentDictionary<string, Lazy<ShapeAdoption>> adoptions = new();

    public ShapeAdoption For(PluginShape shape, PackedWheelhouse packed) =>
        adoptions.GetOrAdd(shape.Key, _ => new Lazy<ShapeAdoption>(() => new ShapeAdoption(shape, packed, temp.Path))).Value;

    public void Dispose() => temp.Dispose();
}
