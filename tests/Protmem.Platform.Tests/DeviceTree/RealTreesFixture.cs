using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>Each real tree read once for a whole test class: the preprocessed source and dtc's canonical output.</summary>
public sealed class RealTreesFixture
{
    private readonly Dictionary<string, Lazy<DtTree>> _sources = [];
    private readonly Dictionary<string, Lazy<DtTree>> _canonicals = [];
    private readonly Dictionary<string, Lazy<byte[]>> _dtcBlobs = [];

    public RealTreesFixture()
    {
        foreach (var board in DtTestData.Boards)
        {
            _sources[board] = new Lazy<DtTree>(() => DtsReader.ReadFile(DtTestData.Preprocessed(board)));
            _canonicals[board] = new Lazy<DtTree>(() => DtsReader.ReadFile(DtTestData.Canonical(board)));
            _dtcBlobs[board] = new Lazy<byte[]>(() => Dtc.CompileFile(DtTestData.Preprocessed(board)));
        }
    }

    /// <summary>The tree read from <c>board.preprocessed.dts</c>.</summary>
    public DtTree Source(string board) => _sources[board].Value;

    /// <summary>The tree read from <c>board.dtc-canonical.dts</c>.</summary>
    public DtTree Canonical(string board) => _canonicals[board].Value;

    /// <summary>dtc's own DTB of <c>board.preprocessed.dts</c>.</summary>
    public byte[] DtcBlob(string board) => _dtcBlobs[board].Value;
}
