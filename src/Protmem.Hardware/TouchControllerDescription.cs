namespace Protmem.Hardware;

/// <summary>A device master that is a touchscreen controller, built as an <see cref="Input.TouchController"/>.</summary>
/// <param name="Master">The device master's name.</param>
/// <param name="Width">The panel's width in touch coordinates.</param>
/// <param name="Height">The panel's height in touch coordinates.</param>
public sealed record TouchControllerDescription(string Master, int Width, int Height);
