namespace Protmem.Platform.DeviceTree;

/// <summary>
/// A node while a source is read, shaped like dtc's: deleted properties, children and labels
/// stay in their lists (hidden) so that a later redefinition revives them in place, and the
/// flags that reference resolution and <c>/omit-if-no-ref/</c> need.
/// </summary>
internal sealed class LiveNode(string name, DtsLocation location)
{
    public string Name { get; set; } = name;

    public DtsLocation Location { get; } = location;

    public LiveNode? Parent { get; set; }

    public List<LiveProperty> Properties { get; } = [];

    public List<LiveNode> Children { get; } = [];

    public List<LiveLabel> Labels { get; } = [];

    /// <summary>Hidden; in a node body just read, a <c>/delete-node/ name;</c> entry applied when the body is merged.</summary>
    public bool Deleted { get; set; }

    public bool OmitIfUnused { get; set; }

    public bool IsReferenced { get; set; }

    /// <summary>0 until an explicit <c>phandle</c> property is checked or a reference assigns one.</summary>
    public uint Phandle { get; set; }

    public IEnumerable<LiveNode> LiveChildren => Children.Where(c => !c.Deleted);

    public IEnumerable<LiveProperty> LiveProperties => Properties.Where(p => !p.Deleted);

    public IEnumerable<string> LiveLabels => Labels.Where(l => !l.Deleted).Select(l => l.Name);

    public string FullPath => Parent is null ? "/" : Parent.Parent is null ? "/" + Name : Parent.FullPath + "/" + Name;

    public LiveProperty? FindProperty(string name) => Properties.Find(p => !p.Deleted && p.Name == name);

    public void AddChild(LiveNode child)
    {
        child.Parent = this;
        Children.Add(child);
    }

    /// <summary>dtc's delete_node: hides the node, everything under it, and their labels.</summary>
    public void Delete()
    {
        Deleted = true;
        foreach (var child in Children.Where(c => !c.Deleted))
        {
            child.Delete();
        }

        foreach (var property in Properties.Where(p => !p.Deleted))
        {
            property.Delete();
        }

        foreach (var label in Labels)
        {
            label.Deleted = true;
        }
    }

    /// <summary>
    /// dtc's merge_nodes: a later definition of this node (a body just read) joins it. Labels are
    /// added; a property redefined takes the new value in its old place; a deletion entry hides
    /// the first property or child of that name; a child defined again merges recursively; new
    /// ones go last. A deleted node merged into comes back (its old contents stay deleted).
    /// </summary>
    public void Merge(LiveNode body)
    {
        foreach (var label in body.Labels)
        {
            LiveLabel.Add(Labels, label.Name);
        }

        foreach (var property in body.Properties)
        {
            if (property.Deleted)
            {
                Properties.Find(p => p.Name == property.Name)?.Delete();
                continue;
            }

            var existing = Properties.Find(p => p.Name == property.Name);
            if (existing is null)
            {
                Properties.Add(property);
                continue;
            }

            foreach (var label in property.Labels)
            {
                LiveLabel.Add(existing.Labels, label.Name);
            }

            existing.Value = property.Value;
            existing.Location = property.Location;
            existing.Deleted = false;
        }

        foreach (var child in body.Children)
        {
            if (child.Deleted)
            {
                Children.Find(c => c.Name == child.Name)?.Delete();
                continue;
            }

            var existing = Children.Find(c => c.Name == child.Name);
            if (existing is null)
            {
                AddChild(child);
            }
            else
            {
                existing.Merge(child);
            }
        }

        Deleted = false;
    }
}
