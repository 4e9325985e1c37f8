namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>The four real Linux trees in tests/testdata/dts, copied beside the test assembly by the project file.</summary>
internal static class DtTestData
{
    public static readonly string[] Boards = ["rk3588-rock-5b", "mt8195-demo", "juno", "armada-3720-espressobin-ultra"];

    /// <summary>The test-data folder: testdata/dts beside the test assembly.</summary>
    public static string Folder
    {
        get
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "testdata", "dts");
            Assert.True(Directory.Exists(folder), $"the device-tree test data folder {folder} (tests/testdata/dts, copied at build) is missing");
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
