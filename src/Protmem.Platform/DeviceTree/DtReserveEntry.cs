namespace Protmem.Platform.DeviceTree;

/// <summary>One memory reservation block entry (<c>/memreserve/ address size;</c>): physical memory the OS must not use.</summary>
public readonly record struct DtReserveEntry(ulong Address, ulong Size)
{
    public override string ToString() => $"0x{Address:x} 0x{Size:x}";
}
