using System.Buffers.Binary;
using Protmem.Hardware;
using Protmem.Hardware.Smc;
using Protmem.Uapi;
using Protmem.Uapi.Tee;

namespace Protmem.Kernel.Tee.Optee;

/// <summary>
/// The OP-TEE driver (drivers/tee/optee): the backend of /dev/tee0.
/// 1. Probe over the board's ABI: SMC (calls UID, revision, EXCHANGE_CAPABILITIES) or FF-A (version,
///    partition id, OP-TEE's capabilities); no OP-TEE answering → no device.
/// 2. The TEE device registers; sessions and invokes become optee_msg_arg messages.
/// 3. Protected memory: a static pool over the carveout GET_PROTMEM_CONFIG reports (SMC, SEC_CAP_PROTMEM),
///    else a dynamic pool per use case the secure world supports (SEC_CAP_DYNAMIC_PROTMEM, or FF-A's
///    PROTMEM cap), each with its <c>protected,&lt;use case&gt;</c> heap.
/// 4. Sessions are per context: a session id another context opened is EINVAL.
/// </summary>
public sealed partial class OpteeDriver : ITeeDriver
{
    private readonly KernelContext _kernel;
    private readonly KernelPages _pages;
    private readonly IOpteeTransport _transport;
    private readonly OpteeMsgParam[]?[] _spareMsgParams = new OpteeMsgParam[]?[OpteeShmArgCache.MaxArgParamCount + 1];
    private ulong _nextCookie = 1;
    private OpteeMessage? _spareMessage;
    private OpteeParams? _spareParams;

    private OpteeDriver(KernelContext kernel, TeeConfig config, KernelPages pages, IOpteeTransport transport, ulong secureCapabilities)
    {
        _kernel = kernel;
        _pages = pages;
        _transport = transport;
        Config = config;
        SecureCapabilities = secureCapabilities;
        Device = new TeeDevice(kernel, "tee0", this, config.Design);
    }

    public TeeConfig Config { get; }

    /// <summary>What the secure world reported at the capability exchange.</summary>
    public ulong SecureCapabilities { get; }

    /// <summary>/dev/tee0.</summary>
    public TeeDevice Device { get; }

    /// <summary>What probing the protected-memory service printed (pr_info), for the boot log.</summary>
    public IReadOnlyList<string> ProbeLog => _log;

    private readonly List<string> _log = [];

    /// <inheritdoc/>
    public TeeIoctlVersionData Version => new()
    {
        ImplId = TeeIoctl.TEE_IMPL_ID_OPTEE,
        ImplCaps = TeeIoctl.TEE_OPTEE_CAP_TZ,
        GenCaps = TeeIoctl.TEE_GEN_CAP_GP | TeeIoctl.TEE_GEN_CAP_REG_MEM
            | (CapMemrefNull ? TeeIoctl.TEE_GEN_CAP_MEMREF_NULL : 0)
            | (Config.Design == ProtectedMemoryDesign.TeeIoctl ? TeeIoctl.TEE_GEN_CAP_RSTMEM : 0),
    };

    /// <inheritdoc/>
    public bool CapMemrefNull => Config.Abi == OpteeAbi.Ffa || (SecureCapabilities & OpteeSmcAbi.SEC_CAP_MEMREF_NULL) != 0;

    internal KernelPages Pages => _pages;

    internal IOpteeTransport Transport => _transport;

    internal KernelContext Kernel => _kernel;

    /// <summary>
    /// optee_probe: the driver and its /dev/tee0, or null (with the reason) when no OP-TEE answers on
    /// <paramref name="monitor"/> with the configured ABI.
    /// </summary>
    public static OpteeDriver? Probe(KernelContext kernel, SecureMonitor monitor, TeeConfig config, out string? failure)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(config);
        var pages = new KernelPages(kernel);
        OpteeDriver driver;
        if (config.Abi == OpteeAbi.Smc)
        {
            if (!ProbeSmc(monitor, out var caps, out failure))
            {
                return null;
            }

            var smc = new OpteeSmcTransport(monitor, pages);
            if (!smc.ArgCache.Reserve())
            {
                failure = "optee: no memory for the message-arg cache";
                return null;
            }

            driver = new OpteeDriver(kernel, config, pages, smc, caps);
        }
        else
        {
            var ffa = OpteeFfaTransport.Probe(monitor, pages, config.FfaPartitionId, out var caps, out failure);
            if (ffa is null)
            {
                return null;
            }

            driver = new OpteeDriver(kernel, config, pages, ffa, caps);
        }

        if (!driver.Device.Register())
        {
            failure = $"{driver.Device.DevicePath} is already registered";
            return null;
        }

        driver.InitProtmem(monitor);
        failure = null;
        return driver;
    }

    /// <inheritdoc/>
    int ITeeDriver.OpenSession(TeeContext context, ref TeeIoctlOpenSessionArg arg, TeeUuid clientUuid, TeeParam[] parameters)
    {
        var message = RentMessage(OpteeMsgAbi.CMD_OPEN_SESSION, parameters.Length + 2);
        try
        {
            message.CancelId = arg.CancelId;
            message.Params[0] = UuidParam(arg.Uuid, 0);
            message.Params[1] = UuidParam(clientUuid, arg.ClntLogin);
            var result = CallWithParams(message, parameters, 2);
            if (result < 0)
            {
                return result;
            }

            if (message.Ret == OpteeMsgAbi.TEEC_SUCCESS)
            {
                context.AddSession(message.Session);
            }

            arg.Session = message.Ret == OpteeMsgAbi.TEEC_SUCCESS ? message.Session : 0;
            arg.Ret = message.Ret;
            arg.RetOrigin = message.RetOrigin;
            return 0;
        }
        finally
        {
            ReturnMessage(message);
        }
    }

    /// <inheritdoc/>
    int ITeeDriver.Invoke(TeeContext context, ref TeeIoctlInvokeArg arg, TeeParam[] parameters)
    {
        if (!context.HasSession(arg.Session))
        {
            return -Errno.EINVAL;
        }

        var message = RentMessage(OpteeMsgAbi.CMD_INVOKE_COMMAND, parameters.Length);
        try
        {
            (message.Func, message.Session, message.CancelId) = (arg.Func, arg.Session, arg.CancelId);
            var result = CallWithParams(message, parameters, 0);
            if (result < 0)
            {
                return result;
            }

            arg.Ret = message.Ret;
            arg.RetOrigin = message.RetOrigin;
            return 0;
        }
        finally
        {
            ReturnMessage(message);
        }
    }

    /// <summary>
    /// What optee_open_session and optee_invoke_func share: the TEE parameters into the message from
    /// <paramref name="first"/> on (optee_to_msg_param), the call (one that does not reach the TEE answers
    /// TEEC_ERROR_COMMUNICATION from TEEC_ORIGIN_COMMS), and the parameters back (optee_from_msg_param).
    /// 0, or the -errno of a parameter the message cannot carry.
    /// </summary>
    private int CallWithParams(OpteeMessage message, TeeParam[] parameters, int first)
    {
        var msgParams = RentParams();
        try
        {
            var result = msgParams.ToMsg(parameters, message.Params, first);
            if (result < 0)
            {
                return result;
            }

            if (!_transport.CallWithArg(message))
            {
                (message.Ret, message.RetOrigin) = (OpteeMsgAbi.TEEC_ERROR_COMMUNICATION, OpteeMsgAbi.TEEC_ORIGIN_COMMS);
            }

            OpteeParams.FromMsg(message.Params, first, parameters);
            return 0;
        }
        finally
        {
            ReturnParams(msgParams);
        }
    }

    /// <inheritdoc/>
    public int Cancel(TeeContext context, uint cancelId, uint session)
    {
        if (!context.HasSession(session))
        {
            return -Errno.EINVAL;
        }

        var message = new OpteeMessage { Cmd = OpteeMsgAbi.CMD_CANCEL, Session = session, CancelId = cancelId };
        _transport.CallWithArg(message);
        return 0;
    }

    /// <inheritdoc/>
    public int CloseSession(TeeContext context, uint session)
    {
        if (!context.RemoveSession(session))
        {
            return -Errno.EINVAL;
        }

        _transport.CallWithArg(new OpteeMessage { Cmd = OpteeMsgAbi.CMD_CLOSE_SESSION, Session = session });
        return 0;
    }

    /// <inheritdoc/>
    public void Release(TeeContext context)
    {
        foreach (var session in context.Sessions.ToList())
        {
            CloseSession(context, session);
        }
    }

    /// <summary>A fresh cookie naming a region to the secure world.</summary>
    internal ulong NextCookie() => _nextCookie++;

    internal void Log(string line) => _log.Add(line);

    /// <summary>
    /// A message of <paramref name="paramCount"/> zeroed parameters for <paramref name="cmd"/>; paired with
    /// <see cref="ReturnMessage"/>. Model: Linux builds the arg in the shm arg cache's page; here the message
    /// and its parameter array are kept from the last call for the next (a call made while they are out gets its own).
    /// </summary>
    private OpteeMessage RentMessage(uint cmd, int paramCount)
    {
        var message = _spareMessage ?? new OpteeMessage();
        _spareMessage = null;
        OpteeMsgParam[]? kept = null;
        if (paramCount < _spareMsgParams.Length)
        {
            kept = _spareMsgParams[paramCount];
            _spareMsgParams[paramCount] = null;
        }

        if (kept is not null)
        {
            Array.Clear(kept);
        }

        message.Cmd = cmd;
        (message.Func, message.Session, message.CancelId, message.Ret, message.RetOrigin) = (0, 0, 0, 0, 0);
        message.Params = kept ?? new OpteeMsgParam[paramCount];
        return message;
    }

    private void ReturnMessage(OpteeMessage message)
    {
        if (message.Params.Length < _spareMsgParams.Length)
        {
            _spareMsgParams[message.Params.Length] = message.Params;
        }

        message.Params = [];
        _spareMessage = message;
    }

    /// <summary>The page lists of one call (freed by <see cref="ReturnParams"/>), kept for the next as <see cref="RentMessage"/> keeps messages.</summary>
    private OpteeParams RentParams()
    {
        var kept = _spareParams ?? new OpteeParams(_pages, _transport);
        _spareParams = null;
        return kept;
    }

    private void ReturnParams(OpteeParams msgParams)
    {
        msgParams.Dispose();
        _spareParams = msgParams;
    }

    private static bool ProbeSmc(SecureMonitor monitor, out ulong caps, out string? failure)
    {
        caps = 0;
        var uid = new SmcRegisters(OpteeSmcAbi.CALLS_UID);
        monitor.Call(ref uid);
        var expected = OpteeSmcAbi.MessageUid;
        if (uid.A0 != expected[0] || uid.A1 != expected[1] || uid.A2 != expected[2] || uid.A3 != expected[3])
        {
            failure = "optee: api uid mismatch";
            return false;
        }

        var revision = new SmcRegisters(OpteeSmcAbi.CALLS_REVISION);
        monitor.Call(ref revision);
        if (revision.A0 != OpteeSmcAbi.MessageRevisionMajor)
        {
            failure = "optee: api revision mismatch";
            return false;
        }

        var exchange = new SmcRegisters(OpteeSmcAbi.EXCHANGE_CAPABILITIES, OpteeSmcAbi.NSEC_CAP_UNIPROCESSOR);
        monitor.Call(ref exchange);
        if (exchange.A0 != OpteeSmcAbi.RETURN_OK)
        {
            failure = "optee: capabilities mismatch";
            return false;
        }

        caps = exchange.A1;
        failure = null;
        return true;
    }

    /// <summary>A META VALUE_INPUT carrying a UUID's 16 octets in a and b, and <paramref name="c"/>.</summary>
    private static OpteeMsgParam UuidParam(TeeUuid uuid, ulong c)
    {
        Span<byte> octets = stackalloc byte[TeeUuid.Length];
        uuid.WriteOctets(octets);
        return new OpteeMsgParam(OpteeMsgAbi.ATTR_META | OpteeMsgAbi.ATTR_TYPE_VALUE_INPUT,
            BinaryPrimitives.ReadUInt64LittleEndian(octets), BinaryPrimitives.ReadUInt64LittleEndian(octets[8..]), c);
    }
}
