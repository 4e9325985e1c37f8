namespace Protmem.Userspace.HeapSelection;

/// <summary>The solver's answer: the heap, or null and why no heap fits (one reason per heap looked at).</summary>
public sealed record HeapChoice(HeapRequest Request, HeapInfo? Heap, IReadOnlyList<string> Rejections)
{
    public bool Found => Heap is not null;

    /// <summary>One sentence: the heap chosen, or why none fits.</summary>
    public string Explanation => Heap is { } heap
        ? $"{heap.Name} ({heap.Node}, {heap.Allocation}) for {Request}"
        : $"no heap serves {Request}: {(Rejections.Count == 0 ? "the kernel lists no heap" : string.Join("; ", Rejections))}";

    public override string ToString() => Explanation;
}
