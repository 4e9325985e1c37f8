namespace Protmem.Userspace.Accel;

/// <summary>A BO as a rocket client holds it: its handle, NPU address, size and where it is mmapped.</summary>
/// <param name="Handle">The GEM handle (valid in the creating fd only).</param>
/// <param name="DmaAddress">Its NPU address, in the creating fd's address space.</param>
/// <param name="Size">Its page-aligned size.</param>
/// <param name="MapAddress">Its user address (mmap of the fd at the BO's offset).</param>
public sealed record RocketBo(uint Handle, ulong DmaAddress, uint Size, ulong MapAddress);
