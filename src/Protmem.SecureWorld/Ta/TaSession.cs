namespace Protmem.SecureWorld.Ta;

/// <summary>One open session: its id, its TA, its client, and the TA's per-session state.</summary>
internal sealed class TaSession(uint id, ITrustedApplication ta, TaClient client, TeeCore core)
{
    public uint Id { get; } = id;

    public ITrustedApplication Ta { get; } = ta;

    public TaClient Client { get; } = client;

    public TeeCore Core { get; } = core;

    /// <summary>What the TA keeps for this session (sdp_basic: its cached TA-to-TA sessions).</summary>
    public object? State { get; set; }

    /// <summary>Sessions this session opened to other TAs, closed with it (paired with their open).</summary>
    public List<TaSession> Children { get; } = [];

    public bool IsOpen { get; set; } = true;
}
