namespace Protmem.Platform.DeviceTree;

/// <summary>One (address, size) entry of a <c>reg</c>-style property, in the parent bus's address space.</summary>
public readonly record struct DtRegEntry(ulong Address, ulong Size)
{
    public override string ToString() => $"0x{Address:x}+0x{Size:x}";
}
