using System.Buffers.Binary;
using Protmem.Hardware.Bus;
using Protmem.Hardware.Firewall;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Devices;

/// <summary>
/// A Mali CSF GPU (<c>arm,mali-valhall-csf</c>) with its firmware (the MCU) as one device master: the
/// firmware runs one command stream at a time (docs/gpu-command-stream.md), fetching it and every
/// operand through the GPU's page tables, in simulated time.
/// 1. <see cref="Run"/> takes a stream in normal mode: it runs until its end, a fault, or a PROT_REGION,
///    which stops it with <see cref="GpuJobStatus.ProtmPending"/> (CS_PROTM_PENDING) at that instruction.
/// 2. <see cref="EnterProtectedMode"/> (GLB_PROTM_ENTER) switches the GPU to protected mode after
///    <see cref="ProtmEnterNs"/>, runs the region with secure transactions, and exits (GLB_PROTM_EXIT,
///    <see cref="ProtmExitNs"/>) to finish the stream in normal mode. In protected mode the GPU reads any
///    memory the firewall lets it read and writes only protected memory: a write elsewhere, or any refused
///    access, stops the stream with <see cref="GpuJobStatus.ProtmFault"/>.
/// 3. Entering needs the firmware's protected sections in protected memory: loaded anywhere else (or not
///    loaded), the firmware's first secure write there is refused and the GPU never acknowledges the
///    entry (<see cref="IsHung"/>): on real boards the platform hangs.
/// 4. <see cref="Reset"/> drops the stream in flight and leaves protected mode; <see cref="LoadFirmware"/>
///    reloads the firmware (with or without protected sections) and keeps the GPU busy while it boots.
/// Model: normal-mode accesses are non-secure transactions of the GPU's master; what counts as protected
/// memory is what the firewall refuses to this master's non-secure writes.
/// </summary>
public sealed class MaliCsfGpu
{
    /// <summary>Assumed: ringing a doorbell, the firmware picking the stream up, and its job IRQ.</summary>
    public const ulong JobStartNs = 3_000;

    /// <summary>Assumed: the GPU's memory traffic, 16 bytes per ns (16 GB/s).</summary>
    public const double BytesPerNs = 16;

    /// <summary>Assumed: GLB_PROTM_ENTER acknowledged and PROTM_ACTIVE set (the spec bounds it by 4 s + 0.5 s).</summary>
    public const ulong ProtmEnterNs = 150_000;

    /// <summary>Assumed: GLB_PROTM_EXIT, the protected state suspended and normal mode back.</summary>
    public const ulong ProtmExitNs = 60_000;

    /// <summary>Assumed: a GPU soft reset.</summary>
    public const ulong ResetNs = 100_000;

    /// <summary>Assumed: reloading and booting the firmware after a reset (GLB_ACK of the first request).</summary>
    public const ulong FirmwareBootNs = 2_000_000;

    private const int ChunkBytes = (int)HwConstants.PageSize;

    private readonly EventQueue _events;
    private readonly SimClock _clock;
    private readonly Trace _trace;
    private readonly Tzc400Firewall _firewall;
    private readonly byte[] _buffer = new byte[ChunkBytes];
    private ScheduledEvent? _inFlight;
    private IReadOnlyList<PhysRange> _firmwareProtected = [];
    private ulong _bootedAt;

    public MaliCsfGpu(string name, DeviceMaster master, Tzc400Firewall firewall, EventQueue events, SimClock clock, Trace trace)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Master = master ?? throw new ArgumentNullException(nameof(master));
        _firewall = firewall ?? throw new ArgumentNullException(nameof(firewall));
        _events = events;
        _clock = clock;
        _trace = trace;
    }

    public string Name { get; }

    /// <summary>The bus master the GPU's accesses use (behind its page tables).</summary>
    public DeviceMaster Master { get; }

    /// <summary>The job IRQ line: called when a stream stops. Optional.</summary>
    public Action<GpuInterrupt>? InterruptHandler { get; set; }

    /// <summary>True while a stream runs (or the GPU switches mode for one).</summary>
    public bool IsBusy => _inFlight is not null;

    /// <summary>GPU_STATUS.PROTM_ACTIVE.</summary>
    public bool InProtectedMode { get; private set; }

    /// <summary>True after a protected-mode entry that can never complete (firmware protected sections not in protected memory).</summary>
    public bool IsHung { get; private set; }

    /// <summary>The firmware was loaded with its protected sections (where <see cref="FirmwareProtectedSections"/> say).</summary>
    public bool FirmwareHasProtectedSections => _firmwareProtected.Count > 0;

    /// <summary>Where the firmware's protected sections were loaded (physical pages), empty when it runs without them.</summary>
    public IReadOnlyList<PhysRange> FirmwareProtectedSections => _firmwareProtected;

    /// <summary>Streams run (normal-mode runs and protected entries) since power-on.</summary>
    public long Runs { get; private set; }

    /// <summary>Protected-mode entries completed.</summary>
    public long ProtmEntries { get; private set; }

    /// <summary>Protected-mode exits.</summary>
    public long ProtmExits { get; private set; }

    /// <summary>Resets since power-on.</summary>
    public long Resets { get; private set; }

    /// <summary>
    /// Loads the firmware: its protected sections at <paramref name="protectedSections"/> (empty: the firmware
    /// boots without them, as mainline panthor loads it). The GPU takes <see cref="FirmwareBootNs"/> to boot
    /// before it runs a stream. Loading over a running stream is a driver bug and throws.
    /// </summary>
    public void LoadFirmware(IReadOnlyList<PhysRange> protectedSections)
    {
        ArgumentNullException.ThrowIfNull(protectedSections);
        if (IsBusy)
        {
            throw new InvalidOperationException($"GPU '{Name}': firmware loaded while a stream runs");
        }

        _firmwareProtected = [.. protectedSections];
        _bootedAt = _clock.Now + FirmwareBootNs;
        Note("gpu firmware load", (ulong)_firmwareProtected.Count);
    }

    /// <summary>Simulated nanoseconds until the firmware has booted (0 once it has).</summary>
    public ulong BootDelay => _bootedAt > _clock.Now ? _bootedAt - _clock.Now : 0;

    /// <summary>Runs <paramref name="context"/> in normal mode from its instruction pointer. Starting a busy or hung GPU is a driver bug and throws.</summary>
    public void Run(CsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        EnsureIdle();
        Runs++;
        var cost = new Cost();
        var (status, count, fault, kind) = Execute(context, false, ref cost);
        Finish(new GpuInterrupt(0, status, count, fault, kind), BootDelay + JobStartNs + cost.Ticks);
    }

    /// <summary>
    /// GLB_PROTM_ENTER for <paramref name="context"/>, stopped at a PROT_REGION: after <see cref="ProtmEnterNs"/>
    /// the region runs in protected mode, then the GPU exits and finishes the stream in normal mode.
    /// Without its protected sections in protected memory the firmware never acknowledges: <see cref="IsHung"/>,
    /// no interrupt. Entering for a stream not at a PROT_REGION is a driver bug and throws.
    /// </summary>
    public void EnterProtectedMode(CsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        EnsureIdle();
        if (context.ProtectedLeft == 0)
        {
            throw new InvalidOperationException($"GPU '{Name}': protected mode entered for a stream not stopped at a PROT_REGION");
        }

        if (_firmwareProtected.Count == 0 || _firmwareProtected.Any(r => !IsProtected(r)))
        {
            IsHung = true;
            Note("gpu protm enter: firmware protected sections not in protected memory, no ack");
            return;
        }

        Runs++;
        InProtectedMode = true;
        ProtmEntries++;
        Note("gpu protm enter");
        var cost = new Cost();
        var (status, count, fault, kind) = Execute(context, true, ref cost);
        var total = BootDelay + ProtmEnterNs + cost.Ticks;
        if (status == GpuJobStatus.ProtmFault)
        {
            Finish(new GpuInterrupt(0, status, count, fault, kind), total);
            return;
        }

        InProtectedMode = false;
        ProtmExits++;
        var rest = new Cost();
        var (status2, count2, fault2, kind2) = Execute(context, false, ref rest);
        Finish(new GpuInterrupt(0, status2, count + count2, fault2, kind2), total + ProtmExitNs + rest.Ticks);
    }

    /// <summary>A GPU soft reset: the stream in flight is dropped without an interrupt, protected mode and a hang end.</summary>
    public void Reset()
    {
        _inFlight?.Cancel();
        _inFlight = null;
        InProtectedMode = false;
        IsHung = false;
        Resets++;
        _clock.Advance(ResetNs);
        Note("gpu reset");
    }

    public override string ToString() => Name;

    /// <summary>Whether the firewall refuses this master's non-secure writes to all of <paramref name="range"/> and lets secure writes through.</summary>
    private bool IsProtected(PhysRange range) =>
        !_firewall.Allows(Master.Master.Id, SecurityState.NonSecure, range, AccessDirection.Write)
        && _firewall.Allows(Master.Master.Id, SecurityState.Secure, range, AccessDirection.Write);

    private void EnsureIdle()
    {
        if (IsBusy || IsHung)
        {
            throw new InvalidOperationException($"GPU '{Name}' is given a stream while {(IsHung ? "hung" : "one runs")} (one stream in flight)");
        }
    }

    private void Finish(GpuInterrupt interrupt, ulong delay)
    {
        _inFlight = _events.ScheduleAfter(delay, () =>
        {
            _inFlight = null;
            if (interrupt.Status == GpuJobStatus.ProtmFault)
            {
                // Model: the GPU stays in protected mode after a protected fault until the driver resets it.
                Note("gpu protm fault", interrupt.FaultAddress?.Value ?? 0);
            }

            InterruptHandler?.Invoke(interrupt with { Time = _clock.Now });
        }, name: Name + " job irq");
    }

    private void Note(string text, ulong value = 0)
    {
        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.Note, Name, value, Text: text));
        }
    }

    /// <summary>Runs instructions from the context's pc: the whole protected region when <paramref name="protectedMode"/>, else up to the end or a PROT_REGION.</summary>
    private (GpuJobStatus Status, int Count, DeviceAddr? Fault, DeviceAccessResult Kind) Execute(CsContext context, bool protectedMode, ref Cost cost)
    {
        var state = protectedMode ? SecurityState.Secure : SecurityState.NonSecure;
        var faultStatus = protectedMode ? GpuJobStatus.ProtmFault : GpuJobStatus.Fault;
        Span<byte> word = stackalloc byte[8];
        var count = 0;
        while (protectedMode ? context.ProtectedLeft > 0 : context.Pc < context.InstructionCount)
        {
            if (context.Pc >= context.InstructionCount)
            {
                return (protectedMode ? GpuJobStatus.ProtmFault : GpuJobStatus.InvalidInstruction, count, null, DeviceAccessResult.Ok);
            }

            var at = context.Stream + ((ulong)context.Pc * 8);
            if (!Master.TryRead(at, word, state, out var fetch))
            {
                return (faultStatus, count, at, fetch);
            }

            cost.Bytes += 8;
            var insn = BinaryPrimitives.ReadUInt64LittleEndian(word);
            var opcode = (CsOpcode)(insn >> 56);
            var a = (int)((insn >> 48) & 0xff);
            var b = (int)((insn >> 40) & 0xff);
            var imm32 = (uint)insn;
            if (a >= CsContext.RegisterCount || b >= CsContext.RegisterCount)
            {
                return (protectedMode ? GpuJobStatus.ProtmFault : GpuJobStatus.InvalidInstruction, count, null, DeviceAccessResult.Ok);
            }

            if (opcode == CsOpcode.ProtRegion)
            {
                if (protectedMode || imm32 == 0 || context.Pc + 1 + imm32 > context.InstructionCount)
                {
                    return (protectedMode ? GpuJobStatus.ProtmFault : GpuJobStatus.InvalidInstruction, count, null, DeviceAccessResult.Ok);
                }

                context.Pc++;
                context.ProtectedLeft = imm32;
                return (GpuJobStatus.ProtmPending, count, null, DeviceAccessResult.Ok);
            }

            var r = context.Registers;
            var (ok, faultAt, kind) = opcode switch
            {
                CsOpcode.Nop => (true, default, DeviceAccessResult.Ok),
                CsOpcode.Mov48 => Set(r, a, insn & 0xFFFF_FFFF_FFFFUL),
                CsOpcode.Load64 => Load(r, a, new DeviceAddr(r[b]), state, ref cost),
                CsOpcode.Store64 => Store(new DeviceAddr(r[a]), r[b], protectedMode, ref cost),
                CsOpcode.Copy => Copy(new DeviceAddr(r[a]), new DeviceAddr(r[b]), imm32, protectedMode, ref cost),
                CsOpcode.Fill => Fill(new DeviceAddr(r[a]), (byte)r[b], imm32, protectedMode, ref cost),
                CsOpcode.Wait => Wait(imm32, ref cost),
                _ => (false, default(DeviceAddr), DeviceAccessResult.Ok),
            };
            if (!ok)
            {
                var invalid = !Enum.IsDefined(opcode);
                return (invalid && !protectedMode ? GpuJobStatus.InvalidInstruction : faultStatus, count, invalid ? null : faultAt, kind);
            }

            context.Pc++;
            if (protectedMode)
            {
                context.ProtectedLeft--;
            }

            count++;
        }

        return (GpuJobStatus.Done, count, null, DeviceAccessResult.Ok);
    }

    private static (bool, DeviceAddr, DeviceAccessResult) Set(ulong[] r, int d, ulong value)
    {
        r[d] = value;
        return (true, default, DeviceAccessResult.Ok);
    }

    private static (bool, DeviceAddr, DeviceAccessResult) Wait(uint microseconds, ref Cost cost)
    {
        cost.WaitNs += microseconds * 1_000UL;
        return (true, default, DeviceAccessResult.Ok);
    }

    private (bool, DeviceAddr, DeviceAccessResult) Load(ulong[] r, int d, DeviceAddr from, SecurityState state, ref Cost cost)
    {
        Span<byte> value = stackalloc byte[8];
        if (!Master.TryRead(from, value, state, out var kind))
        {
            return (false, from, kind);
        }

        cost.Bytes += 8;
        r[d] = BinaryPrimitives.ReadUInt64LittleEndian(value);
        return (true, default, DeviceAccessResult.Ok);
    }

    private (bool, DeviceAddr, DeviceAccessResult) Store(DeviceAddr to, ulong value, bool protectedMode, ref Cost cost)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return Write(to, bytes, protectedMode, ref cost);
    }

    private (bool, DeviceAddr, DeviceAccessResult) Copy(DeviceAddr dst, DeviceAddr src, uint length, bool protectedMode, ref Cost cost)
    {
        var state = protectedMode ? SecurityState.Secure : SecurityState.NonSecure;
        for (var done = 0UL; done < length;)
        {
            var n = (int)Math.Min((ulong)ChunkBytes, length - done);
            if (!Master.TryRead(src + done, _buffer.AsSpan(0, n), state, out var kind))
            {
                return (false, src + done, kind);
            }

            cost.Bytes += (ulong)n;
            var written = Write(dst + done, _buffer.AsSpan(0, n), protectedMode, ref cost);
            if (!written.Item1)
            {
                return written;
            }

            done += (ulong)n;
        }

        return (true, default, DeviceAccessResult.Ok);
    }

    private (bool, DeviceAddr, DeviceAccessResult) Fill(DeviceAddr dst, byte value, uint length, bool protectedMode, ref Cost cost)
    {
        _buffer.AsSpan().Fill(value);
        for (var done = 0UL; done < length;)
        {
            var n = (int)Math.Min((ulong)ChunkBytes, length - done);
            var written = Write(dst + done, _buffer.AsSpan(0, n), protectedMode, ref cost);
            if (!written.Item1)
            {
                return written;
            }

            done += (ulong)n;
        }

        return (true, default, DeviceAccessResult.Ok);
    }

    /// <summary>A write: non-secure in normal mode; in protected mode secure, and refused unless each page is protected.</summary>
    private (bool, DeviceAddr, DeviceAccessResult) Write(DeviceAddr to, ReadOnlySpan<byte> data, bool protectedMode, ref Cost cost)
    {
        if (protectedMode)
        {
            var iova = to;
            var left = data.Length;
            while (left > 0)
            {
                var n = (int)Math.Min((ulong)left, HwConstants.PageSize - iova.PageOffset);
                var phys = new PhysAddr(iova.Value);
                if (Master.Iommu is { } mmu && !mmu.TryTranslate(iova, AccessDirection.Write, out phys, Master.IommuBank, Master.Name))
                {
                    // The refused translation is raised (and logged) by the write below.
                    break;
                }

                if (!IsProtected(new PhysRange(phys, (ulong)n)))
                {
                    return (false, iova, DeviceAccessResult.Ok);
                }

                iova += (ulong)n;
                left -= n;
            }
        }

        if (!Master.TryWrite(to, data, protectedMode ? SecurityState.Secure : SecurityState.NonSecure, out var kind))
        {
            return (false, to, kind);
        }

        cost.Bytes += (ulong)data.Length;
        return (true, default, DeviceAccessResult.Ok);
    }

    /// <summary>What a run costs: bytes moved and waits.</summary>
    private struct Cost
    {
        public ulong Bytes;
        public ulong WaitNs;

        public readonly ulong Ticks => CostModel.ToTicks(Bytes / BytesPerNs) + WaitNs;
    }
}
