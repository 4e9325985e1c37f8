namespace Protmem.Kernel.Accel.Rocket;

/// <summary>
/// How the rocket driver keeps one client's jobs from reaching another client's BOs through the NPU's
/// IOMMUs: the designs of the v6 review thread plus what merged, chosen per board by the device-tree
/// property <c>protmem,npu-isolation</c> (docs/bindings.md).
/// </summary>
public enum RocketIsolation
{
    /// <summary>
    /// <c>shared-context</c> (the v6 series): one domain, attached to every core; every BO of every client is
    /// mapped in it from CREATE_BO to free. Any client's job can read and write every BO.
    /// </summary>
    SharedContext,

    /// <summary><c>per-job-map</c> (option A): a domain per core; a job's in/out BOs are mapped when it starts and unmapped when it ends.</summary>
    PerJobMap,

    /// <summary>
    /// <c>per-context-swap</c> (option B): a domain per core holding one client's BOs; when a different
    /// client's job runs there the old client's BOs are unmapped and the new one's mapped.
    /// </summary>
    PerContextSwap,

    /// <summary>
    /// <c>per-file-domain</c> (merged in Linux 6.18): a domain per open file holding all its BOs, attached to
    /// the core when a job starts and detached when it ends.
    /// </summary>
    PerFileDomain,

    /// <summary>
    /// <c>per-file-domain-keep-attached</c> (the 2026 RFC): as per-file-domain, but the domain stays attached
    /// after the job; the core switches only when a different client's job runs (and after a reset).
    /// </summary>
    PerFileDomainKeepAttached,
}
