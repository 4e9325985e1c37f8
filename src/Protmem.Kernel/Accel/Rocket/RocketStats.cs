namespace Protmem.Kernel.Accel.Rocket;

/// <summary>What the rocket driver did to the IOMMUs and the cores, counted since probe.</summary>
public sealed class RocketStats
{
    /// <summary>iommu_map calls.</summary>
    public long Maps { get; internal set; }

    /// <summary>iommu_unmap calls.</summary>
    public long Unmaps { get; internal set; }

    /// <summary>Domain attaches to a core (iommu_attach_group), not counting no-op re-attaches.</summary>
    public long Attaches { get; internal set; }

    /// <summary>Domain detaches from a core (iommu_detach_group).</summary>
    public long Detaches { get; internal set; }

    /// <summary>Jobs that started on a core.</summary>
    public long JobsRun { get; internal set; }

    /// <summary>Jobs whose fence signaled with an error.</summary>
    public long JobsFailed { get; internal set; }

    /// <summary>Job starts on a core whose previous job belonged to another file.</summary>
    public long ClientSwitches { get; internal set; }

    /// <summary>Simulated ns spent in isolation work (maps, unmaps, attaches, detaches) around jobs.</summary>
    public ulong IsolationNs { get; internal set; }

    /// <summary>The part of <see cref="IsolationNs"/> spent on starts that switched client.</summary>
    public ulong SwitchNs { get; internal set; }

    /// <summary>Core resets after a timeout.</summary>
    public long Resets { get; internal set; }
}
