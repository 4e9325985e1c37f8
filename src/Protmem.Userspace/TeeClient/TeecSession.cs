using Protmem.Uapi.Tee;

namespace Protmem.Userspace.TeeClient;

/// <summary>
/// A TEEC_Session: an open session with a trusted application. Disposing closes it
/// (TEE_IOC_CLOSE_SESSION; paired with <see cref="TeecContext.OpenSession"/>).
/// </summary>
public sealed class TeecSession : IDisposable
{
    private bool _closed;

    internal TeecSession(TeecContext context, uint id)
    {
        Context = context;
        Id = id;
    }

    public TeecContext Context { get; }

    /// <summary>The session id the TEE gave.</summary>
    public uint Id { get; }

    /// <summary>
    /// TEEC_InvokeCommand: checks the parameters (BAD_PARAMETERS from API before any ioctl), then
    /// TEE_IOC_INVOKE. An ioctl failure is origin COMMS; otherwise the TEE's result and origin.
    /// </summary>
    public TeecStatus InvokeCommand(uint commandId, TeecOperation? operation = null)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        return Context.Call(TeecCall.Request.Invoke(Id, commandId), operation, out _);
    }

    /// <summary>TEEC_CloseSession.</summary>
    public void Dispose()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        Context.CloseSession(Id);
    }

    internal static TeeIoctlCloseSessionArg CloseArg(uint id) => new() { Session = id };
}
