namespace Protmem.Platform.Npu;

/// <summary>One strategy's figures in <c>protmem compare npu-isolation</c> (per job: over the benign phase's jobs).</summary>
/// <param name="Strategy">The <c>protmem,npu-isolation</c> value.</param>
/// <param name="Jobs">Jobs run in the benign phase.</param>
/// <param name="MapsPerJob">iommu_map calls per job.</param>
/// <param name="UnmapsPerJob">iommu_unmap calls per job.</param>
/// <param name="ZapsPerJob">IOTLB zaps per job (ZAP_ONE_LINE writes and ZAP_CACHE commands, every bank of the NPU IOMMUs).</param>
/// <param name="AttachesPerJob">Domain attaches to a core per job (iommu_attach_group).</param>
/// <param name="DetachesPerJob">Domain detaches per job.</param>
/// <param name="SimulatedUsPerJob">Simulated µs of the benign phase per job (three cores working at once).</param>
/// <param name="IommuUsPerJob">Simulated µs of IOMMU work around each job.</param>
/// <param name="ClientSwitches">Job starts on a core whose previous job was another client's.</param>
/// <param name="IommuUsPerSwitch">Simulated µs of IOMMU work on a start that switched client (0 without switches).</param>
/// <param name="CrossClientAccess">Whether the attacker's job read the victim's secret.</param>
/// <param name="AttackFault">What stopped the attacker's job, when something did (the IOMMU page fault and its IOVA).</param>
/// <param name="OracleFindings">The whole-machine check's cross-client findings after the benign phase.</param>
/// <param name="ResultsCorrect">Whether every client's output held the bytes its jobs computed.</param>
/// <param name="VictimCompleted">Whether the victim's job during the attack completed with the right bytes.</param>
public sealed record NpuIsolationRow(
    string Strategy,
    long Jobs,
    double MapsPerJob,
    double UnmapsPerJob,
    double ZapsPerJob,
    double AttachesPerJob,
    double DetachesPerJob,
    double SimulatedUsPerJob,
    double IommuUsPerJob,
    long ClientSwitches,
    double IommuUsPerSwitch,
    bool CrossClientAccess,
    string? AttackFault,
    IReadOnlyList<string> OracleFindings,
    bool ResultsCorrect,
    bool VictimCompleted);
