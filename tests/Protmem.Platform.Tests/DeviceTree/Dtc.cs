using System.Diagnostics;
using Protmem.Platform.Boards;

namespace Protmem.Platform.Tests.DeviceTree;

/// <summary>Runs the real device-tree compiler (dtc, Debian package device-tree-compiler) as a process, through temporary files.</summary>
internal static class Dtc
{
    /// <summary>Compiles a DTS file to a DTB with dtc.</summary>
    public static byte[] CompileFile(string dtsPath) => Convert(["-I", "dts", "-O", "dtb"], dtsPath);

    /// <summary>Compiles the shipped board <paramref name="name"/> with dtc, every shipped board's source beside it (a board may /include/ another).</summary>
    public static byte[] CompileShippedBoard(string name)
    {
        var dir = Directory.CreateTempSubdirectory("protmem-boards-");
        try
        {
            foreach (var board in PlatformCatalog.Platforms)
            {
                File.WriteAllText(Path.Combine(dir.FullName, $"{board.Name}.dts"), PlatformCatalog.ReadSource(board.Name));
            }

            return CompileFile(Path.Combine(dir.FullName, $"{name}.dts"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Decompiles a DTB to DTS text with dtc (sorted when <paramref name="sort"/>).</summary>
    public static string Decompile(byte[] dtb, bool sort)
    {
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(input, dtb);
            var output = Convert(sort ? ["-I", "dtb", "-O", "dts", "-s"] : ["-I", "dtb", "-O", "dts"], input);
            return System.Text.Encoding.UTF8.GetString(output);
        }
        finally
        {
            File.Delete(input);
        }
    }

    /// <summary>Compiles DTS text to a DTB with dtc.</summary>
    public static byte[] CompileText(string dts)
    {
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllText(input, dts);
            return Convert(["-I", "dts", "-O", "dtb"], input);
        }
        finally
        {
            File.Delete(input);
        }
    }

    /// <summary>dtc's DTS output for DTS text (<c>dtc -I dts -O dts</c>, sorted when <paramref name="sort"/>).</summary>
    public static string SourceToSource(string dts, bool sort = false)
    {
        var input = Path.GetTempFileName();
        try
        {
            File.WriteAllText(input, dts);
            return System.Text.Encoding.UTF8.GetString(Convert(sort ? ["-I", "dts", "-O", "dts", "-s"] : ["-I", "dts", "-O", "dts"], input));
        }
        finally
        {
            File.Delete(input);
        }
    }

    /// <summary>Runs dtc on <paramref name="inputPath"/>; the test fails when dtc is missing or exits non-zero.</summary>
    private static byte[] Convert(string[] arguments, string inputPath)
    {
        var output = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("dtc") { RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in (string[])["-q", .. arguments, "-o", output, inputPath])
            {
                start.ArgumentList.Add(argument);
            }

            Process? process = null;
            try
            {
                process = Process.Start(start);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                Assert.Fail($"dtc (the device-tree compiler) is not installed: install the Debian package device-tree-compiler (apt-get install device-tree-compiler). {e.Message}");
            }

            Assert.True(process is not null, "dtc did not start");
            using (process)
            {
                var stderr = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, $"dtc {string.Join(' ', start.ArgumentList)} failed with exit code {process.ExitCode}: {stderr}");
            }

            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
