namespace Protmem.Hardware;

/// <summary>Whether a transaction reads or writes memory.</summary>
public enum AccessDirection
{
    Read = 0,
    Write = 1,
}
