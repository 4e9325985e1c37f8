using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Protmem.Uapi;
using Protmem.Uapi.Drm;

namespace Protmem.Userspace.Media.Kms;

/// <summary>
/// A small KMS client speaking only the ABI (what a libdrm program does): open a card node, become master,
/// turn on atomic, list CRTCs, connectors and planes, import dma-bufs, add NV12 framebuffers, commit atomic
/// updates, read page-flip events and the CRTC's CRC file. Errors become <see cref="ErrnoException"/>; the
/// <c>Try</c> members return the raw result (0 or -errno) for callers that expect a refusal.
/// Disposing closes the fd and unmaps the staging buffer.
/// </summary>
public sealed class KmsClient : IDisposable
{
    /// <summary>The staging buffer's size: ioctl structs at offset 0, arrays after <see cref="ArrayOffset"/>.</summary>
    private const ulong StagingSize = 64 * 1024;

    private const ulong ArrayOffset = 4096;

    private readonly ISyscalls _sys;
    private readonly UserBuffer _args;
    private readonly Dictionary<(uint Obj, string Name), uint> _propertyIds = [];

    private KmsClient(ISyscalls sys, UserBuffer args, int fd, string path)
    {
        _sys = sys;
        _args = args;
        Fd = fd;
        Path = path;
    }

    /// <summary>The card's fd.</summary>
    public int Fd { get; }

    /// <summary>The node opened.</summary>
    public string Path { get; }

    /// <summary>Opens <paramref name="path"/> (the display is /dev/dri/card0) read-write.</summary>
    public static KmsClient Open(ISyscalls sys, string path = DrmIoctl.CardPrefix + "0")
    {
        ArgumentNullException.ThrowIfNull(sys);
        var fd = ErrnoException.Check(sys.Open(path, Fcntl.O_RDWR | Fcntl.O_CLOEXEC), $"open {path}");
        return new KmsClient(sys, UserBuffer.Map(sys, StagingSize), fd, path);
    }

    /// <summary>DRM_IOCTL_SET_MASTER: 0, or -EBUSY / -EACCES.</summary>
    public int TrySetMaster() => _sys.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_SET_MASTER, 0);

    /// <summary>DRM_IOCTL_DROP_MASTER.</summary>
    public int TryDropMaster() => _sys.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_DROP_MASTER, 0);

    /// <summary>DRM_IOCTL_SET_CLIENT_CAP.</summary>
    public int TrySetClientCap(ulong capability, ulong value)
    {
        var cap = new DrmSetClientCap { Capability = capability, Value = value };
        return _args.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_SET_CLIENT_CAP, ref cap);
    }

    /// <summary>Becomes master and turns on universal planes and atomic, as an atomic compositor starts.</summary>
    public void Initialise()
    {
        ErrnoException.Check(TrySetMaster(), "DRM_IOCTL_SET_MASTER");
        ErrnoException.Check(TrySetClientCap(DrmModeIoctl.DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1), "SET_CLIENT_CAP UNIVERSAL_PLANES");
        ErrnoException.Check(TrySetClientCap(DrmModeIoctl.DRM_CLIENT_CAP_ATOMIC, 1), "SET_CLIENT_CAP ATOMIC");
    }

    /// <summary>DRM_IOCTL_MODE_GETRESOURCES, twice (counts, then ids), as drmModeGetResources does.</summary>
    public KmsResources GetResources()
    {
        var res = new DrmModeCardRes();
        ErrnoException.Check(_args.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_MODE_GETRESOURCES, ref res), "DRM_IOCTL_MODE_GETRESOURCES");
        var counts = (res.CountFbs, res.CountCrtcs, res.CountConnectors, res.CountEncoders);
        res = new DrmModeCardRes
        {
            CountFbs = counts.CountFbs,
            FbIdPtr = _args.AddressOf(ArrayOffset),
            CountCrtcs = counts.CountCrtcs,
            CrtcIdPtr = _args.AddressOf(ArrayOffset + 1024),
            CountConnectors = counts.CountConnectors,
            ConnectorIdPtr = _args.AddressOf(ArrayOffset + 2048),
            CountEncoders = counts.CountEncoders,
            EncoderIdPtr = _args.AddressOf(ArrayOffset + 3072),
        };
        ErrnoException.Check(_args.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_MODE_GETRESOURCES, ref res), "DRM_IOCTL_MODE_GETRESOURCES");
        return new KmsResources(ReadU32s(ArrayOffset, res.CountFbs), ReadU32s(ArrayOffset + 1024, res.CountCrtcs), ReadU32s(ArrayOffset + 2048, res.CountConnectors), ReadU32s(ArrayOffset + 3072, res.CountEncoders), res.MaxWidth, res.MaxHeight);
    }

    /// <summary>
    /// What a simple player needs: the first CRTC, the first connected connector and its preferred mode (else its
    /// first), and the CRTC's primary plane and overlays (by their "type" property). Needs <see cref="Initialise"/> first.
    /// </summary>
    public KmsPipeline FindPipeline()
    {
        var res = GetResources();
        if (res.Crtcs.Length == 0 || res.Connectors.Length == 0)
        {
            throw new ErrnoException(-Errno.ENODEV, $"{Path} has no CRTC or no connector");
        }

        var crtc = res.Crtcs[0];
        var (connector, modes) = res.Connectors.Select(GetConnector).FirstOrDefault(c => c.Connector.Connection == DrmModeIoctl.DRM_MODE_CONNECTED && c.Modes.Length > 0);
        if (modes is null)
        {
            throw new ErrnoException(-Errno.ENODEV, $"{Path} has no connected connector with a mode");
        }

        var mode = modes.FirstOrDefault(m => (m.Type & DrmModeIoctl.DRM_MODE_TYPE_PREFERRED) != 0, modes[0]);
        var planes = GetPlanes().Where(p => TryGetPlane(p, out var info, out _) == 0 && (info.PossibleCrtcs & 1) != 0).ToArray();
        var type = planes.ToDictionary(p => p, p => GetProperties(p, DrmModeIoctl.DRM_MODE_OBJECT_PLANE).First(v => v.Id == PropertyId(p, DrmModeIoctl.DRM_MODE_OBJECT_PLANE, "type")).Value);
        var primary = planes.FirstOrDefault(p => type[p] == DrmModeIoctl.DRM_PLANE_TYPE_PRIMARY);
        if (primary == 0)
        {
            throw new ErrnoException(-Errno.ENODEV, $"{Path} has no primary plane for CRTC {crtc}");
        }

        return new KmsPipeline(crtc, connector.ConnectorId, mode, primary, [.. planes.Where(p => type[p] == DrmModeIoctl.DRM_PLANE_TYPE_OVERLAY)]);
    }

    /// <summary>DRM_IOCTL_MODE_GETPLANERESOURCES: the planes this client sees.</summary>
    public uint[] GetPlanes()
    {
        var res = new DrmModeGetPlaneRes { PlaneIdPtr = _args.AddressOf(ArrayOffset), CountPlanes = 256 };
        ErrnoException.Check(_args.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_MODE_GETPLANERESOURCES, ref res), "DRM_IOCTL_MODE_GETPLANERESOURCES");
        return ReadU32s(ArrayOffset, Math.Min(res.CountPlanes, 256u));
    }

    /// <summary>DRM_IOCTL_MODE_GETPLANE: 0 or -errno; the plane's state and formats.</summary>
    public int TryGetPlane(uint planeId, out DrmModeGetPlane plane, out uint[] formats)
    {
        plane = new DrmModeGetPlane { PlaneId = planeId, CountFormatTypes = 64, FormatTypePtr = _args.AddressOf(ArrayOffset) };
        var result = _args.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_MODE_GETPLANE, ref plane);
        formats = result < 0 ? [] : ReadU32s(ArrayOffset, Math.Min(plane.CountFormatTypes, 64u));
        return result;
    }

    /// <summary>DRM_IOCTL_MODE_GETCONNECTOR: the connector and its modes (preferred first).</summary>
    public (DrmModeGetConnector Connector, DrmModeModeInfo[] Modes) GetConnector(uint connectorId)
    {
        var conn = new DrmModeGetConnector { ConnectorId = connectorId, CountModes = 16, ModesPtr = _args.AddressOf(ArrayOffset), CountEncoders = 16, EncodersPtr = _args.AddressOf(ArrayOffset + 2048) };
        ErrnoException.Check(_args.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_MODE_GETCONNECTOR, ref conn), "DRM_IOCTL_MODE_GETCONNECTOR");
        var modes = new DrmModeModeInfo[Math.Min(conn.CountModes, 16u)];
        var bytes = new byte[DrmModeModeInfo.Size];
        for (var i = 0; i < modes.Length; i++)
        {
            _args.Read(ArrayOffset + (ulong)(i * DrmModeModeInfo.Size), bytes);
            modes[i] = DrmModeModeInfo.Read(bytes);
        }

        return (conn, modes);
    }

    /// <summary>The id of property <paramref name="name"/> of object <paramref name="objectId"/> (OBJ_GETPROPERTIES, then GETPROPERTY for each name).</summary>
    public uint PropertyId(uint objectId, uint objectType, string name)
    {
        if (_propertyIds.TryGetValue((objectId, name), out var cached))
        {
            return cached;
        }

        foreach (var (id, _) in GetProperties(objectId, objectType))
        {
            var prop = new DrmModeGetProperty { PropId = id };
            ErrnoException.Check(_args.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_MODE_GETPROPERTY, ref prop), "DRM_IOCTL_MODE_GETPROPERTY");
            _propertyIds[(objectId, prop.Name)] = id;
        }

        return _propertyIds.TryGetValue((objectId, name), out var found) ? found : throw new ErrnoException(-Errno.ENOENT, $"property {name} of object {objectId}");
    }

    /// <summary>DRM_IOCTL_MODE_OBJ_GETPROPERTIES: (property id, value) pairs.</summary>
    public (uint Id, ulong Value)[] GetProperties(uint objectId, uint objectType)
    {
        var args = new DrmModeObjGetProperties { ObjId = objectId, ObjType = objectType, CountProps = 64, PropsPtr = _args.AddressOf(ArrayOffset), PropValuesPtr = _args.AddressOf(ArrayOffset + 1024) };
        ErrnoException.Check(_args.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_MODE_OBJ_GETPROPERTIES, ref args), "DRM_IOCTL_MODE_OBJ_GETPROPERTIES");
        var ids = ReadU32s(ArrayOffset, Math.Min(args.CountProps, 64u));
        var values = new byte[ids.Length * 8];
        _args.Read(ArrayOffset + 1024, values);
        return [.. ids.Select((id, i) => (id, BinaryPrimitives.ReadUInt64LittleEndian(values.AsSpan(i * 8))))];
    }

    /// <summary>DRM_IOCTL_PRIME_FD_TO_HANDLE: 0 or -errno.</summary>
    public int TryImport(int dmaBufFd, out uint handle)
    {
        var prime = new DrmPrimeHandle { Fd = dmaBufFd };
        var result = _args.Ioctl(Fd, DrmIoctl.DRM_IOCTL_PRIME_FD_TO_HANDLE, ref prime);
        handle = prime.Handle;
        return result;
    }

    /// <summary>DRM_IOCTL_MODE_ADDFB2 of an NV12 image whose Y plane is at 0 and CbCr plane at <paramref name="chromaOffset"/> of one object.</summary>
    public int TryAddFbNv12(uint handle, uint width, uint height, uint pitch, uint chromaOffset, out uint fbId) =>
        TryAddFb2(new DrmModeFbCmd2 { Width = width, Height = height, PixelFormat = DrmModeIoctl.DRM_FORMAT_NV12, Handles = [handle, handle, 0, 0], Pitches = [pitch, pitch, 0, 0], Offsets = [0, chromaOffset, 0, 0], Modifier = [0, 0, 0, 0] }, out fbId);

    /// <summary>DRM_IOCTL_MODE_ADDFB2 with any arguments: 0 or -errno.</summary>
    public int TryAddFb2(DrmModeFbCmd2 cmd, out uint fbId)
    {
        var result = _args.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_MODE_ADDFB2, ref cmd);
        fbId = result == 0 ? cmd.FbId : 0;
        return result;
    }

    /// <summary>DRM_IOCTL_MODE_RMFB: 0 or -errno.</summary>
    public int TryRemoveFb(uint fbId)
    {
        Span<byte> id = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(id, fbId);
        _args.Write(ArrayOffset, id);
        return _sys.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_MODE_RMFB, _args.AddressOf(ArrayOffset));
    }

    /// <summary>DRM_IOCTL_MODE_CREATEPROPBLOB of one mode (for MODE_ID).</summary>
    public uint CreateModeBlob(DrmModeModeInfo mode)
    {
        var bytes = new byte[DrmModeModeInfo.Size];
        mode.Write(bytes);
        _args.Write(ArrayOffset, bytes);
        var blob = new DrmModeCreateBlob { Data = _args.AddressOf(ArrayOffset), Length = DrmModeModeInfo.Size };
        ErrnoException.Check(_args.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_MODE_CREATEPROPBLOB, ref blob), "DRM_IOCTL_MODE_CREATEPROPBLOB");
        return blob.BlobId;
    }

    /// <summary>DRM_IOCTL_MODE_ATOMIC of (object, property, value) triples, grouped by object in order: 0 or -errno.</summary>
    public int TryAtomicCommit(IReadOnlyList<(uint Object, uint Property, ulong Value)> updates, uint flags, ulong userData = 0)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var objects = updates.Select(u => u.Object).Distinct().ToArray();
        var ordered = objects.SelectMany(o => updates.Where(u => u.Object == o)).ToArray();
        if ((ulong)((objects.Length * 8) + (ordered.Length * 12)) > StagingSize - ArrayOffset)
        {
            throw new ArgumentException($"{ordered.Length} updates do not fit the staging buffer", nameof(updates));
        }

        var objs = ArrayOffset;
        var counts = objs + ((ulong)objects.Length * 4);
        var props = counts + ((ulong)objects.Length * 4);
        var values = (props + ((ulong)ordered.Length * 4) + 7) & ~7UL;
        var word = new byte[8];
        for (var i = 0; i < objects.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(word, objects[i]);
            _args.Write(objs + ((ulong)i * 4), word.AsSpan(0, 4));
            BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)updates.Count(u => u.Object == objects[i]));
            _args.Write(counts + ((ulong)i * 4), word.AsSpan(0, 4));
        }

        for (var i = 0; i < ordered.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(word, ordered[i].Property);
            _args.Write(props + ((ulong)i * 4), word.AsSpan(0, 4));
            BinaryPrimitives.WriteUInt64LittleEndian(word, ordered[i].Value);
            _args.Write(values + ((ulong)i * 8), word);
        }

        var atomic = new DrmModeAtomic
        {
            Flags = flags,
            CountObjs = (uint)objects.Length,
            ObjsPtr = _args.AddressOf(objs),
            CountPropsPtr = _args.AddressOf(counts),
            PropsPtr = _args.AddressOf(props),
            PropValuesPtr = _args.AddressOf(values),
            UserData = userData,
        };
        return _args.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_MODE_ATOMIC, ref atomic);
    }

    /// <summary>
    /// A modeset that lights <paramref name="connectorId"/> from <paramref name="crtcId"/> in <paramref name="mode"/> and shows
    /// <paramref name="fbId"/> (<paramref name="width"/> × <paramref name="height"/>) on <paramref name="planeId"/> at (<paramref name="x"/>, <paramref name="y"/>):
    /// 0 or -errno. With <paramref name="flags"/> DRM_MODE_ATOMIC_TEST_ONLY nothing changes.
    /// </summary>
    public int TryShow(uint crtcId, uint connectorId, uint planeId, DrmModeModeInfo mode, uint fbId, uint width, uint height, int x = 0, int y = 0, uint flags = 0, ulong userData = 0)
    {
        var blob = CreateModeBlob(mode);
        var result = TryAtomicCommit(
        [
            (connectorId, PropertyId(connectorId, DrmModeIoctl.DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID"), crtcId),
            (crtcId, PropertyId(crtcId, DrmModeIoctl.DRM_MODE_OBJECT_CRTC, "MODE_ID"), blob),
            (crtcId, PropertyId(crtcId, DrmModeIoctl.DRM_MODE_OBJECT_CRTC, "ACTIVE"), 1),
            .. PlaneUpdates(planeId, crtcId, fbId, width, height, x, y),
        ], flags | DrmModeIoctl.DRM_MODE_ATOMIC_ALLOW_MODESET, userData);
        DestroyBlob(blob);
        return result;
    }

    /// <summary>The plane properties that put <paramref name="fbId"/> unscaled at (<paramref name="x"/>, <paramref name="y"/>) of <paramref name="crtcId"/> (fb 0 and crtc 0 turn the plane off).</summary>
    public (uint Object, uint Property, ulong Value)[] PlaneUpdates(uint planeId, uint crtcId, uint fbId, uint width, uint height, int x = 0, int y = 0)
    {
        uint P(string name) => PropertyId(planeId, DrmModeIoctl.DRM_MODE_OBJECT_PLANE, name);
        return
        [
            (planeId, P("FB_ID"), fbId), (planeId, P("CRTC_ID"), crtcId),
            (planeId, P("SRC_X"), 0), (planeId, P("SRC_Y"), 0), (planeId, P("SRC_W"), (ulong)width << 16), (planeId, P("SRC_H"), (ulong)height << 16),
            (planeId, P("CRTC_X"), (ulong)(long)x), (planeId, P("CRTC_Y"), (ulong)(long)y), (planeId, P("CRTC_W"), width), (planeId, P("CRTC_H"), height),
        ];
    }

    /// <summary>DRM_IOCTL_MODE_DESTROYPROPBLOB: 0 or -errno.</summary>
    public int DestroyBlob(uint blobId)
    {
        var blob = new DrmModeDestroyBlob { BlobId = blobId };
        return _args.Ioctl(Fd, DrmModeIoctl.DRM_IOCTL_MODE_DESTROYPROPBLOB, ref blob);
    }

    /// <summary>read(2) of one event: the event, or null when none is queued (-EAGAIN).</summary>
    public DrmEventVblank? ReadEvent()
    {
        var result = _sys.Read(Fd, _args.AddressOf(ArrayOffset), DrmEventVblank.Size);
        if (result == -Errno.EAGAIN)
        {
            return null;
        }

        ErrnoException.Check((int)result, "read of a DRM event");
        var bytes = new byte[DrmEventVblank.Size];
        _args.Read(ArrayOffset, bytes);
        return DrmEventVblank.Read(bytes);
    }

    /// <summary>The (frame, CRC) entries of /sys/kernel/debug/dri/<paramref name="minor"/>/crtc-<paramref name="crtcIndex"/>/crc/data.</summary>
    public IReadOnlyList<(uint Frame, uint Crc)> ReadCrcs(int minor = 0, int crtcIndex = 0)
    {
        var path = $"/sys/kernel/debug/dri/{minor}/crtc-{crtcIndex}/crc/data";
        var fd = ErrnoException.Check(_sys.Open(path, Fcntl.O_RDONLY), $"open {path}");
        try
        {
            var text = new StringBuilder();
            var chunk = new byte[4096];
            while (true)
            {
                var n = ErrnoException.Check((int)_sys.Read(fd, _args.AddressOf(ArrayOffset), (ulong)chunk.Length), $"read {path}");
                if (n == 0)
                {
                    break;
                }

                _args.Read(ArrayOffset, chunk.AsSpan(0, n));
                text.Append(Encoding.ASCII.GetString(chunk, 0, n));
            }

            return ParseCrcs(text.ToString());
        }
        finally
        {
            _sys.Close(fd);
        }
    }

    /// <summary>Parses crc/data lines ("0x%08x 0x%08x").</summary>
    public static IReadOnlyList<(uint Frame, uint Crc)> ParseCrcs(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (uint.Parse(f[0].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture), uint.Parse(f[1].AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)))];
    }

    public void Dispose()
    {
        _sys.Close(Fd);
        _args.Dispose();
    }

    private uint[] ReadU32s(ulong offset, uint count)
    {
        var bytes = new byte[count * 4];
        _args.Read(offset, bytes);
        return [.. Enumerable.Range(0, (int)count).Select(i => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4)))];
    }
}
