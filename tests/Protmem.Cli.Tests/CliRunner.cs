namespace Protmem.Cli.Tests;

/// <summary>Runs the protmem command in-process with captured output.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ProtmemCommand.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
