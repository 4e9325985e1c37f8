namespace Protmem.Hardware.Smc;

/// <summary>
/// The secure firmware's entry point behind the monitor: it receives the caller's registers and
/// writes its results into them, as a real secure monitor returns to the normal world.
/// </summary>
public interface ISmcHandler
{
    void HandleSmc(ref SmcRegisters registers);
}
