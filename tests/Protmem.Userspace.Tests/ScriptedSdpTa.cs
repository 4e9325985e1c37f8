using Protmem.Uapi;
using Protmem.Uapi.Tee;
using Protmem.Userspace.Xtest;

namespace Protmem.Userspace.Tests;

/// <summary>
/// A script of the sdp_basic TA's answers on a <see cref="ScriptedTee"/>: INJECT, TRANSFORM and
/// DUMP (directly, TA-to-TA and through the pseudo-TA) over a byte array standing for each
/// registered buffer; the pseudo-TA refuses a non-secure client's SDP memref. It drives the xtest
/// programs' flow without a kernel; the real answers come from the secure world.
/// </summary>
internal sealed class ScriptedSdpTa
{
    private readonly FakeProcess _process;
    private readonly ScriptedTee _tee;
    private readonly Dictionary<int, byte[]> _protected = [];
    private readonly Dictionary<uint, TeeUuid> _sessions = [];
    private uint _nextSession = 1;

    public ScriptedSdpTa(FakeProcess process, ScriptedTee tee)
    {
        _process = process;
        _tee = tee;
        tee.OnCall = Answer;
    }

    public int Invocations { get; private set; }

    private (int, uint, uint, uint) Answer(uint request, byte[] header, TeeIoctlParam[] ps)
    {
        if (request == TeeIoctl.TEE_IOC_OPEN_SESSION)
        {
            _sessions[_nextSession] = TeeIoctlOpenSessionArg.Read(header).Uuid;
            return (0, TeecResult.TEEC_SUCCESS, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP, _nextSession++);
        }

        Invocations++;
        var invoke = TeeIoctlInvokeArg.Read(header);
        if (ps.Any(p => p.Type is >= 5 and <= 7 && !InBounds(p)))
        {
            return (-Errno.EINVAL, 0, 0, 0);
        }

        var pta = _sessions[invoke.Session] == SdpTrustedApps.InvokeTestsPta;
        if (pta && ps.Any(p => IsProtected(p)))
        {
            return (0, TeecResult.TEEC_ERROR_BAD_PARAMETERS, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP, 0);
        }

        var command = pta ? invoke.Func - SdpTrustedApps.PTA_INVOKE_TESTS_CMD_COPY_NSEC_TO_SEC : invoke.Func % 3;
        switch (command)
        {
            case 0 or 2:
                if (ps[1].B < ps[0].B)
                {
                    return (0, TeecResult.TEEC_ERROR_SHORT_BUFFER, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP, 0);
                }

                Write(ps[1], Read(ps[0]));
                break;
            case 1:
                Write(ps[0], [.. Read(ps[0]).Select(SdpTrustedApps.Transformed)]);
                break;
            default:
                return (0, TeecResult.TEEC_ERROR_BAD_PARAMETERS, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP, 0);
        }

        return (0, TeecResult.TEEC_SUCCESS, TeecOrigin.TEEC_ORIGIN_TRUSTED_APP, 0);
    }

    private bool IsProtected(TeeIoctlParam p) => p.Type is >= 5 and <= 7 && _tee.RegisteredIds.Contains((int)p.C);

    private bool InBounds(TeeIoctlParam p)
    {
        var size = IsProtected(p) ? (ulong)_tee.RegisterAnswer : ulong.MaxValue;
        return p.A + p.B >= p.A && p.A + p.B <= size;
    }

    private byte[] Read(TeeIoctlParam p)
    {
        if (IsProtected(p))
        {
            return Buffer(p).AsSpan((int)p.A, (int)p.B).ToArray();
        }

        var bytes = new byte[p.B];
        Assert.Equal(0, _process.ReadMemory(_tee.ShmAddresses[(int)p.C] + p.A, bytes));
        return bytes;
    }

    private void Write(TeeIoctlParam p, byte[] bytes)
    {
        if (IsProtected(p))
        {
            bytes.CopyTo(Buffer(p), (int)p.A);
            return;
        }

        Assert.Equal(0, _process.WriteMemory(_tee.ShmAddresses[(int)p.C] + p.A, bytes));
    }

    private byte[] Buffer(TeeIoctlParam p)
    {
        if (!_protected.TryGetValue((int)p.C, out var bytes))
        {
            bytes = new byte[_tee.RegisterAnswer];
            _protected[(int)p.C] = bytes;
        }

        return bytes;
    }
}
