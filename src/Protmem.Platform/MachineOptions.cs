using Protmem.Hardware;

namespace Protmem.Platform;

/// <summary>How a <see cref="Machine"/> boots: the seed of its one random generator, whether its trace records, and whether the safety monitor watches.</summary>
public sealed record MachineOptions
{
    /// <summary>Seed of the machine's random generator: the same platform, seed and programs give the same trace.</summary>
    public ulong Seed { get; init; }

    /// <summary>Whether the trace records from power-on (off costs nothing).</summary>
    public bool Trace { get; init; }

    /// <summary>
    /// Whether the continuous safety monitor checks every change that can open a path as it happens
    /// (<see cref="Machine.Monitor"/>); on by default.
    /// </summary>
    public bool Monitor { get; init; } = true;

    /// <summary>
    /// The board's normal-world RAM, in place of its /memory nodes (as a boot loader's fixup or QEMU's -m
    /// gives it), for trees that leave /memory to the boot loader; empty: the tree's own.
    /// </summary>
    public IReadOnlyList<PhysRange> Memory { get; init; } = [];

    /// <summary>Words appended to the kernel command line (<c>/chosen/bootargs</c>), as QEMU's -append: e.g. <c>protmem.unmap_direct_map=1</c>.</summary>
    public string Append { get; init; } = "";

    /// <summary>What holds DRAM's bytes: sparse (the default) or a memfd a program outside the model can map (<c>protmem exec</c>).</summary>
    public Hardware.Memory.DramBacking DramBacking { get; init; }
}
