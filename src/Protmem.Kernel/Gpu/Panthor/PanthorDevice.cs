using Protmem.Hardware;
using Protmem.Hardware.Devices;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Gpu.Drm;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>
/// The Mali CSF GPU driver (drivers/gpu/drm/panthor, Linux 6.18, with the 2026 protected-mode series and the
/// designs of its review): one render node over the <c>arm,mali-valhall-csf</c> node.
/// 1. Probe loads the firmware. Its protected sections come from the board's design
///    (<see cref="PanthorFwMemory"/>): the protected heap (-EPROBE_DEFER until it is registered), the
///    reserved-memory carveout, or nothing until ENABLE_FW_PROT_MODE (PanthorDevice.Fw.cs).
/// 2. VM_CREATE / VM_BIND: the GPU's page tables (PanthorDevice.Mmu.cs); BO_CREATE / BO_MMAP_OFFSET: PanthorDevice.Gem.cs.
/// 3. GROUP_CREATE / GROUP_SUBMIT and the scheduler with protected mode: PanthorDevice.Sched.cs.
/// </summary>
public sealed partial class PanthorDevice
{
    /// <summary>Model: the bytes of the firmware's protected sections (64 KiB).</summary>
    public const ulong FwProtectedSize = 64 * 1024;

    /// <summary>Model: csg_iface->control->protm_suspend_size (16 KiB).</summary>
    public const ulong ProtmSuspendSize = 16 * 1024;

    /// <summary>The compatibles panthor_of_match lists that the model's boards use.</summary>
    public static readonly IReadOnlyList<string> Compatibles = ["rockchip,rk3588-mali", "arm,mali-valhall-csf"];

    private readonly List<PanthorFilePriv> _clients = [];
    private readonly List<PanthorEvent> _events = [];
    private readonly List<DrmGemObject> _kernelBos = [];
    private readonly List<DmaBuf> _heapBuffers = [];
    private GenPool? _carveout;

    private PanthorDevice(KernelContext kernel, PlatformDevice pdev, MaliCsfGpu gpu, PanthorFwMemory design, string? heapName, bool checkFwBuffer)
    {
        Kernel = kernel;
        Pdev = pdev;
        Gpu = gpu;
        FwMemory = design;
        ProtectedHeapName = heapName;
        ChecksFwProtBuffer = checkFwBuffer;
        gpu.InterruptHandler = OnJobIrq;
        Drm = DrmDevice.Register(kernel, new PanthorDriver(this), pdev);
    }

    public KernelContext Kernel { get; }

    /// <summary>The GPU's platform device.</summary>
    public PlatformDevice Pdev { get; }

    /// <summary>The GPU block (its registers and IRQ).</summary>
    public MaliCsfGpu Gpu { get; }

    public DrmDevice Drm { get; }

    /// <summary>The board's firmware-memory design.</summary>
    public PanthorFwMemory FwMemory { get; }

    /// <summary>The protected heap the board names, or null.</summary>
    public string? ProtectedHeapName { get; }

    /// <summary>Whether ENABLE_FW_PROT_MODE checks that the buffer is protected (the board can turn it off).</summary>
    public bool ChecksFwProtBuffer { get; }

    /// <summary>Whether protected groups can run now (DRM_PANTHOR_PROTECTED_FEATURE_BASIC).</summary>
    public bool ProtectedSupported => Gpu.FirmwareHasProtectedSections && !IsLost;

    /// <summary>True after a fatal event: the platform would be hung; every job fails.</summary>
    public bool IsLost { get; private set; }

    /// <summary>Simulated nanoseconds when probe succeeded.</summary>
    public ulong ProbedAt { get; private set; }

    /// <summary>Bytes of the reserved-memory carveout the driver allocates from (0 under the other designs).</summary>
    public ulong CarveoutBytes => _carveout?.Size ?? 0;

    /// <summary>Bytes of protected memory the driver holds (firmware sections and suspend buffers).</summary>
    public ulong ProtectedBytesHeld { get; private set; }

    public IReadOnlyList<PanthorFilePriv> Clients => _clients;

    /// <summary>The driver's event log, oldest first.</summary>
    public IReadOnlyList<PanthorEvent> Events => _events;

    public PanthorStats Stats { get; } = new();

    /// <summary>Whether <paramref name="compatible"/> is a GPU node this driver binds.</summary>
    public static bool IsGpuCompatible(string compatible) => Compatibles.Contains(compatible, StringComparer.Ordinal);

    /// <summary>
    /// panthor_probe: the GPU must be a Mali CSF master behind its page tables (else -ENODEV). The design is the
    /// node's <c>protmem,gpu-fw-memory</c> (default protected-heap). Under protected-heap, a named heap not yet
    /// registered → -EPROBE_DEFER; no heap named → the firmware runs without protected mode.
    /// </summary>
    public static int Probe(KernelContext kernel, PlatformDevice pdev, out PanthorDevice? device)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(pdev);
        device = null;
        if (pdev.Master is not { Iommu: not null } master || !kernel.Hardware.Gpus.TryGetValue(master.Name, out var gpu))
        {
            return -Errno.ENODEV;
        }

        var design = PanthorFwMemory.ProtectedHeap;
        if (pdev.ReadStringProperty(PanthorFwMemoryNames.Property) is { } text && !PanthorFwMemoryNames.TryParse(text, out design))
        {
            return -Errno.EINVAL;
        }

        var heapName = pdev.ProtectedHeapName;
        DmaHeap? heap = null;
        if (design == PanthorFwMemory.ProtectedHeap && heapName is not null && !kernel.DmaHeaps.TryGet(heapName, out heap))
        {
            return -DriverRegistry.EPROBE_DEFER;
        }

        if (design == PanthorFwMemory.ReservedMemory && pdev.MemoryRegions.FirstOrDefault(r => r.NoMap) is null)
        {
            return -Errno.EINVAL;
        }

        var check = pdev.ReadStringProperty(PanthorFwMemoryNames.CheckProperty) != "off";
        device = new PanthorDevice(kernel, pdev, gpu, design, heapName, check);
        var result = device.LoadFirmware(heap);
        if (result < 0)
        {
            device.Unplug();
            device = null;
            return result;
        }

        device.ProbedAt = kernel.Hardware.Clock.Now;
        return 0;
    }

    /// <summary>Removes the render node and gives back the driver's protected memory.</summary>
    public void Unplug()
    {
        Drm.Unregister();
        ReleaseKernelMemory();
    }

    /// <summary>Checks the scheduler's state.</summary>
    public void AssertInvariants()
    {
        if (_current is { } job && (!Gpu.IsBusy && !Gpu.IsHung))
        {
            throw new KernelOopsException($"panthor: {job} is current while the GPU is idle");
        }

        foreach (var group in _clients.SelectMany(c => c.Groups.Values))
        {
            if (!group.IsUsable && group.Jobs.Any(j => j != _current))
            {
                throw new KernelOopsException($"panthor: {group} is dead with jobs still queued");
            }

            if (group.IsProtected && group.ProtmSuspendBuffer.Count == 0)
            {
                throw new KernelOopsException($"panthor: {group} is protected without a protected suspend buffer");
            }
        }
    }

    /// <summary>panthor_open.</summary>
    internal int Open(DrmFile file)
    {
        var client = new PanthorFilePriv(this, file);
        file.DriverPriv = client;
        _clients.Add(client);
        return 0;
    }

    /// <summary>panthor_postclose: the file's groups are destroyed, then its VMs.</summary>
    internal void PostClose(DrmFile file)
    {
        var client = (PanthorFilePriv)file.DriverPriv!;
        foreach (var group in client.Groups.Values.ToList())
        {
            DestroyGroup(client, group);
        }

        foreach (var vm in client.Vms.Values.ToList())
        {
            DestroyVm(client, vm);
        }

        _clients.Remove(client);
    }

    private void Report(PanthorEventKind kind, string detail, ulong delay = 0) =>
        _events.Add(new PanthorEvent(Kernel.Hardware.Clock.Now, kind, detail, delay));
}
