using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Platform.Exec;

/// <summary>
/// The model's side of <c>protmem exec</c>: a Unix socket the interposer in every process of the program
/// connects to. One thread serves every connection, one request at a time, so the model stays
/// single-threaded and its state deterministic for a given order of requests.
/// 1. <see cref="Serve"/> accepts connections; each says hello and becomes one model process (credentials
///    from the real uid), or resumes one (after fork or exec).
/// 2. Requests run against the model process; while one runs, the model calls back into the program for
///    fd numbers and fds (<see cref="HostProcess"/>). A model bug is an EIO reply and a report, never a hang.
/// 3. A connection that hangs up (exit, crash) ends its model process; a stand-in that hangs up drops its file.
/// 4. Serving ends once the program has exited and every connection is gone.
/// </summary>
internal sealed partial class ExecServer : IDisposable
{
    /// <summary>Requests of one connection served back to back before the server polls the others again.</summary>
    private const int MaxBurst = 256;

    private const int MaxRunsPerMessage = (ExecProtocol.MaxPacket - ExecProtocol.HeaderSize) / ExecProtocol.RunSize;

    private readonly Machine _machine;
    private readonly TextWriter _diagnostics;
    private readonly ExecStandIns _standIns = new();
    private readonly Dictionary<int, HostProcess> _connections = [];
    private readonly Dictionary<long, HostProcess> _forks = [];
    private readonly HashSet<string> _reported = [];
    private readonly List<int> _fds = [];
    private readonly List<string> _modelErrors = [];
    private readonly int _listener;
    private readonly byte[] _runs = new byte[MaxRunsPerMessage * ExecProtocol.RunSize];
    private readonly List<ExecRun> _runList = [];
    private byte[]? _replyPayload;
    private long _nextForkToken = 1;

    public ExecServer(Machine machine, string socketPath, TextWriter diagnostics)
    {
        _machine = machine;
        _diagnostics = diagnostics;
        SocketPath = socketPath;
        _listener = Listen(socketPath);
    }

    public string SocketPath { get; }

    /// <summary>Called with each request's name before it is served (tests inject model faults here).</summary>
    public Action<string>? BeforeRequest { get; init; }

    /// <summary>Model bugs met while serving (each also reported on the diagnostics writer).</summary>
    public IReadOnlyList<string> ModelErrors => _modelErrors;

    /// <summary>Requests whose request and reply both travelled in the doorbell page's slots (the fast path), not the socket.</summary>
    public int FastPathRequests { get; private set; }

    /// <summary>Processes served so far.</summary>
    public int ProcessesServed { get; private set; }

    /// <summary>Serves until <paramref name="programExited"/> (an fd that becomes readable when the program exits) fired and every connection closed.</summary>
    public unsafe void Serve(int programExited)
    {
        var exited = false;
        var polls = new List<ExecNative.PollFd>();
        while (!exited || _connections.Count > 0)
        {
            polls.Clear();
            polls.Add(new ExecNative.PollFd { Fd = _listener, Events = ExecNative.PollIn });
            polls.Add(new ExecNative.PollFd { Fd = exited ? -1 : programExited, Events = ExecNative.PollIn });
            foreach (var fd in _connections.Keys)
            {
                polls.Add(new ExecNative.PollFd { Fd = fd, Events = ExecNative.PollIn });
            }

            foreach (var fd in _standIns.ServerEnds)
            {
                polls.Add(new ExecNative.PollFd { Fd = fd, Events = 0 });
            }

            var array = CollectionsMarshal.AsSpan(polls);
            int ready;
            fixed (ExecNative.PollFd* p = array)
            {
                ready = ExecNative.Poll(p, (nuint)array.Length, -1);
            }

            if (ready < 0)
            {
                if (Marshal.GetLastPInvokeError() == ExecNative.Eintr)
                {
                    continue;
                }

                throw new InvalidOperationException($"poll failed: errno {Marshal.GetLastPInvokeError()}");
            }

            foreach (var poll in polls)
            {
                if (poll.Revents == 0)
                {
                    continue;
                }

                if (poll.Fd == _listener)
                {
                    Accept();
                }
                else if (poll.Fd == programExited)
                {
                    exited = true;
                }
                else if (_connections.TryGetValue(poll.Fd, out var host))
                {
                    ServeBurst(host);
                }
                else
                {
                    _standIns.HungUp(poll.Fd);
                }
            }
        }

        DrainHangUps();
    }

    /// <summary>Ends what the program left: stand-ins nobody holds any more, then every model process still running.</summary>
    public void Finish()
    {
        DrainHangUps();
        _standIns.ReleaseAll();
        foreach (var host in _forks.Values)
        {
            host.Process.Exit();
        }

        _forks.Clear();
    }

    public void Dispose()
    {
        foreach (var host in _connections.Values)
        {
            host.Channel?.Dispose();
        }

        _connections.Clear();
        ExecNative.Close(_listener);
        try
        {
            File.Delete(SocketPath);
        }
        catch (IOException)
        {
        }
    }

    private unsafe void DrainHangUps()
    {
        var ends = _standIns.ServerEnds.ToArray();
        if (ends.Length == 0)
        {
            return;
        }

        var polls = new ExecNative.PollFd[ends.Length];
        for (var i = 0; i < ends.Length; i++)
        {
            polls[i] = new ExecNative.PollFd { Fd = ends[i] };
        }

        fixed (ExecNative.PollFd* p = polls)
        {
            ExecNative.Poll(p, (nuint)polls.Length, 0);
        }

        foreach (var poll in polls.Where(p => (p.Revents & ExecNative.PollHup) != 0))
        {
            _standIns.HungUp(poll.Fd);
        }
    }

    private void Accept()
    {
        var fd = ExecNative.Accept4(_listener, 0, 0, ExecNative.SockCloexec);
        if (fd < 0)
        {
            return;
        }

        var host = new HostProcess(_standIns) { Channel = new ExecChannel(fd), Pid = HostProcess.PeerCredentials(fd).Pid };
        _connections[fd] = host;
    }

    /// <summary>
    /// Serves a request, then the ones the same program sends right after: a program doing ioctls back to back
    /// finds the server spinning on its doorbell (<see cref="ExecChannel.AwaitRequest"/>) rather than asleep
    /// in poll, which on a virtualised host costs more than the round trip, and a small request then travels in
    /// the doorbell page with no syscall on either side. The spin is bounded, so the other connections wait at
    /// most that long, and a burst ends after <see cref="MaxBurst"/> requests so that a program that never pauses
    /// does not keep the others waiting (a program polling a file another process of it must change, say).
    /// </summary>
    private void ServeBurst(HostProcess host)
    {
        var channel = host.Channel!;
        var announced = false;
        var served = 0;
        do
        {
            ExecMessage request;
            var none = false;
            var received = channel.FastPending ? channel.ReceiveFast(out request, _fds)
                : announced ? channel.ReceiveAnnounced(out request, _fds, out none)
                : channel.Receive(out request, _fds);
            if (!received)
            {
                if (!none)
                {
                    Hangup(host);
                }

                return;
            }

            // A hello may have given the connection another host (a fork's child taking its model process).
            if (!ServeOne(host, request) || !channel.IsOpen || !_connections.TryGetValue(channel.Fd, out host!))
            {
                return;
            }

            // A request that may have closed the program's last copy of a stand-in (close, dup2 over it, exec,
            // munmap of the last mapping) lets the model drop the file before the next one, as poll would.
            if (request.Op is not (ExecProtocol.Ioctl or ExecProtocol.Poll or ExecProtocol.Read or ExecProtocol.Write or ExecProtocol.Lseek))
            {
                DrainHangUps();
            }

            announced = true;
        }
        while (++served < MaxBurst ? channel.AwaitRequest() : channel.EndListening());
    }

    /// <summary>Serves one request and answers it; false when the program is gone.</summary>
    private bool ServeOne(HostProcess host, ExecMessage request)
    {
        var channel = host.Channel!;

        var reply = new ExecMessage(ExecProtocol.Reply);
        byte[]? payload = null;
        int[] replyFds = [];
        try
        {
            if (request.Op == ExecProtocol.Hello)
            {
                if (_fds.Count == 1)
                {
                    channel.AttachBell(_fds[0]);
                }

                payload = Hello(host, request, out replyFds);
                reply.A0 = payload.Length;
            }
            else if (host.Process is null)
            {
                reply.A0 = -Errno.EIO;
            }
            else
            {
                if (request.Op is ExecProtocol.Ioctl or ExecProtocol.Poll)
                {
                    host.LoadWindows(channel.Payload, request.A3);
                }

                _replyPayload = null;
                BeforeRequest?.Invoke(ExecProtocol.NameOf(request.Op));
                reply.A0 = Dispatch(host, request, channel);
                payload = request.Op is ExecProtocol.Mmap or ExecProtocol.Mremap ? _replyPayload : host.TakeWritten();
                Revoke(host);
            }
        }
#pragma warning disable CA1031 // A model bug must reach the program as EIO and be reported, whatever it is.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var what = $"model error in {ExecProtocol.NameOf(request.Op)} from {host.Process?.ToString() ?? $"pid {host.Pid}"}: {e.GetType().Name}: {e.Message}";
            _modelErrors.Add(what);
            _diagnostics.WriteLine($"protmem: {what}");
            reply.A0 = -Errno.EIO;
            payload = null;
            host.DropWindows();
        }
        finally
        {
            foreach (var fd in _fds)
            {
                ExecNative.Close(fd);
            }
        }

        if (!channel.IsOpen || !channel.SendReply(reply, payload, replyFds, out var fast))
        {
            Hangup(host);
            return false;
        }

        FastPathRequests += fast ? 1 : 0;
        return true;
    }

    private long Dispatch(HostProcess host, in ExecMessage m, ExecChannel channel)
    {
        var process = host.Process;
        switch (m.Op)
        {
            case ExecProtocol.Open:
                return process.Open(Encoding.UTF8.GetString(channel.Payload).TrimEnd('\0'), (int)m.A0);
            case ExecProtocol.Close:
                return process.Close((int)m.A0);
            case ExecProtocol.Dup3:
                return process.Dup3((int)m.A0, (int)m.A1, (int)m.A2);
            case ExecProtocol.Ioctl:
                return process.Ioctl((int)m.A0, (uint)m.A1, (ulong)m.A2);
            case ExecProtocol.Mmap:
                return Mmap(host, m);
            case ExecProtocol.Munmap:
                return Munmap(host, (ulong)m.A0, (ulong)m.A1);
            case ExecProtocol.Lseek:
                return process.Lseek((int)m.A0, m.A1, (int)m.A2);
            case ExecProtocol.Read:
                return Reported(process, (int)m.A0, m.Op, process.Read((int)m.A0, (ulong)m.A1, (ulong)m.A2));
            case ExecProtocol.Write:
                return Reported(process, (int)m.A0, m.Op, process.Write((int)m.A0, (ulong)m.A1, (ulong)m.A2));
            case ExecProtocol.Poll:
                return process.Poll((ulong)m.A0, (uint)m.A1, (int)m.A2);
            case ExecProtocol.Fork:
                return Fork(host);
            case ExecProtocol.ForkAbort:
                if (_forks.Remove(m.A0, out var child))
                {
                    child.Process.Exit();
                }

                return 0;
            case ExecProtocol.Import:
                return Import(process, (int)m.A0);
            case ExecProtocol.Mprotect:
                return Mprotect(process, (ulong)m.A0, (ulong)m.A1, (int)m.A2, m.A3 != 0);
            case ExecProtocol.Mremap:
                return m.A5 == 0 ? MayMremap(host.Process, m) : Mremap(host, m);
            default:
                Report($"{ExecProtocol.NameOf(m.Op)} is not part of the protocol; answered ENOSYS");
                return -Errno.ENOSYS;
        }
    }

    private void Hangup(HostProcess host)
    {
        if (host.Channel is { } channel)
        {
            _connections.Remove(channel.Fd);
            channel.Dispose();
        }

        host.Process?.Exit();
    }

    /// <summary>A read or write a file has no hook for (EINVAL) is reported once: the program meets a call the model's file does not do.</summary>
    private long Reported(UserProcess process, int fd, uint op, long result)
    {
        if (result == -Errno.EINVAL && process.Files.TryGet(fd, out var file))
        {
            Report($"{ExecProtocol.NameOf(op)} on a {file.Operations.GetType().Name} fd is not supported (Linux has no {ExecProtocol.NameOf(op)} hook there); answered EINVAL");
        }

        return result;
    }

    private void Report(string message)
    {
        if (_reported.Add(message))
        {
            _diagnostics.WriteLine($"protmem: {message}");
        }
    }

    private static unsafe int Listen(string path)
    {
        var fd = ExecNative.Socket(ExecNative.AfUnix, ExecNative.SockSeqpacket | ExecNative.SockCloexec, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException($"socket failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var address = new byte[110];
        BinaryPrimitives.WriteUInt16LittleEndian(address, ExecNative.AfUnix);
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length > 107)
        {
            ExecNative.Close(fd);
            throw new ArgumentException($"socket path {path} is longer than 107 bytes", nameof(path));
        }

        bytes.CopyTo(address, 2);
        fixed (byte* a = address)
        {
            if (ExecNative.Bind(fd, a, address.Length) != 0 || ExecNative.Listen(fd, 64) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                ExecNative.Close(fd);
                throw new InvalidOperationException($"cannot listen on {path}: errno {errno}");
            }
        }

        return fd;
    }
}
