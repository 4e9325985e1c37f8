namespace Protmem.Platform.DeviceTree;

/// <summary>
/// dtc's reference lookups over the live tree: <c>&amp;label</c> finds the first node (in
/// tree order) carrying the label; <c>&amp;{/a/b@1}</c> follows exact names from the root.
/// Deleted nodes and labels are invisible to both.
/// </summary>
internal static class DtsReferences
{
    /// <summary>The node a reference's text (a label, or a path starting with '/') names, or null.</summary>
    public static LiveNode? FindNode(LiveNode root, string reference)
    {
        if (reference == "/")
        {
            return root;
        }

        return reference.StartsWith('/') ? FindByPath(root, reference) : FindByLabel(root, reference);
    }

    public static LiveNode? FindByLabel(LiveNode node, string label)
    {
        var pending = new Stack<LiveNode>();
        pending.Push(node);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            foreach (var l in current.Labels)
            {
                if (!l.Deleted && l.Name == label)
                {
                    return current;
                }
            }

            for (var i = current.Children.Count - 1; i >= 0; i--)
            {
                if (!current.Children[i].Deleted)
                {
                    pending.Push(current.Children[i]);
                }
            }
        }

        return null;
    }

    public static LiveNode? FindByPath(LiveNode root, string path)
    {
        var node = root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node.Children.Find(c => !c.Deleted && c.Name == part);
            if (node is null)
            {
                return null;
            }
        }

        return node.Deleted ? null : node;
    }
}
