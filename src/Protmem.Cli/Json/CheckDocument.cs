namespace Protmem.Cli.Json;

/// <summary>One numbered selftest check.</summary>
/// <param name="Number">Its TAP number.</param>
/// <param name="Heap">The heap it ran on (a name under /dev/dma_heap).</param>
/// <param name="Name">What it checks.</param>
/// <param name="Verdict">"PASS", "FAIL" or "SKIP".</param>
/// <param name="Detail">Why it failed or was skipped (an errno, a byte count); empty when none.</param>
internal sealed record CheckDocument(int Number, string Heap, string Name, string Verdict, string Detail);
