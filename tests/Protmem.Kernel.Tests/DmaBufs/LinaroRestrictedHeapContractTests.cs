using Protmem.Kernel.DmaBufs.Heaps;
using Protmem.Kernel.Tests.Tee;

namespace Protmem.Kernel.Tests.DmaBufs;

/// <summary>The contract on the Linaro restricted heap.</summary>
public sealed class LinaroRestrictedHeapContractTests : ProtectedBufferContract
{
    private protected override string HeapName => "restricted";

    private protected override TeeMachine Boot() => TeeMachine.Boot(TeeDesign.Linaro);

    private protected override bool AllMemoryFree(TeeMachine machine) =>
        machine.Kernel.DmaHeaps.Heaps.Single(h => h.Name == HeapName).PrivateData is LinaroRestrictedHeap heap && heap.Available == heap.Capacity;
}
