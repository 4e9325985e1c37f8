namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>The four real Linux trees under ../shared/testdata/dts beside the repository.</summary>
internal static class DtTestData
{
    public static readonly string[] Boards = ["rk3588-rock-5b", "mt8195-demo", "juno", "armada-3720-espressobin-ultra"];

    /// <summary>The test-data folder: ../shared/testdata/dts from the folder holding Protmem.slnx.</summary>
    public static string Folder
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Protmem.slnx")))
            {
                dir = dir.Parent;
            }

            Assert.True(dir is not null, $"no folder holding Protmem.slnx above {AppContext.BaseDirectory}: cannot find the repository root");
            var folder = Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "testdata", "dts"));
            Assert.True(Directory.Exists(folder), $"the device-tree test data folder {folder} (../shared/testdata/dts from the repository root) is missing");
            return folder;
        }
    }

    public static string Preprocessed(string board) => PathOf($"{board}.preprocessed.dts");

    public static string Canonical(string board) => PathOf($"{board}.dtc-canonical.dts");

    private static string PathOf(string name)
    {
        var path = Path.Combine(Folder, name);
        Assert.True(File.Exists(path), $"test data file {path} is missing");
        return path;
    }
}
