using System.Buffers.Binary;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>One <c>struct optee_msg_param</c> as the driver writes and reads it.</summary>
internal record struct OpteeMsgParam(ulong Attr, ulong A = 0, ulong B = 0, ulong C = 0)
{
    public readonly ulong Type => Attr & OpteeMsgAbi.ATTR_TYPE_MASK;
}
