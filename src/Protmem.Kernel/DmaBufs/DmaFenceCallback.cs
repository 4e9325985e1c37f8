namespace Protmem.Kernel.DmaBufs;

/// <summary>A callback registered on a fence (<c>struct dma_fence_cb</c>); run once, when the fence signals.</summary>
public sealed class DmaFenceCallback(Action<DmaFence> action)
{
    internal Action<DmaFence> Action { get; } = action ?? throw new ArgumentNullException(nameof(action));
}
