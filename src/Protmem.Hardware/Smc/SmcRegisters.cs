namespace Protmem.Hardware.Smc;

/// <summary>
/// The general-purpose registers x0–x7 as an SMC instruction passes them (SMC Calling Convention):
/// <see cref="A0"/> holds the function id on entry and the status on return. This is the whole
/// channel between the normal world and the secure monitor; anything larger travels in memory whose
/// physical address is passed here.
/// </summary>
public struct SmcRegisters
{
    public ulong A0;
    public ulong A1;
    public ulong A2;
    public ulong A3;
    public ulong A4;
    public ulong A5;
    public ulong A6;
    public ulong A7;

    public SmcRegisters(ulong a0, ulong a1 = 0, ulong a2 = 0, ulong a3 = 0, ulong a4 = 0, ulong a5 = 0, ulong a6 = 0, ulong a7 = 0)
    {
        A0 = a0;
        A1 = a1;
        A2 = a2;
        A3 = a3;
        A4 = a4;
        A5 = a5;
        A6 = a6;
        A7 = a7;
    }

    /// <summary>SMCCC's answer for a function id no one handles.</summary>
    public const ulong SmcccUnknownFunction = 0xFFFF_FFFF_FFFF_FFFF;
}
