namespace Protmem.Cli.Tests;

/// <summary><c>protmem exec</c> on host programs (the shell): the model's /dev entries, the exit status, the closing check.</summary>
public sealed class ExecCommandTests
{
    [Fact]
    public void Exec_ShellTestsTheModelsHeapNode_ExitsWithTheProgramsStatus()
    {
        var present = CliRunner.Run("exec", "--", "/bin/sh", "-c", "test -c /dev/dma_heap/system");
        var missing = CliRunner.Run("exec", "--", "/bin/sh", "-c", "test -c /dev/dma_heap/no-such-heap");

        Assert.True(present.ExitCode == 0, present.Error);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("the machine checks passed", present.Error);
    }

    [Fact]
    public void Exec_ProgramExitStatus_IsPassedThrough()
    {
        var (code, _, error) = CliRunner.Run("exec", "--platform", "rk3588", "--", "/bin/sh", "-c", "exit 7");

        Assert.Equal(7, code);
        Assert.Contains("rk3588: status 7, 1 process", error);
    }

    [Fact]
    public void Exec_NoProgram_IsAUsageError()
    {
        var (code, _, error) = CliRunner.Run("exec");

        Assert.Equal(2, code);
        Assert.Contains("protmem exec --help", error);
    }

    [Fact]
    public void Exec_MissingProgram_SaysWhichAndExits2()
    {
        var (code, _, error) = CliRunner.Run("exec", "--", "/nonexistent/tool");

        Assert.Equal(2, code);
        Assert.Contains("cannot run /nonexistent/tool", error);
    }
}
