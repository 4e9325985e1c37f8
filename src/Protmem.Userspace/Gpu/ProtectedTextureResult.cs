namespace Protmem.Userspace.Gpu;

/// <summary>What the protected-texture flow saw.</summary>
/// <param name="Case">The variant run.</param>
/// <param name="ProtectedFeatures">DEV_QUERY PROTECTED_INFO's features (or -errno).</param>
/// <param name="EnableResult">ENABLE_FW_PROT_MODE's result, or null when the design does not use it.</param>
/// <param name="GroupCreateResult">GROUP_CREATE's result for the flow's group.</param>
/// <param name="SubmitResult">GROUP_SUBMIT's result for the flow's group.</param>
/// <param name="Completed">The flow's stream wrote its completion marker and its done fence signalled without error.</param>
/// <param name="GroupState">GROUP_GET_STATE's flags for the flow's group.</param>
/// <param name="BystanderCompleted">The normal bystander group's stream completed (null when not run).</param>
/// <param name="RenderTargetVa">The render target's GPU address (the test checks its bytes).</param>
/// <param name="FenceStatus">The flow's done fence as the program read it through its syncobj (a sync_file's status):
/// 1 signaled, a -errno such as -EIO when the group was killed, 0 when nothing was submitted.</param>
public sealed record ProtectedTextureResult(
    ProtectedTextureCase Case,
    long ProtectedFeatures,
    int? EnableResult,
    int GroupCreateResult,
    int SubmitResult,
    bool Completed,
    uint GroupState,
    bool? BystanderCompleted,
    ulong RenderTargetVa,
    int FenceStatus);
