namespace Protmem.Cli;

internal static class Program
{
    public static int Main(string[] args) => ProtmemCommand.Run(args, Console.Out, Console.Error);
}
