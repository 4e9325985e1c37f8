using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Platform.Exec;

/// <summary>
/// A real process on the host and the model process that stands for it: its memory is reached with
/// process_vm_readv/writev (copy_from_user, copy_to_user), and the model's fd numbers are its real ones,
/// asked for over its connection while a request is under way (<see cref="IHostFdTable"/>).
/// </summary>
internal sealed unsafe class HostProcess(ExecStandIns standIns) : IUserMemoryAccess, IHostFdTable
{
    private const int MaxWindows = 4;

    private readonly List<int> _fds = [];
    private readonly ExecWindow[] _windows = [new(), new(), new(), new()];
    private int _windowCount;

    /// <summary>The real pid (from the connection's SO_PEERCRED).</summary>
    public int Pid { get; set; }

    /// <summary>The connection, once the program said hello.</summary>
    public ExecChannel? Channel { get; set; }

    /// <summary>The model process.</summary>
    public UserProcess Process { get; set; } = null!;

    /// <summary>Ranges of model mappings the program holds: [start, end).</summary>
    public List<(ulong Start, ulong End)> Mapped { get; } = [];

    /// <summary>copy_from_user: from the request's windows where they hold the bytes, else process_vm_readv.</summary>
    public int CopyFromUser(ulong addr, Span<byte> into)
    {
        for (var done = 0; done < into.Length;)
        {
            var at = addr + (ulong)done;
            var rest = into[done..];
            if (WindowAt(at, forWrite: false) is { } window)
            {
                var offset = (int)(at - window.Address);
                var count = Math.Min(rest.Length, window.Length - offset);
                window.Data.AsSpan(offset, count).CopyTo(rest);
                done += count;
                continue;
            }

            var outside = (int)Math.Min((ulong)rest.Length, NextWindow(at, forWrite: false) - at);
            if (ReadRemote(at, rest[..outside]) != 0)
            {
                return -Errno.EFAULT;
            }

            done += outside;
        }

        return 0;
    }

    /// <summary>copy_to_user: into the request's writable windows (sent back with the reply), else process_vm_writev.</summary>
    public int CopyToUser(ulong addr, ReadOnlySpan<byte> from)
    {
        for (var done = 0; done < from.Length;)
        {
            var at = addr + (ulong)done;
            var rest = from[done..];
            if (WindowAt(at, forWrite: true) is { } window)
            {
                var offset = (int)(at - window.Address);
                var count = Math.Min(rest.Length, window.Length - offset);
                rest[..count].CopyTo(window.Data.AsSpan(offset));
                window.Written(offset, count);
                done += count;
                continue;
            }

            var outside = (int)Math.Min((ulong)rest.Length, NextWindow(at, forWrite: true) - at);
            if (WriteRemote(at, rest[..outside]) != 0)
            {
                return -Errno.EFAULT;
            }

            done += outside;
        }

        return 0;
    }

    /// <summary>Takes the windows of program memory a request brought (<paramref name="count"/> struct pm_window in <paramref name="payload"/>).</summary>
    /// <exception cref="InvalidOperationException">The payload does not hold them (the interposer and server disagree).</exception>
    public void LoadWindows(ReadOnlySpan<byte> payload, long count)
    {
        _windowCount = 0;
        if (count < 0 || count > MaxWindows)
        {
            throw new InvalidOperationException($"a request brought {count} windows of program memory (at most {MaxWindows})");
        }

        var at = 0;
        for (var i = 0; i < count; i++)
        {
            if (payload.Length - at < ExecWindow.HeaderSize)
            {
                throw new InvalidOperationException("a window of program memory is cut short");
            }

            var address = BinaryPrimitives.ReadUInt64LittleEndian(payload[at..]);
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[(at + 8)..]);
            var flags = BinaryPrimitives.ReadUInt32LittleEndian(payload[(at + 12)..]);
            at += ExecWindow.HeaderSize;
            var padded = (length + 7) & ~7;
            if (length <= 0 || padded > payload.Length - at || address + (ulong)length < address)
            {
                throw new InvalidOperationException($"a window of program memory at 0x{address:x} of {length} bytes does not fit its message");
            }

            for (var j = 0; j < _windowCount; j++)
            {
                if (_windows[j].Overlaps(address, (ulong)length))
                {
                    throw new InvalidOperationException($"windows of program memory overlap at 0x{address:x}");
                }
            }

            _windows[_windowCount++].Load(address, payload.Slice(at, length), (flags & ExecWindow.WritableFlag) != 0);
            at += padded;
        }
    }

    /// <summary>
    /// The reply's payload: for each window the model wrote, a struct pm_window header and the bytes of the
    /// written span; then the windows are dropped.
    /// </summary>
    /// <remarks>
    /// Model: the span from the first to the last byte written goes back whole, the bytes between unchanged
    /// from when the request was sent (copy_to_user writes a struct whole in practice).
    /// </remarks>
    public byte[]? TakeWritten()
    {
        var size = 0;
        for (var i = 0; i < _windowCount; i++)
        {
            var w = _windows[i];
            size += w.DirtyEnd == 0 ? 0 : ExecWindow.HeaderSize + ((w.DirtyEnd - w.DirtyStart + 7) & ~7);
        }

        byte[]? payload = size == 0 ? null : new byte[size];
        var at = 0;
        for (var i = 0; i < _windowCount && payload is not null; i++)
        {
            var w = _windows[i];
            if (w.DirtyEnd == 0)
            {
                continue;
            }

            var length = w.DirtyEnd - w.DirtyStart;
            BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(at), w.Address + (ulong)w.DirtyStart);
            BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(at + 8), (uint)length);
            w.Data.AsSpan(w.DirtyStart, length).CopyTo(payload.AsSpan(at + ExecWindow.HeaderSize));
            at += ExecWindow.HeaderSize + ((length + 7) & ~7);
        }

        _windowCount = 0;
        return payload;
    }

    /// <summary>Drops the windows of the request under way (nothing goes back).</summary>
    public void DropWindows() => _windowCount = 0;

    private ExecWindow? WindowAt(ulong address, bool forWrite)
    {
        for (var i = 0; i < _windowCount; i++)
        {
            if (_windows[i].Contains(address) && (!forWrite || _windows[i].Writable))
            {
                return _windows[i];
            }
        }

        return null;
    }

    /// <summary>Where the next window that serves such a copy begins after <paramref name="address"/>; ulong.MaxValue when none does.</summary>
    private ulong NextWindow(ulong address, bool forWrite)
    {
        var next = ulong.MaxValue;
        for (var i = 0; i < _windowCount; i++)
        {
            if (_windows[i].Address > address && (!forWrite || _windows[i].Writable))
            {
                next = Math.Min(next, _windows[i].Address);
            }
        }

        return next;
    }

    private int ReadRemote(ulong addr, Span<byte> into)
    {
        fixed (byte* p = into)
        {
            var local = new ExecNative.IoVec { Base = (nint)p, Length = (nuint)into.Length };
            var remote = new ExecNative.IoVec { Base = (nint)addr, Length = (nuint)into.Length };
            return Pid > 0 && ExecNative.ProcessVmReadv(Pid, &local, 1, &remote, 1, 0) == into.Length ? 0 : -Errno.EFAULT;
        }
    }

    private int WriteRemote(ulong addr, ReadOnlySpan<byte> from)
    {
        fixed (byte* p = from)
        {
            var local = new ExecNative.IoVec { Base = (nint)p, Length = (nuint)from.Length };
            var remote = new ExecNative.IoVec { Base = (nint)addr, Length = (nuint)from.Length };
            return Pid > 0 && ExecNative.ProcessVmWritev(Pid, &local, 1, &remote, 1, 0) == from.Length ? 0 : -Errno.EFAULT;
        }
    }

    public int ReserveFd(int flags) => (int)Callback(new ExecMessage(ExecProtocol.CallbackReserve, flags), out _);

    public void InstallFd(int fd, OpenFile file)
    {
        var standIn = standIns.Create(file);
        if (standIn < 0 || Channel is not { IsOpen: true } channel)
        {
            if (standIn >= 0)
            {
                ExecNative.Close(standIn);
            }

            return;
        }

        var sent = channel.Send(new ExecMessage(ExecProtocol.CallbackInstall, fd, Process.Files.IsCloseOnExec(fd) ? 1 : 0), default, [standIn]);
        ExecNative.Close(standIn);
        if (sent)
        {
            AwaitReply(channel, out _);
        }
    }

    public void UnreserveFd(int fd) => Callback(new ExecMessage(ExecProtocol.CallbackUnreserve, fd), out _);

    public OpenFile? ImportFd(int fd)
    {
        if (Callback(new ExecMessage(ExecProtocol.CallbackFetch, fd), out var received) < 0 || received < 0)
        {
            return null;
        }

        var file = standIns.Find(received);
        ExecNative.Close(received);
        return file?.Get();
    }

    /// <summary>Sends a callback and waits for the program's answer: its result, or -EIO when the program is gone.</summary>
    private long Callback(in ExecMessage message, out int receivedFd)
    {
        receivedFd = -1;
        if (Channel is not { IsOpen: true } channel || !channel.Send(message))
        {
            return -Errno.EIO;
        }

        return AwaitReply(channel, out receivedFd);
    }

    private long AwaitReply(ExecChannel channel, out int receivedFd)
    {
        receivedFd = -1;
        if (!channel.Receive(out var reply, _fds) || reply.Op != ExecProtocol.Reply)
        {
            foreach (var fd in _fds)
            {
                ExecNative.Close(fd);
            }

            channel.Dispose();
            return -Errno.EIO;
        }

        for (var i = 0; i < _fds.Count; i++)
        {
            if (i == 0)
            {
                receivedFd = _fds[0];
            }
            else
            {
                ExecNative.Close(_fds[i]);
            }
        }

        return reply.A0;
    }

    /// <summary>The program's name (its comm), for the trace and messages.</summary>
    public static string NameOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() is { Length: > 0 } comm ? comm : $"pid{pid}";
        }
        catch (IOException)
        {
            return $"pid{pid}";
        }
        catch (UnauthorizedAccessException)
        {
            return $"pid{pid}";
        }
    }

    /// <summary>The peer's pid, uid and gid (SO_PEERCRED).</summary>
    public static ExecNative.UCred PeerCredentials(int socket)
    {
        var cred = default(ExecNative.UCred);
        var length = (uint)sizeof(ExecNative.UCred);
        if (ExecNative.GetSockOpt(socket, ExecNative.SolSocket, ExecNative.SoPeercred, &cred, &length) != 0)
        {
            throw new InvalidOperationException($"SO_PEERCRED failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return cred;
    }
}
