using System.Buffers.Binary;

namespace Protmem.SecureWorld.Abi;

/// <summary>One <c>struct optee_msg_param</c>: attr and the three 64-bit words of its union.</summary>
internal struct OpteeMsgParam
{
    public ulong Attr;
    public ulong A;
    public ulong B;
    public ulong C;

    public readonly ulong Type => Attr & OpteeMsg.ATTR_TYPE_MASK;

    public readonly bool IsMeta => (Attr & OpteeMsg.ATTR_META) != 0;
}
