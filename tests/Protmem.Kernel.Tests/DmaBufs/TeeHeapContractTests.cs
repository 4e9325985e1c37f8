using Protmem.Kernel.Tests.Tee;

namespace Protmem.Kernel.Tests.DmaBufs;

/// <summary>The contract on the merged design's protected heap over the static SDP carveout.</summary>
public sealed class TeeHeapContractTests : ProtectedBufferContract
{
    private protected override string HeapName => "protected,secure-video";

    private protected override TeeMachine Boot() => TeeMachine.Boot(TeeDesign.Static);

    private protected override bool AllMemoryFree(TeeMachine machine) => machine.Tee.ProtmemPools[1] is { } pool && pool.Available == pool.Capacity && pool.Outstanding == 0;
}

/// <summary>The contract on the merged design's protected heap over a region lent from CMA.</summary>
public sealed class TeeHeapDynamicContractTests : ProtectedBufferContract
{
    private protected override string HeapName => "protected,secure-video";

    private protected override TeeMachine Boot() => TeeMachine.Boot(TeeDesign.Dynamic);

    private protected override bool AllMemoryFree(TeeMachine machine) => machine.Tee.ProtmemPools[1] is { } pool && pool.Outstanding == 0 && machine.Firmware.ProtectedRegions.Count == 0;
}
