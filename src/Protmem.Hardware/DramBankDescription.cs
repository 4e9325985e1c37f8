using Protmem.Hardware.Firewall;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware;

/// <summary>One DRAM bank: base and size in bytes, page-aligned.</summary>
public sealed record DramBankDescription(ulong Base, ulong Size);
