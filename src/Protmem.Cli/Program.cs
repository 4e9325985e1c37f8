namespace Protmem.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        System.Console.WriteLine("protmem: no commands yet");
        return args.Length == 0 ? 0 : 2;
    }
}
