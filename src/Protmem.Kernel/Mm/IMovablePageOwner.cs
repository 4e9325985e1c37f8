namespace Protmem.Kernel.Mm;

/// <summary>
/// The owner of a movable allocation (Linux's <c>migrate_folio</c> role). When a CMA allocation
/// takes back pages that hold a movable block, the buddy allocator first allocates a new block of
/// the same order elsewhere, then calls <see cref="MigratePages"/>; the owner copies the content from
/// the old frames to the new ones and repoints its mappings. After the call the old frames belong to
/// the CMA allocation and the owner must free the new block (not the old one) when it is done.
/// </summary>
public interface IMovablePageOwner
{
    /// <summary>
    /// The block of 2^<paramref name="order"/> pages at <paramref name="oldPfn"/> now lives at
    /// <paramref name="newPfn"/>: copy its bytes and fix every mapping of it.
    /// </summary>
    void MigratePages(ulong oldPfn, ulong newPfn, int order);
}
