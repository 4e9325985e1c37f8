using System.Buffers.Binary;
using Protmem.Hardware;
using Protmem.Hardware.Smc;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>Probing the protected-memory service (optee_protmem_pool_init and the FF-A variant).</summary>
public sealed partial class OpteeDriver
{
    /// <summary>The use case of the static carveout (mainline registers only secure video play).</summary>
    public const uint StaticPoolUseCase = 1;

    /// <summary>OPTEE_FFA_SEC_CAP_PROTMEM.</summary>
    internal const ulong FfaSecCapProtmem = 1UL << 3;

    private void InitProtmem(SecureMonitor monitor)
    {
        if (Config.Design == ProtectedMemoryDesign.SecureWorldHeap)
        {
            var result = DmaBufs.Heaps.MtkSecureHeap.Register(Kernel, Device);
            Log(result == 0 ? $"optee: {DmaBufs.Heaps.MtkSecureHeap.HeapName} heap registered" : $"optee: {DmaBufs.Heaps.MtkSecureHeap.HeapName} heap: {Uapi.Errno.Describe(result)}");
        }

        if (Config.Design is not (ProtectedMemoryDesign.TeeDmaHeap or ProtectedMemoryDesign.TeeIoctl))
        {
            // Another design owns protected memory (a restricted heap): the TEE only accepts its buffers.
            return;
        }

        var added = 0;
        if (Config.Abi == OpteeAbi.Smc && (SecureCapabilities & OpteeSmcAbi.SEC_CAP_PROTMEM) != 0)
        {
            added += TryStaticPool(monitor) ? 1 : 0;
        }

        var dynamic = Config.Abi == OpteeAbi.Smc
            ? (SecureCapabilities & OpteeSmcAbi.SEC_CAP_DYNAMIC_PROTMEM) != 0
            : (SecureCapabilities & FfaSecCapProtmem) != 0;
        if (added == 0 && dynamic)
        {
            foreach (var useCase in Config.UseCases)
            {
                if (GetProtmemConfig(useCase, out var minSize, out var attributes) && minSize > 0 && (minSize & HwConstants.PageMask) == 0)
                {
                    var pool = new OpteeDynamicProtmemPool(this, useCase, minSize, attributes);
                    added += Device.AddProtmemPool(pool, Config.Design == ProtectedMemoryDesign.TeeDmaHeap) == 0 ? 1 : 0;
                }
            }
        }

        if (added == 0)
        {
            Log("optee: Protected memory service not available");
        }
    }

    /// <summary>OPTEE_SMC_GET_PROTMEM_CONFIG: a1 start, a2 size, a3 PA width of the static carveout.</summary>
    private bool TryStaticPool(SecureMonitor monitor)
    {
        var registers = new SmcRegisters(OpteeSmcAbi.GET_PROTMEM_CONFIG);
        monitor.Call(ref registers);
        if (registers.A0 != OpteeSmcAbi.RETURN_OK || registers.A2 == 0 || registers.A1 > HwConstants.PhysAddressLimit - registers.A2)
        {
            return false;
        }

        var carveout = new PhysRange(new PhysAddr(registers.A1), registers.A2);
        return TeeStaticProtmemPool.Create(_kernel, StaticPoolUseCase, carveout, out var pool) == 0
            && Device.AddProtmemPool(pool!, Config.Design == ProtectedMemoryDesign.TeeDmaHeap) == 0;
    }

    /// <summary>
    /// The GET_PROTMEM_CONFIG message: first without a buffer; SHORT_BUFFER says how many bytes of u32
    /// memory attributes to provide; asked again with a kernel page. False when the use case is not
    /// supported or the answer is malformed.
    /// </summary>
    private bool GetProtmemConfig(uint useCase, out ulong minSize, out uint[] attributes)
    {
        minSize = 0;
        attributes = [];
        var message = ConfigMessage(useCase, 0, 0);
        if (!_transport.CallWithArg(message))
        {
            return false;
        }

        if (message.Ret == OpteeMsgAbi.TEEC_SUCCESS)
        {
            minSize = message.Params[0].A;
            return true;
        }

        var needed = message.Params[1].B;
        if (message.Ret != OpteeMsgAbi.TEEC_ERROR_SHORT_BUFFER || needed == 0 || needed > HwConstants.PageSize || needed % 4 != 0)
        {
            return false;
        }

        if (_pages.Alloc() is not { } page)
        {
            return false;
        }

        try
        {
            message = ConfigMessage(useCase, page.Value, needed);
            if (!_transport.CallWithArg(message) || message.Ret != OpteeMsgAbi.TEEC_SUCCESS || message.Params[1].B > needed)
            {
                return false;
            }

            var bytes = new byte[message.Params[1].B];
            _pages.Read(page, bytes);
            attributes = new uint[bytes.Length / 4];
            for (var i = 0; i < attributes.Length; i++)
            {
                attributes[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
            }

            minSize = message.Params[0].A;
            return true;
        }
        finally
        {
            _pages.Free(page);
        }
    }

    private static OpteeMessage ConfigMessage(uint useCase, ulong bufPtr, ulong size) => new()
    {
        Cmd = OpteeMsgAbi.CMD_GET_PROTMEM_CONFIG,
        Params =
        [
            new OpteeMsgParam(OpteeMsgAbi.ATTR_TYPE_VALUE_INOUT, useCase),
            new OpteeMsgParam(OpteeMsgAbi.ATTR_TYPE_TMEM_OUTPUT, bufPtr, size),
        ],
    };
}
