using System.Buffers.Binary;
using Protmem.Hardware;
using Protmem.Hardware.Smc;
using Protmem.SecureWorld;

namespace Protmem.SecureWorld.Tests;

/// <summary>One optee_msg_param as a normal-world driver writes it.</summary>
internal sealed record MsgParam(ulong Attr, ulong A = 0, ulong B = 0, ulong C = 0);

/// <summary>struct optee_msg_arg as a normal-world driver writes and reads it (encoded here independently of the firmware).</summary>
internal sealed class Msg
{
    public uint Cmd { get; set; }

    public uint Func { get; set; }

    public uint Session { get; set; }

    public uint Ret { get; set; }

    public uint RetOrigin { get; set; }

    public MsgParam[] Params { get; set; } = [];

    public byte[] Encode()
    {
        var bytes = new byte[32 + (32 * Params.Length)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, Cmd);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), Func);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), Session);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), Ret);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), RetOrigin);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), (uint)Params.Length);
        for (var i = 0; i < Params.Length; i++)
        {
            var p = bytes.AsSpan(32 + (32 * i));
            BinaryPrimitives.WriteUInt64LittleEndian(p, Params[i].Attr);
            BinaryPrimitives.WriteUInt64LittleEndian(p[8..], Params[i].A);
            BinaryPrimitives.WriteUInt64LittleEndian(p[16..], Params[i].B);
            BinaryPrimitives.WriteUInt64LittleEndian(p[24..], Params[i].C);
        }

        return bytes;
    }

    public static Msg Decode(ReadOnlySpan<byte> bytes)
    {
        var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes[28..]);
        var msg = new Msg
        {
            Cmd = BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            Func = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
            Session = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
            Ret = BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]),
            RetOrigin = BinaryPrimitives.ReadUInt32LittleEndian(bytes[24..]),
            Params = new MsgParam[count],
        };
        for (var i = 0; i < count; i++)
        {
            var p = bytes[(32 + (32 * i))..];
            msg.Params[i] = new MsgParam(
                BinaryPrimitives.ReadUInt64LittleEndian(p),
                BinaryPrimitives.ReadUInt64LittleEndian(p[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(p[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(p[24..]));
        }

        return msg;
    }
}

/// <summary>
/// A small SoC (256 MiB of DRAM at 1 GiB, TZDRAM in its top 16 MiB, three device masters) with the
/// firmware installed, and the normal-world side of a driver: registers, messages in a DRAM page.
/// </summary>
internal sealed class TestBoard
{
    public const ulong DramBase = 0x4000_0000;
    public const ulong DramSize = 256UL << 20;
    public const ulong ArgPage = 0x4100_0000;
    public const ulong BufferBase = 0x4200_0000;
    public const ulong LendBase = 0x4400_0000;
    public const ulong MiB = 1UL << 20;
    public const uint VideoPlay = 1;
    public const uint TrustedUi = 2;

    public static readonly PhysRange SecureDram = new(new PhysAddr(DramBase + DramSize - (16 * MiB)), 16 * MiB);

    private TestBoard(SocDescription description, Func<SecureWorldConfig, SecureWorldConfig> configure)
    {
        Soc = new Soc(description);
        Monitor = new SecureMonitor(Soc.Clock, Soc.Costs, Soc.Trace);
        Firmware = SecureFirmware.Install(Soc, Monitor, Soc.TakeSecureFirmwareCapability(), configure(new SecureWorldConfig { SecureDram = SecureDram }));
    }

    public Soc Soc { get; }

    public SecureMonitor Monitor { get; }

    public SecureFirmware Firmware { get; }

    public static SocDescription Description(int firewallRegions = 8) => new()
    {
        Name = "test-soc",
        DramBanks = [new DramBankDescription(DramBase, DramSize)],
        FirewallRegionCount = firewallRegions,
        Masters = [new BusMasterDescription(3, "vdec"), new BusMasterDescription(4, "display"), new BusMasterDescription(5, "gpu")],
    };

    /// <summary>Static SDP carveout: the last 4 MiB of TZDRAM, reachable by vdec.</summary>
    public static TestBoard Static() => new(Description(), c => SecureWorldConfig.QemuStatic(c.SecureDram, [new ProtectedMemoryEndpoint("vdec")]));

    /// <summary>Dynamic protected memory: video play (vdec RW, display RO) and trusted UI (display RW).</summary>
    public static TestBoard Dynamic(SecureWorldAbi abi = SecureWorldAbi.Smc, int firewallRegions = 8) => new(Description(firewallRegions), c => c with
    {
        Abi = abi,
        UseCases =
        [
            new ProtectedMemoryUseCase(VideoPlay, [new ProtectedMemoryEndpoint("vdec"), new ProtectedMemoryEndpoint("display", Write: false)]),
            new ProtectedMemoryUseCase(TrustedUi, [new ProtectedMemoryEndpoint("display")], MinSize: 2 * MiB, Alignment: 2 * MiB),
        ],
    });

    /// <summary>The touchscreen panel of <see cref="WithTrustedUi"/>.</summary>
    public const int PanelWidth = 192;

    public const int PanelHeight = 128;

    /// <summary>
    /// Dynamic protected memory with a trusted UI: video play as <see cref="Dynamic"/>; trusted UI reachable by
    /// the display and the secure-only touchscreen ("touch", a 192 × 128 panel), which the trusted-UI TA drives.
    /// </summary>
    public static TestBoard WithTrustedUi() => new(
        Description() with
        {
            Masters = [.. Description().Masters, new BusMasterDescription(6, "touch")],
            TouchControllers = [new TouchControllerDescription("touch", PanelWidth, PanelHeight)],
        },
        c => c with
        {
            UseCases =
            [
                new ProtectedMemoryUseCase(VideoPlay, [new ProtectedMemoryEndpoint("vdec")]),
                new ProtectedMemoryUseCase(TrustedUi, [new ProtectedMemoryEndpoint("display"), new ProtectedMemoryEndpoint("touch")], MinSize: 2 * MiB, Alignment: 2 * MiB),
            ],
            TrustedApplications = [TrustedApplicationIds.SdpBasic, TrustedApplicationIds.TrustedUi],
            TrustedUiTouchscreen = "touch",
        });

    /// <summary>The MediaTek-style secmem TA over a 4 MiB carveout below TZDRAM, reachable by vdec.</summary>
    public static TestBoard Secmem() => new(Description(), c => c with
    {
        Secmem = new SecmemCarveout(new PhysRange(SecureDram.Start - (4 * MiB), 4 * MiB), [new ProtectedMemoryEndpoint("vdec")]),
        TrustedApplications = [TrustedApplicationIds.SdpBasic, TrustedApplicationIds.MtkSecmem],
    });

    /// <summary>A board of <paramref name="description"/> whose firmware configuration <paramref name="configure"/> builds from TZDRAM.</summary>
    public static TestBoard Create(SocDescription description, Func<SecureWorldConfig, SecureWorldConfig> configure) => new(description, configure);

    public SmcRegisters Smc(ulong a0, ulong a1 = 0, ulong a2 = 0, ulong a3 = 0, ulong a4 = 0, ulong a5 = 0, ulong a6 = 0, ulong a7 = 0)
    {
        var r = new SmcRegisters(a0, a1, a2, a3, a4, a5, a6, a7);
        Monitor.Call(ref r);
        return r;
    }

    /// <summary>Writes as the normal-world CPU; false when the firewall denies.</summary>
    public bool TryWriteNs(ulong pa, ReadOnlySpan<byte> bytes) => Soc.Bus.TryWrite(Soc.Cpu.Master, SecurityState.NonSecure, new PhysAddr(pa), bytes);

    public bool TryReadNs(ulong pa, Span<byte> into) => Soc.Bus.TryRead(Soc.Cpu.Master, SecurityState.NonSecure, new PhysAddr(pa), into);

    public void WriteNs(ulong pa, ReadOnlySpan<byte> bytes) => Assert.True(TryWriteNs(pa, bytes), $"normal-world write at {pa:x} denied");

    public byte[] ReadNs(ulong pa, int length)
    {
        var bytes = new byte[length];
        Assert.True(TryReadNs(pa, bytes), $"normal-world read at {pa:x} denied");
        return bytes;
    }

    /// <summary>Writes <paramref name="msg"/> at <paramref name="argPa"/>, issues OPTEE_SMC_CALL_WITH_ARG and reads the answer back.</summary>
    public Msg Call(Msg msg, ulong argPa = ArgPage)
    {
        WriteNs(argPa, msg.Encode());
        var r = Smc(0x3200_0004, argPa >> 32, argPa & 0xFFFF_FFFF);
        Assert.Equal(0UL, r.A0);
        return Msg.Decode(ReadNs(argPa, 32 + (32 * msg.Params.Length)));
    }

    public static MsgParam[] UuidParams(TeeUuid uuid, uint login = 0)
    {
        var octets = uuid.ToOctets();
        return
        [
            new MsgParam(0x101, BinaryPrimitives.ReadUInt64LittleEndian(octets), BinaryPrimitives.ReadUInt64LittleEndian(octets.AsSpan(8))),
            new MsgParam(0x101, 0, 0, login),
        ];
    }

    /// <summary>OPEN_SESSION to <paramref name="uuid"/> over SMC; returns the answered message.</summary>
    /// <summary>OPEN_SESSION with <paramref name="login"/> (TEE_LOGIN_*; public by default).</summary>
    public Msg OpenSession(TeeUuid uuid, uint login = 0) => Call(new Msg { Cmd = 0, Params = UuidParams(uuid, login) });

    public uint OpenSessionOk(TeeUuid uuid, uint login = 0)
    {
        var answer = OpenSession(uuid, login);
        Assert.Equal(0u, answer.Ret);
        return answer.Session;
    }

    public Msg Invoke(uint session, uint command, params MsgParam[] ps) => Call(new Msg { Cmd = 1, Func = command, Session = session, Params = ps });

    /// <summary>LEND_PROTMEM over SMC: the TEE result.</summary>
    public uint Lend(uint useCase, ulong pa, ulong size, ulong cookie) =>
        Call(new Msg { Cmd = 8, Params = [new MsgParam(0x1, useCase), new MsgParam(0x9, pa, size, cookie)] }).Ret;

    /// <summary>RECLAIM_PROTMEM over SMC: the TEE result.</summary>
    public uint Reclaim(ulong cookie) => Call(new Msg { Cmd = 9, Params = [new MsgParam(0x5, 0, 0, cookie)] }).Ret;
}
