namespace Protmem.Hardware.Media;

/// <summary>
/// A display controller on the SoC: the device master it fetches through, how many planes (windows) it has,
/// and which of them may show protected content (a hardware fact the driver reads; the device tree's
/// <c>protmem,protected-planes</c>).
/// </summary>
/// <param name="Master">The device master's name.</param>
/// <param name="PlaneCount">Planes, at least one; plane 0 is the bottom one.</param>
/// <param name="ProtectedPlanes">Indices of the planes allowed to show protected content.</param>
public sealed record DisplayDescription(string Master, int PlaneCount, IReadOnlyList<int> ProtectedPlanes);
