using Protmem.Platform.Exec;

namespace Protmem.Platform.Tests.Exec;

/// <summary>A bug in the model while it serves a program under <c>protmem exec</c>: EIO to the program, a report, no hang.</summary>
public sealed class ExecModelFaultTests(CPrograms programs) : IClassFixture<CPrograms>
{
    [Fact]
    public void Run_ModelHandlerThrowsOnAnIoctl_ProgramGetsEioAndTheRunIsAModelBug()
    {
        var ioctls = 0;
        var result = programs.RunWithFault("qemu-virt", "model_fault_client", request =>
        {
            if (request == "ioctl" && ioctls++ == 0)
            {
                throw new InvalidOperationException("injected handler fault");
            }
        });

        Assert.True(result.ProgramStatus == 0, $"status {result.ProgramStatus}\n{result.StandardOutput}{result.StandardError}");
        Assert.Contains("ok a model bug is EIO", result.StandardOutput);
        Assert.Contains("ok the model serves the next call", result.StandardOutput);
        var error = Assert.Single(result.ModelErrors);
        Assert.Contains("model error in ioctl", error);
        Assert.Contains("injected handler fault", error);
        Assert.Contains("protmem: model error in ioctl", result.StandardError);
        Assert.False(result.ModelPassed);
        Assert.Equal(ExecResult.ModelBugStatus, result.ExitCode);
        Assert.Equal(2, ioctls);
    }

    [Fact]
    public void Run_ModelHandlerThrowsOnOpen_OpenIsEioAndNothingIsLeftBehind()
    {
        var result = programs.RunWithFault("qemu-virt", "model_fault_client", request =>
        {
            if (request == "open")
            {
                throw new InvalidOperationException("injected open fault");
            }
        });

        Assert.Equal(1, result.ProgramStatus);
        Assert.Contains("FAIL", result.StandardOutput);
        Assert.Contains("errno 5", result.StandardOutput); // EIO from open
        Assert.Contains("injected open fault", Assert.Single(result.ModelErrors));
        Assert.Empty(result.LeftBehind);
        Assert.Equal(ExecResult.ModelBugStatus, result.ExitCode);
    }
}
