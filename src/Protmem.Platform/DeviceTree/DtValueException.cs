namespace Protmem.Platform.DeviceTree;

/// <summary>A property's bytes do not have the shape a reader asked for (a cell, a string, reg entries...).</summary>
public sealed class DtValueException : Exception
{
    public DtValueException()
        : this("?", "the value does not have the expected shape")
    {
    }

    public DtValueException(string message)
        : this("?", message)
    {
    }

    public DtValueException(string message, Exception innerException)
        : base(message, innerException)
    {
        PropertyName = "?";
    }

    public DtValueException(string propertyName, string reason)
        : base($"property '{propertyName}': {reason}")
    {
        PropertyName = propertyName;
    }

    /// <summary>The property whose value was read.</summary>
    public string PropertyName { get; }
}
