using Protmem.Kernel.Core;

namespace Protmem.Platform.Exec;

/// <summary>
/// The stand-ins of model files in programs: each is one end of a socketpair whose other end the server
/// keeps. The program's end is the identity (its inode names the model file, so a stand-in passed over
/// SCM_RIGHTS or inherited is recognised wherever it turns up), and the server's end hangs up when the last
/// copy anywhere is closed. Each stand-in holds one reference to its file until then.
/// </summary>
internal sealed unsafe class ExecStandIns
{
    private readonly Dictionary<ulong, StandIn> _byInode = [];
    private readonly Dictionary<int, StandIn> _byServerEnd = [];

    /// <summary>Stand-ins alive.</summary>
    public int Count => _byServerEnd.Count;

    /// <summary>The server's ends, to poll for hang-ups.</summary>
    public IReadOnlyCollection<int> ServerEnds => _byServerEnd.Keys;

    /// <summary>A new stand-in for <paramref name="file"/>: the program's end (the caller sends then closes it), or -1.</summary>
    public int Create(OpenFile file)
    {
        var pair = stackalloc int[2];
        if (ExecNative.SocketPair(ExecNative.AfUnix, ExecNative.SockStream | ExecNative.SockCloexec, 0, pair) != 0)
        {
            return -1;
        }

        var inode = ExecNative.InodeOf(pair[1]);
        var standIn = new StandIn(pair[0], inode, file.Get());
        _byInode[inode] = standIn;
        _byServerEnd[pair[0]] = standIn;
        return pair[1];
    }

    /// <summary>The model file a received fd stands for, or null when it is no stand-in of ours.</summary>
    public OpenFile? Find(int receivedFd)
    {
        var inode = ExecNative.InodeOf(receivedFd);
        return inode != 0 && _byInode.TryGetValue(inode, out var standIn) ? standIn.File : null;
    }

    /// <summary>The model file the stand-in with <paramref name="inode"/> stands for, or null.</summary>
    public OpenFile? FindByInode(ulong inode) => inode != 0 && _byInode.TryGetValue(inode, out var standIn) ? standIn.File : null;

    /// <summary>Every copy of a stand-in is closed: its reference goes.</summary>
    public void HungUp(int serverEnd)
    {
        if (_byServerEnd.Remove(serverEnd, out var standIn))
        {
            _byInode.Remove(standIn.Inode);
            ExecNative.Close(serverEnd);
            standIn.File.Put();
        }
    }

    /// <summary>Drops every stand-in's reference (the run is over).</summary>
    public void ReleaseAll()
    {
        foreach (var serverEnd in _byServerEnd.Keys.ToList())
        {
            HungUp(serverEnd);
        }
    }

    private sealed record StandIn(int ServerEnd, ulong Inode, OpenFile File);
}
