namespace Protmem.Platform.DeviceTree;

/// <summary>What a marker in a property value records.</summary>
internal enum LiveMarkerKind
{
    TypeUInt8,
    TypeUInt16,
    TypeUInt32,
    TypeUInt64,
    TypeString,

    /// <summary>A 32-bit placeholder to become the phandle of the node <see cref="LiveMarker.Reference"/> names.</summary>
    ReferencePhandle,

    /// <summary>The place where the full path of the node <see cref="LiveMarker.Reference"/> names goes.</summary>
    ReferencePath,

    /// <summary>A label inside the value.</summary>
    Label,
}
