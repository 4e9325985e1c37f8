using Protmem.Hardware.Firewall;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware;

/// <summary>
/// Everything needed to build a <see cref="Soc"/>, as plain data (a device-tree reader produces it).
/// </summary>
public sealed record SocDescription
{
    /// <summary>Board name, for messages.</summary>
    public string Name { get; init; } = "soc";

    /// <summary>The DRAM banks; at least one.</summary>
    public IReadOnlyList<DramBankDescription> DramBanks { get; init; } = [];

    /// <summary>Programmable firewall regions besides region 0 (8 on TZC-400).</summary>
    public int FirewallRegionCount { get; init; } = 8;

    /// <summary>The firewall also checks secure transactions per master (<see cref="Firewall.Tzc400Firewall.FiltersSecureByMaster"/>).</summary>
    public bool FirewallFiltersSecureByMaster { get; init; }

    /// <summary>
    /// Region 0's permissions when the model starts. A real TZC-400 resets to secure-only and the boot
    /// ROM or BL2 opens it before the secure firmware runs; the model starts after that stage, so the
    /// default is open to all.
    /// </summary>
    public FirewallPermissions FirewallBackgroundAtReset { get; init; } = FirewallPermissions.Open;

    /// <summary>The application CPU (issues both security states).</summary>
    public CpuDescription Cpu { get; init; } = new();

    /// <summary>Device bus masters (not the CPU).</summary>
    public IReadOnlyList<BusMasterDescription> Masters { get; init; } = [];

    /// <summary>IOMMU instances and the masters behind each.</summary>
    public IReadOnlyList<IommuDescription> Iommus { get; init; } = [];

    /// <summary>Device masters that are NPU cores (<c>rockchip,rk3588-rknn-core</c>), each built as a <see cref="Devices.NpuCore"/>.</summary>
    public IReadOnlyList<string> NpuCores { get; init; } = [];

    /// <summary>Device masters that are Mali CSF GPUs (<c>arm,mali-valhall-csf</c>), each built as a <see cref="Devices.MaliCsfGpu"/>.</summary>
    public IReadOnlyList<string> Gpus { get; init; } = [];

    /// <summary>Device masters that are touchscreen controllers, each built as an <see cref="Input.TouchController"/> (secure-only peripherals: the normal world's view leaves them out).</summary>
    public IReadOnlyList<TouchControllerDescription> TouchControllers { get; init; } = [];

    /// <summary>Device masters that are video decoders (<c>rockchip,rk3588-vdec</c>), each built as a <see cref="Media.VideoDecoderCore"/>.</summary>
    public IReadOnlyList<string> VideoDecoders { get; init; } = [];

    /// <summary>Device masters that are cameras (<c>rockchip,rk3588-vicap</c>), each built as a <see cref="Media.CameraCore"/>.</summary>
    public IReadOnlyList<string> Cameras { get; init; } = [];

    /// <summary>Device masters that are video encoders (<c>rockchip,rk3588-vepu121</c>), each built as a <see cref="Media.VideoEncoderCore"/>.</summary>
    public IReadOnlyList<string> VideoEncoders { get; init; } = [];

    /// <summary>Display controllers (<c>rockchip,rk3588-vop</c>), each built as a <see cref="Media.DisplayController"/> on its device master.</summary>
    public IReadOnlyList<Media.DisplayDescription> Displays { get; init; } = [];

    /// <summary>Device masters that are crypto engines (<c>rockchip,rk3588-crypto</c>), each built as a <see cref="Crypto.CryptoEngine"/>.</summary>
    public IReadOnlyList<string> CryptoEngines { get; init; } = [];

    /// <summary>
    /// True on SoCs where a speculative CPU access to a page the firewall closes to the non-secure CPU is
    /// fatal (an SError or a hang): there, such a page must not stay mapped in a non-secure address space.
    /// </summary>
    public bool SpeculativeAccessToFirewalledPageIsFatal { get; init; }

    /// <summary>Cost figures replacing the defaults, by <see cref="Time.CostModel"/> name.</summary>
    public IReadOnlyDictionary<string, double> CostOverrides { get; init; } = new Dictionary<string, double>();

    /// <summary>Seed of the machine's one random generator.</summary>
    public ulong Seed { get; init; }

    /// <summary>Whether the trace records from power-on.</summary>
    public bool TraceEnabled { get; init; }

    /// <summary>What holds DRAM's bytes (sparse host pages unless a program outside the model must map them).</summary>
    public Memory.DramBacking DramBacking { get; init; }

    /// <summary>Where the kernel's linear map starts (VA = offset + PA).</summary>
    public ulong LinearMapOffset { get; init; } = LinearMap.DefaultOffset;
}
