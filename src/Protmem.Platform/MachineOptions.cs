namespace Protmem.Platform;

/// <summary>How a <see cref="Machine"/> boots: the seed of its one random generator and whether its trace records.</summary>
public sealed record MachineOptions
{
    /// <summary>Seed of the machine's random generator: the same platform, seed and programs give the same trace.</summary>
    public ulong Seed { get; init; }

    /// <summary>Whether the trace records from power-on (off costs nothing).</summary>
    public bool Trace { get; init; }

    /// <summary>What holds DRAM's bytes: sparse (the default) or a memfd a program outside the model can map (<c>protmem exec</c>).</summary>
    public Hardware.Memory.DramBacking DramBacking { get; init; }
}
