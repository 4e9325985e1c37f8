namespace Protmem.Cli.Gpu;

/// <summary>One row of <c>protmem compare gpu-protected-memory</c>: a firmware-memory design on a board.</summary>
/// <param name="Design">The design's <c>protmem,gpu-fw-memory</c> spelling.</param>
/// <param name="AtBoot">What has to be in place at boot.</param>
/// <param name="Ran">Whether the protected-texture flow ran on this board (false: the board cannot host the design; a SKIP).</param>
/// <param name="Completed">The flow's protected job completed and the bystander too.</param>
/// <param name="FirstProtectedJobUs">Simulated µs from the program's start to its protected job's completion.</param>
/// <param name="ProtectedBytesHeld">Protected memory held for the GPU: the driver's firmware sections and suspend buffers, or under reserved-memory the whole carveout.</param>
/// <param name="WrongMemory">What happens when wrong memory is used.</param>
/// <param name="SafetyPassed">The whole-machine check after the flow.</param>
internal sealed record GpuProtectedMemoryRow(string Design, string AtBoot, bool Ran, bool Completed, double FirstProtectedJobUs, ulong ProtectedBytesHeld, string WrongMemory, bool SafetyPassed);
