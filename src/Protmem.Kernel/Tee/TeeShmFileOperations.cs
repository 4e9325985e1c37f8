using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.Tee;

/// <summary>
/// The file of a shm fd (tee_shm_fops): mmap of allocated shm maps its pages; mmap of user-registered
/// memory or of a registered dma-buf is refused (EINVAL); release drops the file's shm reference.
/// </summary>
internal sealed class TeeShmFileOperations : IFileOperations
{
    public static TeeShmFileOperations Instance { get; } = new();

    public int Mmap(UserProcess caller, OpenFile file, UserMapping mapping)
    {
        var shm = (TeeShm)file.PrivateData!;
        if (shm.Kind != TeeShmKind.Allocated)
        {
            return -Errno.EINVAL;
        }

        var pgoff = mapping.Offset >> Hardware.HwConstants.PageShift;
        var pages = mapping.Length >> Hardware.HwConstants.PageShift;
        if (pgoff + pages < pgoff || pgoff + pages > shm.Size >> Hardware.HwConstants.PageShift)
        {
            return -Errno.EINVAL;
        }

        return mapping.MapPages(0, shm.Paddr + mapping.Offset, mapping.Length);
    }

    public void Release(OpenFile file) => ((TeeShm)file.PrivateData!).Put();
}
