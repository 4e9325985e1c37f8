using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Protmem.Platform.Exec;

/// <summary>
/// One end of a SOCK_SEQPACKET Unix socket speaking <see cref="ExecProtocol"/>: whole messages, each with
/// at most <see cref="ExecProtocol.MaxBanks"/> fds attached. Not thread-safe; the server uses it from one thread.
/// With the program's doorbell attached (<see cref="AttachBell"/>), each side counts the messages it sent
/// there and says on which CPU it runs, and a receive spins on the program's count before it sleeps in
/// recvmsg, unless the program runs on this thread's CPU (struct pm_bell). While the server spins for the
/// program's next request (<see cref="AwaitRequest"/>) it listens on the page's fast path too: a small request
/// and its reply then travel in the page's slots without a syscall (struct pm_fast).
/// </summary>
internal sealed unsafe class ExecChannel : IDisposable
{
    private readonly byte[] _packet = new byte[ExecProtocol.MaxPacket];
    private byte* _bell;
    private uint _received;
    private uint _sent;
    private bool _fastRequest;
    private uint _sentAtFastRequest;

    public ExecChannel(int fd) => Fd = fd;

    public int Fd { get; private set; }

    /// <summary>False once the peer hung up or a transfer failed.</summary>
    public bool IsOpen => Fd >= 0;

    /// <summary>The payload of the last message received.</summary>
    public ReadOnlySpan<byte> Payload => _packet.AsSpan(ExecProtocol.HeaderSize, PayloadLength);

    public int PayloadLength { get; private set; }

    /// <summary>Whether <see cref="AwaitRequest"/> found a request in the fast path's slot (take it with <see cref="ReceiveFast"/>).</summary>
    public bool FastPending { get; private set; }

    /// <summary>Sends a message with <paramref name="payload"/> and <paramref name="fds"/> attached; false when the peer is gone.</summary>
    public bool Send(in ExecMessage message, ReadOnlySpan<byte> payload = default, ReadOnlySpan<int> fds = default)
    {
        if (Fd < 0 || payload.Length > ExecProtocol.MaxPacket - ExecProtocol.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[ExecProtocol.HeaderSize];
        message.WriteTo(header, payload.Length);
        var controlLength = fds.IsEmpty ? 0 : ControlSpace(fds.Length);
        var control = stackalloc byte[Math.Max(controlLength, 1)];
        fixed (byte* h = header)
        fixed (byte* p = payload)
        {
            var iov = stackalloc ExecNative.IoVec[2];
            iov[0] = new ExecNative.IoVec { Base = (nint)h, Length = (nuint)header.Length };
            iov[1] = new ExecNative.IoVec { Base = (nint)p, Length = (nuint)payload.Length };
            var msg = new ExecNative.MsgHdr { Iov = iov, IovLength = payload.IsEmpty ? 1u : 2u };
            if (!fds.IsEmpty)
            {
                new Span<byte>(control, controlLength).Clear();
                *(ulong*)control = (ulong)(16 + (4 * fds.Length));
                *(int*)(control + 8) = ExecNative.SolSocket;
                *(int*)(control + 12) = ExecNative.ScmRights;
                fds.CopyTo(new Span<int>(control + 16, fds.Length));
                msg.Control = control;
                msg.ControlLength = (nuint)controlLength;
            }

            nint sent;
            do
            {
                sent = ExecNative.SendMsg(Fd, &msg, ExecNative.MsgNosignal);
            }
            while (sent < 0 && Marshal.GetLastPInvokeError() == ExecNative.Eintr);
            if (sent != header.Length + payload.Length)
            {
                return false;
            }

            if (_bell is not null)
            {
                Volatile.Write(ref *(uint*)(_bell + ExecProtocol.BellToProgram), ++_sent);
            }

            return true;
        }
    }

    /// <summary>
    /// Maps the doorbell the program attached to its hello (<paramref name="fd"/>, a memfd; the caller closes
    /// it), in place of any earlier one (an exec'd image brings its own); both counts start again from the hello.
    /// A doorbell that cannot be mapped is none: receives then sleep at once.
    /// </summary>
    public void AttachBell(int fd)
    {
        DetachBell();
        var page = ExecNative.Mmap(0, ExecProtocol.BellSize, ExecNative.ProtRead | ExecNative.ProtWrite, ExecNative.MapShared, fd, 0);
        if (page == -1)
        {
            return;
        }

        _bell = (byte*)page;
        _received = 1;
        _sent = 0;
    }

    /// <summary>
    /// Spins up to <see cref="ExecProtocol.BellSpins"/> pauses for a message the program sent and this side has
    /// not received; false when none came (or there is no doorbell): the caller sleeps in poll or recvmsg.
    /// </summary>
    public bool AwaitMessage()
    {
        if (_bell is null || Volatile.Read(ref *(int*)(_bell + ExecProtocol.BellProgramCpu)) == ExecNative.SchedGetCpu())
        {
            return false;
        }

        ref var count = ref *(uint*)(_bell + ExecProtocol.BellToModel);
        for (var spin = 0; spin < ExecProtocol.BellSpins; spin++)
        {
            // Ahead (the program bumps its count after sendmsg returns, and may not have yet) announces nothing.
            if ((int)(Volatile.Read(ref count) - _received) > 0)
            {
                return true;
            }

            Relax();
        }

        return false;
    }

    /// <summary>
    /// Spins up to <see cref="ExecProtocol.BellSpins"/> pauses for the program's next request, listening on the fast
    /// path meanwhile: true when one came, in the request slot (<see cref="FastPending"/>) or on the socket; false when
    /// none came (or there is no doorbell, or the program runs on this CPU): the caller sleeps in poll.
    /// </summary>
    public bool AwaitRequest()
    {
        FastPending = false;
        if (_bell is null)
        {
            return false;
        }

        ref var state = ref *(int*)(_bell + ExecProtocol.FastState);
        if (Volatile.Read(ref *(int*)(_bell + ExecProtocol.BellProgramCpu)) == ExecNative.SchedGetCpu())
        {
            return StopListening(ref state);
        }

        Volatile.Write(ref *(int*)(_bell + ExecProtocol.BellModelCpu), ExecNative.SchedGetCpu());
        ref var count = ref *(uint*)(_bell + ExecProtocol.BellToModel);
        for (var spin = 0; spin < ExecProtocol.BellSpins; spin++)
        {
            // After a reply in the slot the program moves Replied -> Listening itself, once it has read it.
            var now = Volatile.Read(ref state);
            if (now == ExecProtocol.FastIdle)
            {
                now = Interlocked.CompareExchange(ref state, ExecProtocol.FastListening, ExecProtocol.FastIdle);
            }

            if (now is ExecProtocol.FastRequested or ExecProtocol.FastSocket)
            {
                FastPending = true;
                return true;
            }

            if ((int)(Volatile.Read(ref count) - _received) > 0)
            {
                StopListening(ref state);
                return true;
            }

            Relax();
        }

        return StopListening(ref state);
    }

    /// <summary>
    /// Stops listening on the fast path without spinning (the server turns to its other connections): true when a
    /// request reached the slot first (<see cref="FastPending"/>), which the caller still serves.
    /// </summary>
    public bool EndListening()
    {
        FastPending = false;
        return _bell is not null && StopListening(ref *(int*)(_bell + ExecProtocol.FastState));
    }

    /// <summary>Takes the request <see cref="AwaitRequest"/> found in the request slot, as <see cref="Receive(out ExecMessage, List{int})"/> would; false when it is malformed.</summary>
    public bool ReceiveFast(out ExecMessage message, List<int> fds)
    {
        fds.Clear();
        FastPending = false;
        var slot = new ReadOnlySpan<byte>(_bell + ExecProtocol.FastRequest, ExecProtocol.HeaderSize + ExecProtocol.FastPayload);
        message = ExecMessage.ReadFrom(slot);
        if (message.Length is < 0 or > ExecProtocol.FastPayload)
        {
            return false;
        }

        slot[..(ExecProtocol.HeaderSize + message.Length)].CopyTo(_packet);
        PayloadLength = message.Length;
        _fastRequest = true;
        _sentAtFastRequest = _sent;
        return true;
    }

    /// <summary>
    /// Answers the request received last: in the reply slot when it came in the request slot, the program still
    /// spins for it, nothing went on the socket while it was served (callbacks must reach the program first) and the
    /// reply fits with no fds; on the socket otherwise. False when the peer is gone. After a reply in the slot the
    /// caller listens again (<see cref="AwaitRequest"/>): the program hands the slots back as Listening.
    /// </summary>
    public bool SendReply(in ExecMessage reply, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds, out bool fast)
    {
        fast = false;
        if (_fastRequest)
        {
            _fastRequest = false;
            ref var state = ref *(int*)(_bell + ExecProtocol.FastState);
            if (_sent == _sentAtFastRequest && fds.IsEmpty && payload.Length <= ExecProtocol.FastPayload)
            {
                var slot = new Span<byte>(_bell + ExecProtocol.FastReply, ExecProtocol.HeaderSize + ExecProtocol.FastPayload);
                reply.WriteTo(slot, payload.Length);
                payload.CopyTo(slot[ExecProtocol.HeaderSize..]);
                if (Interlocked.CompareExchange(ref state, ExecProtocol.FastReplied, ExecProtocol.FastRequested) == ExecProtocol.FastRequested)
                {
                    fast = true;
                    return true;
                }
            }

            // The program sleeps in recvmsg (Socket), or will serve the socket when it sees the callbacks: answer there.
            Volatile.Write(ref state, ExecProtocol.FastIdle);
        }

        return Send(reply, payload, fds);
    }

    /// <summary>
    /// Receives one message (blocking, after spinning on the doorbell); fds that came with it land in
    /// <paramref name="fds"/> (the caller closes them). False on hang-up or a malformed packet.
    /// </summary>
    public bool Receive(out ExecMessage message, List<int> fds)
    {
        AwaitMessage();
        return Receive(out message, fds, 0, out _);
    }

    /// <summary>
    /// Receives the message the doorbell announced (<see cref="AwaitRequest"/> was true, not <see cref="FastPending"/>) without sleeping: false
    /// with <paramref name="none"/> set when the socket holds none after all (the counts disagreed: they are made
    /// to agree again, and the caller sleeps in poll), false alone on hang-up or a malformed packet.
    /// </summary>
    public bool ReceiveAnnounced(out ExecMessage message, List<int> fds, out bool none)
    {
        var received = Receive(out message, fds, ExecNative.MsgDontwait, out none);
        if (none && _bell is not null)
        {
            _received = Volatile.Read(ref *(uint*)(_bell + ExecProtocol.BellToModel));
        }

        return received;
    }

    private bool Receive(out ExecMessage message, List<int> fds, int flags, out bool wouldBlock)
    {
        message = default;
        wouldBlock = false;
        fds.Clear();
        if (Fd < 0)
        {
            return false;
        }

        const int controlLength = 16 + (4 * ExecProtocol.MaxBanks) + 8;
        var control = stackalloc byte[controlLength];
        nint received;
        fixed (byte* p = _packet)
        {
            var iov = new ExecNative.IoVec { Base = (nint)p, Length = (nuint)_packet.Length };
            var msg = new ExecNative.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = controlLength };
            int errno;
            do
            {
                received = ExecNative.RecvMsg(Fd, &msg, ExecNative.MsgCmsgCloexec | flags);
                errno = received < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
            while (errno == ExecNative.Eintr);
            wouldBlock = errno == ExecNative.Eagain;
            for (nuint at = 0; received >= 0 && at + 16 <= msg.ControlLength;)
            {
                var length = *(ulong*)(control + at);
                if (length < 16)
                {
                    break;
                }

                if (*(int*)(control + at + 8) == ExecNative.SolSocket && *(int*)(control + at + 12) == ExecNative.ScmRights)
                {
                    for (var i = 0; i < (int)(length - 16) / 4; i++)
                    {
                        fds.Add(*(int*)(control + at + 16 + (nuint)(4 * i)));
                    }
                }

                at += (nuint)((length + 7) & ~7UL);
            }
        }

        if (received >= 0 && _bell is not null)
        {
            _received++;
            Volatile.Write(ref *(int*)(_bell + ExecProtocol.BellModelCpu), ExecNative.SchedGetCpu());
        }

        if (received < ExecProtocol.HeaderSize)
        {
            return false;
        }

        message = ExecMessage.ReadFrom(_packet);
        PayloadLength = (int)received - ExecProtocol.HeaderSize;
        return message.Length == PayloadLength;
    }

    /// <summary>Closes the socket and unmaps the doorbell (idempotent).</summary>
    public void Dispose()
    {
        DetachBell();
        if (Fd >= 0)
        {
            ExecNative.Close(Fd);
            Fd = -1;
        }
    }

    /// <summary>
    /// Stops listening on the fast path (Listening -> Idle; a reply the program has not read yet, Replied ->
    /// RepliedIdle, so that it does not listen in the server's place); true when a request reached the slot first
    /// (<see cref="FastPending"/>).
    /// </summary>
    private bool StopListening(ref int state)
    {
        // The program moves Replied -> Listening at most once per reply; a program that keeps rewriting the word is
        // not served by the fast path any longer (Idle), rather than keeping the server here.
        for (var tries = 0; ; tries++)
        {
            var now = Interlocked.CompareExchange(ref state, ExecProtocol.FastIdle, ExecProtocol.FastListening);
            if (now == ExecProtocol.FastReplied && Interlocked.CompareExchange(ref state, ExecProtocol.FastRepliedIdle, ExecProtocol.FastReplied) != ExecProtocol.FastReplied)
            {
                if (tries < 8)
                {
                    continue;
                }

                Volatile.Write(ref state, ExecProtocol.FastIdle);
                now = ExecProtocol.FastIdle;
            }

            // Socket: a request whose sender stopped spinning for the reply before this side saw it; it still waits.
            FastPending = now is ExecProtocol.FastRequested or ExecProtocol.FastSocket;
            return FastPending;
        }
    }

    private void DetachBell()
    {
        _fastRequest = false;
        FastPending = false;
        if (_bell is not null)
        {
            ExecNative.Munmap((nint)_bell, ExecProtocol.BellSize);
            _bell = null;
        }
    }

    private static void Relax()
    {
        if (X86Base.IsSupported)
        {
            X86Base.Pause();
        }
        else if (ArmBase.IsSupported)
        {
            ArmBase.Yield();
        }
        else
        {
            Thread.SpinWait(1);
        }
    }

    private static int ControlSpace(int fds) => 16 + (((4 * fds) + 7) & ~7);
}
