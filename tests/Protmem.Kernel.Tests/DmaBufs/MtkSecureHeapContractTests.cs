using Protmem.Kernel.DmaBufs.Heaps;
using Protmem.Kernel.Tests.Tee;

namespace Protmem.Kernel.Tests.DmaBufs;

/// <summary>The contract on the secure-world-managed heap.</summary>
public sealed class MtkSecureHeapContractTests : ProtectedBufferContract
{
    private protected override string HeapName => MtkSecureHeap.HeapName;

    private protected override TeeMachine Boot() => TeeMachine.Boot(TeeDesign.Mtk);

    private protected override bool AllMemoryFree(TeeMachine machine) => machine.Firmware.SecmemBlockCount == 0;
}
