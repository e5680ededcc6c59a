using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>Reading report XML by local names (TRX has a namespace, JUnit none), where anything unreadable is a <see cref="TestReportException"/>.</summary>
internal static class ReportXml
{
    public static XElement Load(string text)
    {
        try
        {
            return XDocument.Parse(text).Root ?? throw new TestReportException("it has no root element");
        }
        catch (XmlException e)
        {
            // A runner killed while writing leaves a cut-off file: say where it stops.
            throw new TestReportException($"it is not complete XML ({e.Message})");
        }
    }

    public static XElement? Child(XElement parent, string localName) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> Children(XElement parent, string localName) => parent.Elements().Where(e => e.Name.LocalName == localName);

    public static int Count(XElement element, string attribute)
    {
        var value = element.Attribute(attribute)?.Value
            ?? throw new TestReportException($"its <{element.Name.LocalName}> has no '{attribute}' count");
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new TestReportException($"its <{element.Name.LocalName}> has '{attribute}=\"{value}\"', which is not a count");
    }
}
