namespace Protmem.Hardware.Memory;

/// <summary>What holds the bytes of a <see cref="Dram"/> bank.</summary>
public enum DramBacking
{
    /// <summary>Host memory per page, only once a page is written (the default: a 16 GiB SoC boots in a few MiB).</summary>
    Sparse,

    /// <summary>
    /// A memfd the size of the bank, mapped shared: a program outside the model (<c>protmem exec</c>) can map
    /// the same pages, so what it writes is what devices and the secure world read. Linux hosts only.
    /// </summary>
    SharedMemory,
}
