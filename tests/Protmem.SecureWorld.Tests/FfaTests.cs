using System.Buffers.Binary;
using Protmem.Hardware;
using Protmem.Hardware.Smc;

namespace Protmem.SecureWorld.Tests;

public sealed class FfaTests : FirmwareTest
{
    private const ulong MiB = TestBoard.MiB;
    private const ulong Tx = 0x4300_0000;
    private const ulong Rx = 0x4300_1000;
    private const ulong ArgShm = 0x4300_4000;
    private const ulong Lend = TestBoard.LendBase;
    private const uint DirectReq = 0x8400_006F;
    private const ushort Optee = 0x8001;

    /// <summary>The FF-A v1.1 descriptor Linux's arm_ffa driver writes: header, endpoints, one composite with constituents.</summary>
    private static byte[] Descriptor(ulong tag, ushort[] receivers, params (ulong Pa, uint Pages)[] constituents)
    {
        var composite = 48 + (16 * receivers.Length);
        var bytes = new byte[composite + 16 + (16 * constituents.Length)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), tag);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), 16);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28), (uint)receivers.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(32), 48);
        for (var i = 0; i < receivers.Length; i++)
        {
            var ep = bytes.AsSpan(48 + (16 * i));
            BinaryPrimitives.WriteUInt16LittleEndian(ep, receivers[i]);
            ep[2] = 2;
            BinaryPrimitives.WriteUInt32LittleEndian(ep[4..], (uint)composite);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(composite), (uint)constituents.Sum(c => c.Pages));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(composite + 4), (uint)constituents.Length);
        for (var i = 0; i < constituents.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(composite + 16 + (16 * i)), constituents[i].Pa);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(composite + 24 + (16 * i)), constituents[i].Pages);
        }

        return bytes;
    }

    private static TestBoard Mapped(TestBoard board)
    {
        Assert.Equal(0x8400_0061UL, board.Smc(0x8400_0066, Tx, Rx, 1).A0);
        return board;
    }

    private static SmcRegisters MemOp(TestBoard board, uint function, byte[] descriptor)
    {
        board.WriteNs(Tx, descriptor);
        return board.Smc(function, (ulong)descriptor.Length, (ulong)descriptor.Length);
    }

    private static ulong LendOk(TestBoard board, ulong pa, ulong size, ulong tag = TestBoard.VideoPlay)
    {
        var r = MemOp(board, 0xC400_0072, Descriptor(tag, [Optee, 3, 4], (pa, (uint)(size / 4096))));
        Assert.Equal(0x8400_0061UL, r.A0);
        return r.A2 | (r.A3 << 32);
    }

    private static SmcRegisters Direct(TestBoard board, uint command, ulong w4 = 0, ulong w5 = 0, ulong w6 = 0) =>
        board.Smc(DirectReq, Optee, 0, command, w4, w5, w6);

    /// <summary>Shares the arg page, writes <paramref name="msg"/> into it and runs the yielding call.</summary>
    private static Msg YieldingCall(TestBoard board, ulong argHandle, Msg msg)
    {
        board.WriteNs(ArgShm + 64, msg.Encode());
        var r = Direct(board, 0x8000_0000, argHandle & 0xFFFF_FFFF, argHandle >> 32, 64);
        Assert.Equal((0x8400_0070UL, 0UL, 0UL), (r.A0, r.A3, r.A4));
        return Msg.Decode(board.ReadNs(ArgShm + 64, 32 + (32 * msg.Params.Length)));
    }

    private static ulong ShareArgPage(TestBoard board)
    {
        var r = MemOp(board, 0x8400_0073, Descriptor(0, [Optee], (ArgShm, 1)));
        Assert.Equal(0x8400_0061UL, r.A0);
        return r.A2 | (r.A3 << 32);
    }

    private static uint Assign(TestBoard board, ulong argHandle, ulong handle, ulong useCase) =>
        YieldingCall(board, argHandle, new Msg { Cmd = 11, Params = [new MsgParam(0x1, handle, useCase)] }).Ret;

    [Fact]
    public void Probe_VersionIdAndCapabilities_MatchOpteeOverFfa()
    {
        var board = Use(TestBoard.Dynamic(SecureWorldAbi.Ffa));
        Assert.Equal(0x0001_0001UL, board.Smc(0x8400_0063, 0x0001_0001).A0);
        Assert.Equal((0x8400_0061UL, 0UL), (board.Smc(0x8400_0069).A0, board.Smc(0x8400_0069).A2));
        var api = Direct(board, 0);
        Assert.Equal((0x8400_0070UL, ((ulong)Optee << 16) | 0, 1UL, 0UL), (api.A0, api.A1, api.A3, api.A4));
        var caps = Direct(board, 2);
        Assert.Equal(0UL, caps.A3);
        Assert.NotEqual(0UL, caps.A5 & (1UL << 3));
        Assert.Equal(0xFFFF_FFFFUL, board.Smc(0xB200_0009).A0);
    }

    [Fact]
    public void MemLend_WithoutRxTxBuffers_IsDenied()
    {
        var board = Use(TestBoard.Dynamic(SecureWorldAbi.Ffa));
        var r = MemOp(board, 0xC400_0072, Descriptor(1, [Optee], (Lend, 256)));
        Assert.Equal((0x8400_0060UL, unchecked((ulong)(uint)-6)), (r.A0, r.A2));
    }

    [Fact]
    public void LendAssignReleaseReclaim_FullCycle_ProtectsThenScrubsAndReturnsTheMemory()
    {
        var board = Use(Mapped(TestBoard.Dynamic(SecureWorldAbi.Ffa)));
        var args = ShareArgPage(board);
        board.WriteNs(Lend, Enumerable.Repeat((byte)0x11, 4096).ToArray());
        var handle = LendOk(board, Lend, MiB);
        Assert.Equal(TeeResult.SUCCESS, Assign(board, args, handle, TestBoard.VideoPlay));

        Assert.False(board.TryReadNs(Lend, new byte[4]));
        Assert.True(board.Soc.Device("vdec").TryWrite(new DeviceAddr(Lend + 8), new byte[] { 9, 9 }));
        Assert.False(board.Soc.Device("gpu").TryRead(new DeviceAddr(Lend), new byte[4]));
        Assert.Equal(TeeResult.BUSY, Assign(board, args, handle, TestBoard.VideoPlay));
        Assert.Equal(unchecked((ulong)(uint)-6), board.Smc(0x8400_0077, handle & 0xFFFF_FFFF, handle >> 32).A2);

        Assert.Equal(0UL, Direct(board, 8, handle & 0xFFFF_FFFF, handle >> 32).A3);
        Assert.Equal(0x8400_0061UL, board.Smc(0x8400_0077, handle & 0xFFFF_FFFF, handle >> 32).A0);
        Assert.All(board.ReadNs(Lend, 4096), b => Assert.Equal(0, b));
        Assert.Empty(board.Firmware.ProtectedRegions);
    }

    [Fact]
    public void Assign_UseCaseDifferentFromTag_AnswersBadParameters()
    {
        var board = Use(Mapped(TestBoard.Dynamic(SecureWorldAbi.Ffa)));
        var args = ShareArgPage(board);
        var handle = LendOk(board, Lend, MiB);
        Assert.Equal(TeeResult.BAD_PARAMETERS, Assign(board, args, handle, TestBoard.TrustedUi));
        Assert.Equal(TeeResult.ITEM_NOT_FOUND, Assign(board, args, handle + 1000, TestBoard.VideoPlay));
        Assert.Equal(TeeResult.ITEM_NOT_FOUND, Assign(board, args, args, TestBoard.VideoPlay));
        Assert.True(board.TryReadNs(Lend, new byte[4]));
    }

    [Fact]
    public void Assign_UseCaseZero_AnswersBadParameters()
    {
        var board = Use(Mapped(TestBoard.Dynamic(SecureWorldAbi.Ffa)));
        var args = ShareArgPage(board);
        var handle = LendOk(board, Lend, MiB, tag: 0);
        Assert.Equal(TeeResult.BAD_PARAMETERS, Assign(board, args, handle, 0));
    }

    [Fact]
    public void MemLend_OverlappingSharedMemory_IsDenied()
    {
        var board = Use(Mapped(TestBoard.Dynamic(SecureWorldAbi.Ffa)));
        ShareArgPage(board);
        var r = MemOp(board, 0xC400_0072, Descriptor(1, [Optee], (ArgShm - 4096, 4)));
        Assert.Equal((0x8400_0060UL, unchecked((ulong)(uint)-6)), (r.A0, r.A2));
    }

    [Fact]
    public void MemLend_MalformedDescriptor_AnswersInvalidParameters()
    {
        var board = Use(Mapped(TestBoard.Dynamic(SecureWorldAbi.Ffa)));
        var good = Descriptor(1, [Optee], (Lend, 256));
        var badPages = (byte[])good.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(badPages.AsSpan(64), 7);
        var noOptee = Descriptor(1, [3], (Lend, 256));
        var unaligned = Descriptor(1, [Optee], (Lend + 12, 256));
        foreach (var bad in new[] { badPages, noOptee, unaligned, good[..40] })
        {
            var r = MemOp(board, 0xC400_0072, bad);
            Assert.Equal((0x8400_0060UL, unchecked((ulong)(uint)-2)), (r.A0, r.A2));
        }
    }

    [Fact]
    public void YieldingCall_SdpBasicOnAssignedRegion_RoundTripsThroughFmemParams()
    {
        var board = Use(Mapped(TestBoard.Dynamic(SecureWorldAbi.Ffa)));
        var args = ShareArgPage(board);
        var handle = LendOk(board, Lend, MiB);
        Assert.Equal(TeeResult.SUCCESS, Assign(board, args, handle, TestBoard.VideoPlay));
        var open = YieldingCall(board, args, new Msg { Cmd = 0, Params = TestBoard.UuidParams(TrustedApplicationIds.SdpBasic) });
        Assert.Equal(TeeResult.SUCCESS, open.Ret);

        var data = Enumerable.Range(0, 700).Select(i => (byte)i).ToArray();
        board.WriteNs(ArgShm + 1024, data);
        var fmemOffset = 4096UL;
        var inject = YieldingCall(board, args, new Msg { Cmd = 1, Func = 0, Session = open.Session, Params = [new MsgParam(0x5, 1024, 700, args), new MsgParam(0x6, fmemOffset, 700, handle)] });
        Assert.Equal(TeeResult.SUCCESS, inject.Ret);
        Assert.Equal(TeeResult.SUCCESS, YieldingCall(board, args, new Msg { Cmd = 1, Func = 1, Session = open.Session, Params = [new MsgParam(0x7, fmemOffset, 700, handle)] }).Ret);
        Assert.Equal(TeeResult.SUCCESS, YieldingCall(board, args, new Msg { Cmd = 1, Func = 2, Session = open.Session, Params = [new MsgParam(0x5, fmemOffset, 700, handle), new MsgParam(0x6, 2048, 700, args)] }).Ret);
        Assert.Equal(data.Select(b => unchecked((byte)(~b + 1))).ToArray(), board.ReadNs(ArgShm + 2048, 700));
    }

    [Fact]
    public void GetProtmemConfig_OverFfa_ListsOpteeEndpointFirst()
    {
        var board = Use(Mapped(TestBoard.Dynamic(SecureWorldAbi.Ffa)));
        var args = ShareArgPage(board);
        var query = YieldingCall(board, args, new Msg { Cmd = 10, Params = [new MsgParam(0x3, 1), new MsgParam(0x6, 0, 0, ulong.MaxValue)] });
        Assert.Equal((TeeResult.SHORT_BUFFER, 12UL), (query.Ret, query.Params[1].B));
        var answer = YieldingCall(board, args, new Msg { Cmd = 10, Params = [new MsgParam(0x3, 1), new MsgParam(0x6, 512, 12, args)] });
        Assert.Equal(TeeResult.SUCCESS, answer.Ret);
        Assert.Equal(Optee | (2u << 16), BinaryPrimitives.ReadUInt32LittleEndian(board.ReadNs(ArgShm + 512, 4)));
    }

    [Fact]
    public void DirectRequest_UnknownCommandOrWrongReceiver_ReportsInvalidParameters()
    {
        var board = Use(TestBoard.Dynamic(SecureWorldAbi.Ffa));
        Assert.Equal(unchecked((ulong)(uint)-2), Direct(board, 77).A3);
        Assert.Equal(0x8400_0060UL, board.Smc(DirectReq, 0x1234, 0, 0).A0);
        Assert.Equal(unchecked((ulong)(uint)-2), Direct(board, 8, 1, 2).A3);
    }
}
