namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>Counters of the GPU driver since probe.</summary>
public sealed class PanthorStats
{
    /// <summary>Jobs submitted.</summary>
    public long Submitted { get; internal set; }

    /// <summary>Jobs whose fence signalled without error.</summary>
    public long Completed { get; internal set; }

    /// <summary>Jobs whose fence signalled with an error.</summary>
    public long Failed { get; internal set; }

    /// <summary>Protected-mode entries requested (GLB_PROTM_ENTER).</summary>
    public long ProtmEnters { get; internal set; }

    /// <summary>GPU resets.</summary>
    public long Resets { get; internal set; }

    /// <summary>Simulated nanoseconds of the first protected job's completion after probe, or null.</summary>
    public ulong? FirstProtectedJobAt { get; internal set; }
}
