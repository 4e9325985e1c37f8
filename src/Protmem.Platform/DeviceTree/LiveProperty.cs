namespace Protmem.Platform.DeviceTree;

/// <summary>A property while a source is read. A deleted one stays in its node's list (hidden), as in dtc, so that redefining it later puts it back where it was.</summary>
internal sealed class LiveProperty(string name, LiveValue value, DtsLocation location)
{
    public string Name { get; } = name;

    public LiveValue Value { get; set; } = value;

    public DtsLocation Location { get; set; } = location;

    public List<LiveLabel> Labels { get; } = [];

    /// <summary>Hidden; in a node body just read, a <c>/delete-property/ name;</c> entry applied when the body is merged.</summary>
    public bool Deleted { get; set; }

    public IEnumerable<string> LiveLabels => Labels.Where(l => !l.Deleted).Select(l => l.Name);

    public void Delete()
    {
        Deleted = true;
        foreach (var label in Labels)
        {
            label.Deleted = true;
        }
    }
}
