using Protmem.Uapi;

namespace Protmem.Kernel.Accel.Rocket;

/// <summary>
/// What each <see cref="RocketIsolation"/> does around a job. Merged Linux has only per-file-domain
/// (rocket_job_run attaches, the IRQ thread detaches); the others are the designs of the review thread and
/// the 2026 RFC, modelled so their costs and their isolation can be compared on the same workload.
/// </summary>
public sealed partial class RocketDevice
{
    /// <summary>Before the first task: 0, or -errno (the job then fails without running).</summary>
    private int Prepare(RocketCore core, RocketJob job)
    {
        switch (Isolation)
        {
            case RocketIsolation.PerJobMap:
                foreach (var bo in job.InBos.Concat(job.OutBos).Distinct())
                {
                    if (bo.MapInto(core.CoreDomain!, Stats) < 0)
                    {
                        return -Errno.ENOMEM;
                    }

                    job.MappedForJob.Add(bo);
                }

                return 0;

            case RocketIsolation.PerContextSwap:
                if (core.SwapFile != job.File)
                {
                    foreach (var bo in core.SwapMapped)
                    {
                        bo.UnmapFrom(core.CoreDomain!, Stats);
                    }

                    core.SwapMapped.Clear();
                    core.SwapFile = job.File;
                }

                foreach (var bo in job.File.Bos.Where(b => !core.SwapMapped.Contains(b)).ToList())
                {
                    if (bo.MapInto(core.CoreDomain!, Stats) < 0)
                    {
                        return -Errno.ENOMEM;
                    }

                    core.SwapMapped.Add(bo);
                }

                return 0;

            case RocketIsolation.PerFileDomain:
                Kernel.Iommu.AttachDevice(job.File.Domain!, core.Device);
                Stats.Attaches++;
                core.AttachedDomain = job.File.Domain;
                return 0;

            case RocketIsolation.PerFileDomainKeepAttached:
                if (core.AttachedDomain != job.File.Domain)
                {
                    // iommu_attach_group needs the group on its default domain: detach the previous client first.
                    if (core.AttachedDomain is { } previous)
                    {
                        Kernel.Iommu.DetachDevice(previous, core.Device);
                        Stats.Detaches++;
                    }

                    Kernel.Iommu.AttachDevice(job.File.Domain!, core.Device);
                    Stats.Attaches++;
                    core.AttachedDomain = job.File.Domain;
                }

                return 0;

            default:
                return 0;
        }
    }

    /// <summary>After the last task (or a failure, or the timeout): undo what <see cref="Prepare"/> did for this job alone.</summary>
    private void Release(RocketCore core, RocketJob job)
    {
        switch (Isolation)
        {
            case RocketIsolation.PerJobMap:
                foreach (var bo in job.MappedForJob)
                {
                    bo.UnmapFrom(core.CoreDomain!, Stats);
                }

                job.MappedForJob.Clear();
                break;

            case RocketIsolation.PerFileDomain when core.AttachedDomain is { } attached:
                Kernel.Iommu.DetachDevice(attached, core.Device);
                Stats.Detaches++;
                core.AttachedDomain = null;
                break;
        }
    }
}
