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
    private readonly List<int> _fds = [];

    /// <summary>The real pid (from the connection's SO_PEERCRED).</summary>
    public int Pid { get; set; }

    /// <summary>The connection, once the program said hello.</summary>
    public ExecChannel? Channel { get; set; }

    /// <summary>The model process.</summary>
    public UserProcess Process { get; set; } = null!;

    /// <summary>Ranges of model mappings the program holds: [start, end).</summary>
    public List<(ulong Start, ulong End)> Mapped { get; } = [];

    public int CopyFromUser(ulong addr, Span<byte> into)
    {
        fixed (byte* p = into)
        {
            var local = new ExecNative.IoVec { Base = (nint)p, Length = (nuint)into.Length };
            var remote = new ExecNative.IoVec { Base = (nint)addr, Length = (nuint)into.Length };
            return Pid > 0 && ExecNative.ProcessVmReadv(Pid, &local, 1, &remote, 1, 0) == into.Length ? 0 : -Errno.EFAULT;
        }
    }

    public int CopyToUser(ulong addr, ReadOnlySpan<byte> from)
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
