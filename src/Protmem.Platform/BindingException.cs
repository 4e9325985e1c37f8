namespace Protmem.Platform;

/// <summary>
/// A node of a known binding is malformed: the message names the node's path and the property
/// (<c>/reserved-memory/linux,cma: property 'size': ...</c>), as Linux's early boot messages do.
/// </summary>
public sealed class BindingException : PlatformException
{
    public BindingException()
        : this("/", null, "malformed device-tree node")
    {
    }

    public BindingException(string message)
        : this("/", null, message)
    {
    }

    public BindingException(string message, Exception innerException)
        : base(message, innerException)
    {
        NodePath = "/";
        Reason = message;
    }

    public BindingException(string nodePath, string? property, string reason, Exception? innerException = null)
        : base(property is null ? $"{nodePath}: {reason}" : $"{nodePath}: property '{property}': {reason}", innerException!)
    {
        NodePath = nodePath;
        Property = property;
        Reason = reason;
    }

    /// <summary>The path of the malformed node.</summary>
    public string NodePath { get; }

    /// <summary>The property at fault, or null when the node as a whole is.</summary>
    public string? Property { get; }

    /// <summary>What is wrong.</summary>
    public string Reason { get; }
}
