using BenchmarkDotNet.Running;

namespace Protmem.Benchmarks;

/// <summary>Runs the benchmarks selected on the command line: <c>dotnet run -c Release --project bench/Protmem.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
