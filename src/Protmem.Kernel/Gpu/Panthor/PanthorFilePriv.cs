using Protmem.Kernel.Gpu.Drm;

namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>A client of the GPU (<c>struct panthor_file</c>): its VMs and groups by id.</summary>
public sealed class PanthorFilePriv
{
    private readonly Dictionary<uint, PanthorVm> _vms = [];
    private readonly Dictionary<uint, PanthorGroup> _groups = [];
    private uint _nextVm = 1;
    private uint _nextGroup = 1;

    internal PanthorFilePriv(PanthorDevice device, DrmFile file)
    {
        Device = device;
        File = file;
    }

    public PanthorDevice Device { get; }

    public DrmFile File { get; }

    public IReadOnlyDictionary<uint, PanthorVm> Vms => _vms;

    public IReadOnlyDictionary<uint, PanthorGroup> Groups => _groups;

    internal uint NextVmId() => _nextVm++;

    internal uint NextGroupHandle() => _nextGroup++;

    internal void AddVm(PanthorVm vm) => _vms.Add(vm.Id, vm);

    internal bool RemoveVm(uint id) => _vms.Remove(id);

    internal void AddGroup(PanthorGroup group) => _groups.Add(group.Handle, group);

    internal bool RemoveGroup(uint handle) => _groups.Remove(handle);
}
