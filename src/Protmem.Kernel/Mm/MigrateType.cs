namespace Protmem.Kernel.Mm;

/// <summary>
/// Linux's page mobility classes (<c>enum migratetype</c>). Requests are <see cref="Unmovable"/> or
/// <see cref="Movable"/>; <see cref="Cma"/> is the type of pageblocks that belong to a CMA area: their
/// free pages serve only movable requests, so a CMA allocation can always move those users away.
/// </summary>
public enum MigrateType
{
    /// <summary><c>MIGRATE_UNMOVABLE</c>: kernel memory, DMA buffers; never migrated.</summary>
    Unmovable = 0,

    /// <summary><c>MIGRATE_MOVABLE</c>: user and anonymous memory; its owner can be told to move it.</summary>
    Movable = 1,

    /// <summary><c>MIGRATE_CMA</c>: a pageblock of a CMA area (never a request type).</summary>
    Cma = 2,
}
