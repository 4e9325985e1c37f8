namespace Protmem.Cli;

/// <summary>The <c>protmem</c> command.</summary>
internal static class Program
{
    public static int Main(string[] args) => ProtmemCommand.Run(args, Console.Out, Console.Error);
}
