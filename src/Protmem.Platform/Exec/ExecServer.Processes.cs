using System.Buffers.Binary;
using System.Text;
using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Platform.Exec;

/// <summary>The exec server's processes: hello (new, forked, exec'd, spawned), fork, and fds arriving from elsewhere.</summary>
internal sealed partial class ExecServer
{
    private long Import(UserProcess process, int fd)
    {
        if (_fds.Count != 1 || _standIns.Find(_fds[0]) is not { } file)
        {
            return 0;
        }

        process.Files.InstallAt(fd, file.Get(), closeOnExec: false, out var replaced);
        replaced?.Put();
        return 1;
    }

    private long Fork(HostProcess parent)
    {
        var child = new HostProcess(_standIns);
        var process = _machine.Kernel.ForkHosted(parent.Process, parent.Process.Name, child, child, out var error);
        if (process is null)
        {
            return error;
        }

        child.Process = process;
        var token = _nextForkToken++;
        _forks[token] = child;
        return token;
    }

    private byte[] Hello(HostProcess host, in ExecMessage m, out int[] bankFds)
    {
        if ((host.Process is not null) != (m.A1 == ExecProtocol.HelloExeced))
        {
            throw new InvalidOperationException(host.Process is null ? "an exec'd image said hello on a new connection" : "a second hello on one connection");
        }

        var fds = new List<int>();
        if (m.A1 is ExecProtocol.HelloForked or ExecProtocol.HelloSpawned && _forks.Remove(m.A2, out var forked))
        {
            host.Process = forked.Process;
            forked.Channel = host.Channel;
            forked.Pid = host.Pid;
            _connections[host.Channel!.Fd] = forked;
            host = forked;
        }
        else if (host.Process is null)
        {
            var cred = HostProcess.PeerCredentials(host.Channel!.Fd);
            var credentials = cred.Uid == 0 ? Credentials.Root : new Credentials(cred.Uid, cred.Gid, Capabilities.None);
            host.Process = _machine.Kernel.SpawnHosted(HostProcess.NameOf(host.Pid), credentials, host, host);
        }

        ProcessesServed++;
        if (m.A1 is ExecProtocol.HelloExeced or ExecProtocol.HelloSpawned)
        {
            host.Process.Exec();
            host.Mapped.Clear();
        }

        if (m.A1 == ExecProtocol.HelloSpawned)
        {
            FollowSpawnFileActions(host.Process, host.Channel!.Payload);
        }

        for (var fd = 0; fd < host.Process.Files.MaxFds && fds.Count < 4096; fd++)
        {
            if (host.Process.Files.HandleOf(fd) is not null)
            {
                fds.Add(fd);
            }
        }

        var banks = _machine.Soc.Memory.Banks.Take(ExecProtocol.MaxBanks).ToList();
        var paths = string.Concat(_machine.Kernel.DeviceNodes.Paths.Select(p => p + "\0"));
        var payload = new byte[8 + (16 * banks.Count) + (4 * fds.Count) + Encoding.UTF8.GetByteCount(paths)];
        BinaryPrimitives.WriteUInt32LittleEndian(payload, (uint)banks.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(4), (uint)fds.Count);
        var at = 8;
        foreach (var bank in banks)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(at), bank.Base.Value);
            BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(at + 8), bank.Size);
            at += 16;
        }

        foreach (var fd in fds)
        {
            BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(at), fd);
            at += 4;
        }

        Encoding.UTF8.GetBytes(paths, payload.AsSpan(at));
        bankFds = [.. banks.Select(b => b.SharedMemoryFd)];
        return payload;
    }

    /// <summary>
    /// A posix_spawn child lists the sockets its new image holds (fd, inode): the model's table follows what
    /// the spawn's file actions did. A model fd the image no longer holds as that file's stand-in is closed;
    /// a stand-in it holds at another number (dup2) is installed there.
    /// </summary>
    private void FollowSpawnFileActions(UserProcess process, ReadOnlySpan<byte> held)
    {
        var files = new Dictionary<int, OpenFile>();
        for (var at = 0; at + ExecProtocol.HeldFdSize <= held.Length; at += ExecProtocol.HeldFdSize)
        {
            var fd = BinaryPrimitives.ReadInt32LittleEndian(held[at..]);
            if (_standIns.FindByInode(BinaryPrimitives.ReadUInt64LittleEndian(held[(at + 8)..])) is { } file && fd >= 0 && fd < process.Files.MaxFds)
            {
                files[fd] = file;
            }
        }

        for (var fd = 0; fd < process.Files.MaxFds; fd++)
        {
            if (process.Files.TryGet(fd, out var current) && (!files.TryGetValue(fd, out var there) || !ReferenceEquals(there, current)))
            {
                process.Close(fd);
            }
        }

        foreach (var (fd, file) in files)
        {
            if (!process.Files.TryGet(fd, out _))
            {
                process.Files.InstallAt(fd, file.Get(), closeOnExec: false, out var replaced);
                replaced?.Put();
            }
        }
    }
}
