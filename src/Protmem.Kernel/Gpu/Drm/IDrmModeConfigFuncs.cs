namespace Protmem.Kernel.Gpu.Drm;

/// <summary>
/// What a KMS driver does for an atomic commit (<c>drm_mode_config_funcs</c> with its CRTC and plane helper
/// hooks): check a state against the hardware, and make the hardware show a state the core has swapped in.
/// </summary>
public interface IDrmModeConfigFuncs
{
    /// <summary>atomic_check, after the core's checks: 0 or -errno; may fill driver fields of the new states (<see cref="DrmPlaneState.ForceBlack"/>).</summary>
    int AtomicCheck(DrmAtomicState state);

    /// <summary>atomic_commit_tail: programs the hardware from the (now committed) states of <paramref name="state"/> and waits for the vblank that shows them.</summary>
    void AtomicCommit(DrmAtomicState state);
}
