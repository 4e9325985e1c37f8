using Protmem.Hardware;
using Protmem.Kernel.Core;

namespace Protmem.Kernel.DmaBufs;

/// <summary>One chunk of an <see cref="SgTable"/>: physical start, length, and device address once mapped.</summary>
public readonly record struct SgEntry(PhysAddr Phys, ulong Length, DeviceAddr DmaAddress);
