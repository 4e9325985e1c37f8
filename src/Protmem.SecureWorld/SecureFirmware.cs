using Protmem.Hardware;
using Protmem.Hardware.Firewall;
using Protmem.Hardware.Smc;
using Protmem.SecureWorld.Abi;
using Protmem.SecureWorld.Ffa;
using Protmem.SecureWorld.ProtectedMemory;
using Protmem.SecureWorld.Ta;
using Protmem.SecureWorld.Ta.TrustedUi;

namespace Protmem.SecureWorld;

/// <summary>
/// The OP-TEE-like secure firmware behind the secure monitor.
/// 1. <see cref="Install"/> at boot: it takes the firewall capability (the only holder), firewalls TZDRAM
///    secure-only and its carveouts for their masters, loads its TAs and installs itself in the monitor.
/// 2. The normal world probes it with fast calls (UIDs, revisions, EXCHANGE_CAPABILITIES,
///    GET_PROTMEM_CONFIG) over SMC, or FFA_VERSION / FFA_ID_GET / FFA_RXTX_MAP and OP-TEE's direct
///    messages over FF-A.
/// 3. Yielding calls carry an optee_msg_arg in normal-world memory: sessions to TAs, shared memory,
///    protected memory (lend/reclaim over SMC, FFA_MEM_LEND + ASSIGN / RELEASE + FFA_MEM_RECLAIM over FF-A).
/// 4. <see cref="AssertInvariants"/> checks the firewall against what the firmware believes, any time.
/// Nothing the normal world sends makes it throw: bad input gets an SMC/FF-A error or a TEE result.
/// </summary>
public sealed class SecureFirmware : ISmcHandler
{
    private readonly Soc _soc;
    private readonly ProtectedMemoryManager _protmem;
    private readonly FfaMemoryTransactions _ffaTransactions;
    private readonly TeeCore _core;
    private readonly EntryStd _entry;
    private readonly FfaEndpoint? _ffa;
    private readonly MtkSecmemTa? _secmem;

    private SecureFirmware(Soc soc, FirewallCapability capability, SecureWorldConfig config)
    {
        _soc = soc;
        Config = config;
        var memory = new SecureCpuMemory(soc);
        var shm = new SharedMemoryRegistry();
        _protmem = new ProtectedMemoryManager(soc, capability, config, memory, shm);
        _ffaTransactions = new FfaMemoryTransactions(_protmem, shm);
        _core = new TeeCore(memory, soc.Clock, soc.Costs);
        _core.Register(new InvokeTestsPta());
        foreach (var uuid in config.TrustedApplications.Distinct())
        {
            if (uuid == TrustedApplicationIds.SdpBasic)
            {
                _core.Register(new SdpBasicTa());
            }
            else if (uuid == TrustedApplicationIds.MtkSecmem)
            {
                _secmem = new MtkSecmemTa(config.Secmem?.Range ?? throw new ArgumentException("the secmem TA needs SecureWorldConfig.Secmem"), memory);
                _core.Register(_secmem);
            }
            else if (uuid == TrustedApplicationIds.TrustedUi)
            {
                _core.Register(CreateTrustedUi(soc, config));
            }
            else if (uuid != TrustedApplicationIds.InvokeTestsPta)
            {
                throw new NotSupportedException($"trusted application {uuid} is not modelled (modelled: sdp_basic, the MediaTek secmem TA, the trusted-UI TA)");
            }
        }

        if (config.StaticCarveout is not null || config.HasDynamicProtectedMemory)
        {
            _core.Register(new SecureVideoTa(ProtectedUseCaseOf));
            if (config.UseCases.Any(u => u.UseCase == KeyProvisioningTaAbi.CryptoKeyUseCase))
            {
                _core.Register(new KeyProvisioningTa(soc.Random, ProtectedUseCaseOf));
            }
        }

        _entry = new EntryStd(config.Abi, memory, _protmem, shm, _ffaTransactions, _core, config.FfaPartitionId);
        if (config.Abi == SecureWorldAbi.Ffa)
        {
            _ffa = new FfaEndpoint(soc, config, memory, _protmem, _ffaTransactions, _entry);
        }
    }

    public SecureWorldConfig Config { get; }

    /// <summary>The sec caps EXCHANGE_CAPABILITIES reports (SMC bits, or OPTEE_FFA_SEC_CAP_* over FF-A).</summary>
    public ulong SecureCapabilities => Config.Abi == SecureWorldAbi.Ffa
        ? FfaAbi.OPTEE_FFA_SEC_CAP_ARG_OFFSET | (Config.HasDynamicProtectedMemory ? FfaAbi.OPTEE_FFA_SEC_CAP_PROTMEM : 0)
        : OpteeSmc.SEC_CAP_DYNAMIC_SHM | OpteeSmc.SEC_CAP_MEMREF_NULL
            | (Config.HasDynamicProtectedMemory ? OpteeSmc.SEC_CAP_DYNAMIC_PROTMEM : Config.StaticCarveout is null ? 0 : OpteeSmc.SEC_CAP_PROTMEM);

    /// <summary>The regions currently lent and protected.</summary>
    public IReadOnlyList<ProtectedRegionInfo> ProtectedRegions => _protmem.Regions;

    /// <summary>Open sessions, TA-to-TA ones included.</summary>
    public int SessionCount => _core.SessionCount;

    /// <summary>Blocks the secmem TA has handed out and not taken back.</summary>
    public int SecmemBlockCount => _secmem?.BlockCount ?? 0;

    /// <summary>The secmem TA's live blocks, by handle (empty without the TA).</summary>
    public IReadOnlyDictionary<uint, PhysRange> SecmemBlocks => _secmem?.Blocks ?? new Dictionary<uint, PhysRange>();

    /// <summary>Builds the firmware, programs the firewall and installs it behind <paramref name="monitor"/>.</summary>
    public static SecureFirmware Install(Soc soc, SecureMonitor monitor, FirewallCapability capability, SecureWorldConfig config)
    {
        ArgumentNullException.ThrowIfNull(soc);
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(capability);
        ArgumentNullException.ThrowIfNull(config);
        Validate(soc, config);
        var firmware = new SecureFirmware(soc, capability, config);
        monitor.Install(firmware);
        return firmware;
    }

    /// <summary>The trusted-UI TA over the board's secure-only touchscreen, with its own fork of the machine's RNG.</summary>
    private TrustedUiTa CreateTrustedUi(Soc soc, SecureWorldConfig config)
    {
        if (config.TrustedUiTouchscreen is not { } name || !soc.TouchControllers.TryGetValue(name, out var touch))
        {
            throw new ArgumentException($"the trusted-UI TA needs a touchscreen controller (SecureWorldConfig.TrustedUiTouchscreen = '{config.TrustedUiTouchscreen}')");
        }

        var random = soc.Random.Fork();
        return new TrustedUiTa(touch, bound => (int)random.NextUInt64((ulong)bound), _protmem.UseCaseOf);
    }

    /// <summary>The monitor's entry: a0 = function id; results in a0..a7.</summary>
    public void HandleSmc(ref SmcRegisters registers)
    {
        if (_ffa is not null)
        {
            _ffa.Handle(ref registers);
            return;
        }

        var function = (uint)registers.A0;
        if (registers.A0 > uint.MaxValue)
        {
            registers = new SmcRegisters(OpteeSmc.RETURN_UNKNOWN_FUNCTION);
            return;
        }

        switch (function)
        {
            case OpteeSmc.CALLS_UID:
                registers = new SmcRegisters(OpteeSmc.MessageUid[0], OpteeSmc.MessageUid[1], OpteeSmc.MessageUid[2], OpteeSmc.MessageUid[3]);
                break;
            case OpteeSmc.CALLS_REVISION:
                registers = new SmcRegisters(OpteeSmc.MessageRevisionMajor, OpteeSmc.MessageRevisionMinor);
                break;
            case OpteeSmc.CALL_GET_OS_UUID:
                registers = new SmcRegisters(OpteeSmc.OsUuid[0], OpteeSmc.OsUuid[1], OpteeSmc.OsUuid[2], OpteeSmc.OsUuid[3]);
                break;
            case OpteeSmc.CALL_GET_OS_REVISION:
                registers = new SmcRegisters(OpteeSmc.OsRevisionMajor, OpteeSmc.OsRevisionMinor, 0);
                break;
            case OpteeSmc.EXCHANGE_CAPABILITIES:
                registers = new SmcRegisters(OpteeSmc.RETURN_OK, SecureCapabilities, 0, 0);
                break;
            case OpteeSmc.GET_PROTMEM_CONFIG:
                registers = _protmem.StaticCarveout is { } sdp && !Config.HasDynamicProtectedMemory
                    ? new SmcRegisters(OpteeSmc.RETURN_OK, sdp.Start.Value, sdp.Length, 64)
                    : new SmcRegisters(OpteeSmc.RETURN_ENOTAVAIL);
                break;
            case OpteeSmc.CALL_WITH_ARG:
                var address = ((registers.A1 & 0xFFFF_FFFF) << 32) | (registers.A2 & 0xFFFF_FFFF);
                registers = new SmcRegisters(_entry.TryRun(new PhysAddr(address)) ? OpteeSmc.RETURN_OK : OpteeSmc.RETURN_EBADADDR);
                break;
            default:
                registers = new SmcRegisters(OpteeSmc.RETURN_UNKNOWN_FUNCTION);
                break;
        }
    }

    /// <summary>Checks the firmware against the hardware; throws naming the first broken sentence.</summary>
    public void AssertInvariants()
    {
        _protmem.AssertInvariants();
        _ffaTransactions.AssertInvariants();
        _core.AssertInvariants();
        _secmem?.AssertInvariants();
        var cpu = _soc.Cpu.Master;
        if (_soc.Firewall.Allows(cpu.Id, SecurityState.NonSecure, Config.SecureDram, AccessDirection.Read))
        {
            throw new InvalidOperationException("secure-world invariant broken: the non-secure CPU cannot read TZDRAM");
        }
    }

    /// <summary>
    /// The use case of the protected memory behind <paramref name="memref"/> (the static carveout counts as
    /// secure video, use case 1), or null when it is not wholly protected memory of one use case.
    /// </summary>
    private uint? ProtectedUseCaseOf(TaMemref memref)
    {
        uint? found = null;
        var regions = _protmem.Regions;
        foreach (var segment in memref.Segments)
        {
            var useCase = _protmem.StaticCarveout is { } sdp && sdp.Contains(segment)
                ? SecureVideoTaAbi.SecureVideoUseCase
                : regions.FirstOrDefault(r => r.Range.Contains(segment))?.UseCase;
            if (useCase is null || (found is not null && found != useCase))
            {
                return null;
            }

            found = useCase;
        }

        return found;
    }

    private static void Validate(Soc soc, SecureWorldConfig config)
    {
        if (config.SecureDram.IsEmpty || !config.SecureDram.IsPageAligned || !soc.Memory.Contains(config.SecureDram))
        {
            throw new ArgumentException($"TZDRAM {config.SecureDram} must be non-empty, 4 KiB aligned DRAM");
        }

        if (config.StaticCarveout is { } sdp && (sdp.IsEmpty || !sdp.IsPageAligned || !soc.Memory.Contains(sdp)))
        {
            throw new ArgumentException($"the static SDP carveout {sdp} must be non-empty, 4 KiB aligned DRAM");
        }

        if (config.StaticCarveout is not null && config.HasDynamicProtectedMemory)
        {
            throw new ArgumentException("OP-TEE offers static (SEC_CAP_PROTMEM) or dynamic (SEC_CAP_DYNAMIC_PROTMEM) protected memory, not both");
        }

        if (config.Abi == SecureWorldAbi.Ffa && config.StaticCarveout is not null)
        {
            throw new ArgumentException("over FF-A, protected memory is dynamic only: configure use cases, not a static carveout");
        }

        foreach (var secure in config.SecureCarveouts.Select(c => c.Range))
        {
            if (secure.IsEmpty || !secure.IsPageAligned || !soc.Memory.Contains(secure) || secure.Overlaps(config.SecureDram)
                || (config.StaticCarveout is { } sdp2 && sdp2.Overlaps(secure)) || (config.Secmem is { } sm && sm.Range.Overlaps(secure)))
            {
                throw new ArgumentException($"the secure carveout {secure} must be 4 KiB aligned DRAM apart from TZDRAM and the other carveouts");
            }
        }

        if (config.Secmem is { } secmem && (secmem.Range.IsEmpty || !secmem.Range.IsPageAligned || !soc.Memory.Contains(secmem.Range)
            || (config.StaticCarveout is { } s && s.Overlaps(secmem.Range))))
        {
            throw new ArgumentException($"the secmem carveout {secmem.Range} must be 4 KiB aligned DRAM apart from the SDP carveout");
        }

        foreach (var useCase in config.UseCases)
        {
            if (useCase.Alignment < HwConstants.PageSize || (useCase.Alignment & (useCase.Alignment - 1)) != 0 || useCase.MinSize == 0 || useCase.MinSize % useCase.Alignment != 0)
            {
                throw new ArgumentException($"use case {useCase.UseCase}: alignment must be a power of two of at least 4 KiB and the minimum size a non-zero multiple of it");
            }
        }
    }
}
