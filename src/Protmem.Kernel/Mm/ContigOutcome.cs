namespace Protmem.Kernel.Mm;

/// <summary>The outcome of alloc_contig_range: status, pages migrated (even on failure), and the pfn that stopped it.</summary>
internal readonly record struct ContigOutcome(ContigStatus Status, ulong MigratedPages, ulong BlockingPfn);
