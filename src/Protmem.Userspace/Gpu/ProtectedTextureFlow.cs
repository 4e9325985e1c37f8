using System.Buffers.Binary;
using Protmem.Uapi;
using Protmem.Uapi.Drm;
using Protmem.Userspace.DmaHeaps;

namespace Protmem.Userspace.Gpu;

/// <summary>
/// The protected-texture flow on the panthor GPU, speaking only the uapi: import a protected buffer (the
/// texture) and a protected render target from the protected heap, bind them in a VM, create a PROTECTED group
/// and submit a stream whose PROT_REGION fills the texture and copies it to the render target, then writes a
/// completion marker to an ordinary status BO; nothing is scanned out. Under the ENABLE_FW_PROT_MODE design the
/// program (as root) first hands the driver a protected buffer for the firmware. The negative cases
/// (<see cref="ProtectedTextureCase"/>) change one thing each. Each submit signals a DRM syncobj; the program
/// waits on it with SYNCOBJ_WAIT (no deadline: every job's fence signals, with an error when its group is killed
/// or the platform is lost) and reads the fence's status through an exported sync_file.
/// </summary>
public static class ProtectedTextureFlow
{
    public const ulong StreamVa = 0x10000;
    public const ulong StatusVa = 0x20000;
    public const ulong TextureVa = 0x100000;
    public const ulong TargetVa = 0x200000;
    public const ulong BystanderStatusVa = 0x30000;
    public const ulong BystanderStreamVa = 0x40000;

    /// <summary>Bytes of the texture and the render target.</summary>
    public const uint TextureSize = 16 * 1024;

    /// <summary>The byte the region fills the texture with.</summary>
    public const byte TexturePattern = 0x5a;

    /// <summary>Bytes handed to ENABLE_FW_PROT_MODE: the firmware's 64 KiB and four 16 KiB suspend buffers.</summary>
    public const ulong FwProtBufferSize = 128 * 1024;

    private const ulong Marker = 0xd0e;

    /// <summary>Runs <paramref name="variant"/> on <paramref name="sys"/>; <paramref name="enableFwProtMode"/> under the third design.</summary>
    public static ProtectedTextureResult Run(ISyscalls sys, string protectedHeap, ProtectedTextureCase variant, bool enableFwProtMode)
    {
        ArgumentNullException.ThrowIfNull(sys);
        using var heaps = new DmaHeapLibrary(sys);
        using var gpu = PanthorClient.Open(sys);
        int? enable = null;
        if (enableFwProtMode || variant is ProtectedTextureCase.EnableFwProtModeAsUser or ProtectedTextureCase.EnableFwProtModeWithSystemHeap)
        {
            using var fwHeap = heaps.OpenHeap(variant == ProtectedTextureCase.EnableFwProtModeWithSystemHeap ? "system" : protectedHeap);
            var fwBuffer = fwHeap.Allocate(FwProtBufferSize);
            enable = ErrnoException.Check(gpu.TryImport(fwBuffer.Fd, out var fwHandle), "PRIME import of the firmware buffer");
            enable = gpu.TryEnableFwProtMode(fwHandle);
            fwBuffer.Dispose();
            if (enable < 0)
            {
                return new ProtectedTextureResult(variant, gpu.QueryProtectedFeatures(), enable, 0, 0, false, 0, null, TargetVa, 0);
            }
        }

        var features = gpu.QueryProtectedFeatures();
        var vm = gpu.CreateVm();
        var status = MapNew(gpu, vm, StatusVa, 4096);
        var stream = MapNew(gpu, vm, StreamVa, 4096);
        using var heap = heaps.OpenHeap(protectedHeap);
        Bind(gpu, vm, heap.Allocate(TextureSize), TextureVa);
        if (variant == ProtectedTextureCase.UnprotectedTargetInProtectedGroup)
        {
            MapNew(gpu, vm, TargetVa, TextureSize);
        }
        else
        {
            Bind(gpu, vm, heap.Allocate(TextureSize), TargetVa);
        }

        var protectedGroup = variant != ProtectedTextureCase.ProtectedBufferInNormalGroup;
        var created = gpu.TryCreateGroup(vm, (byte)PanthorIoctl.PANTHOR_GROUP_PRIORITY_MEDIUM, protectedGroup ? PanthorIoctl.DRM_PANTHOR_GROUP_CREATE_PROTECTED : 0, out var group);
        if (created < 0)
        {
            return new ProtectedTextureResult(variant, features, enable, created, 0, false, 0, null, TargetVa, 0);
        }

        var cs = new PanthorCsBuilder().Mov48(0, TargetVa).Mov48(1, TextureVa).Mov48(2, StatusVa).Mov48(3, Marker).Mov48(4, TexturePattern);
        cs = protectedGroup
            ? cs.ProtRegion(2).Fill(1, 4, TextureSize).Copy(0, 1, TextureSize)
            : cs.Copy(0, 1, TextureSize);
        cs.Store64(2, 3);
        gpu.Write(stream.Map, cs.ToArray());

        // The bystander: an ordinary group in the same VM that only writes its own marker.
        bool? bystanderDone = null;
        uint bystander = 0;
        var bystanderStatus = default((uint Handle, ulong Map));
        if (variant is ProtectedTextureCase.Flow or ProtectedTextureCase.UnprotectedTargetInProtectedGroup)
        {
            bystanderStatus = MapNew(gpu, vm, BystanderStatusVa, 4096);
            var bystanderStream = MapNew(gpu, vm, BystanderStreamVa, 4096);
            var other = new PanthorCsBuilder().Mov48(2, BystanderStatusVa).Mov48(3, Marker).Store64(2, 3);
            gpu.Write(bystanderStream.Map, other.ToArray());
            ErrnoException.Check(gpu.TryCreateGroup(vm, (byte)PanthorIoctl.PANTHOR_GROUP_PRIORITY_LOW, 0, out bystander), "GROUP_CREATE of the bystander");
            bystanderDone = false;
        }

        var doneObj = gpu.CreateSyncobj();
        var submitted = gpu.TrySubmit(group, StreamVa, (uint)cs.ByteCount, PanthorClient.SignalTo(doneObj));
        var bystanderObj = 0U;
        if (bystanderDone is not null)
        {
            bystanderObj = gpu.CreateSyncobj();
            ErrnoException.Check(gpu.TrySubmit(bystander, BystanderStreamVa, 24, PanthorClient.SignalTo(bystanderObj)), "GROUP_SUBMIT of the bystander");
        }

        var (done, state, fence) = submitted < 0 ? (false, 0U, 0) : Wait(gpu, group, doneObj, status.Map);
        if (bystanderDone is not null)
        {
            bystanderDone = Wait(gpu, bystander, bystanderObj, bystanderStatus.Map).Done;
        }

        return new ProtectedTextureResult(variant, features, enable, created, submitted, done, state, bystanderDone, TargetVa, fence);
    }

    private static (uint Handle, ulong Map) MapNew(PanthorClient gpu, uint vm, ulong va, ulong size)
    {
        var (handle, real) = gpu.CreateBo(size);
        ErrnoException.Check(gpu.TryBind(vm, handle, va, real), "VM_BIND");
        return (handle, gpu.MapBo(handle, real));
    }

    private static void Bind(PanthorClient gpu, uint vm, DmaBuffer buffer, ulong va)
    {
        ErrnoException.Check(gpu.TryImport(buffer.Fd, out var handle), "PRIME import");
        ErrnoException.Check(gpu.TryBind(vm, handle, va, buffer.Size), "VM_BIND of an import");
        buffer.Dispose();
    }

    /// <summary>SYNCOBJ_WAIT on the submit's syncobj, then its fence status, the marker and the group state: (done, state, fence status).</summary>
    private static (bool Done, uint State, int FenceStatus) Wait(PanthorClient gpu, uint group, uint syncobj, ulong statusMap)
    {
        var waited = gpu.TryWaitSyncobjs([syncobj], long.MaxValue, 0, out _);
        var fence = waited < 0 ? waited : gpu.FenceStatus(syncobj);
        Span<byte> word = stackalloc byte[8];
        gpu.Read(statusMap, word);
        var state = gpu.GroupState(group).State;
        return (fence == 1 && state == 0 && BinaryPrimitives.ReadUInt64LittleEndian(word) == Marker, state, fence);
    }
}
