namespace Protmem.Platform.DeviceTree;

/// <summary>A label on a node or property while a source is read; deleting the node deletes (hides) it.</summary>
internal sealed class LiveLabel(string name)
{
    public string Name { get; } = name;

    public bool Deleted { get; set; }

    /// <summary>dtc's add_label: a label already there is revived; a new one goes in front.</summary>
    public static void Add(List<LiveLabel> labels, string name)
    {
        foreach (var label in labels)
        {
            if (label.Name == name)
            {
                label.Deleted = false;
                return;
            }
        }

        labels.Insert(0, new LiveLabel(name));
    }
}
