namespace Protmem.Kernel.Mm;

/// <summary>The allocation algorithms of lib/genalloc.c (<c>genpool_algo_t</c>); each searches one chunk's bitmap.</summary>
public enum GenPoolAlgorithm
{
    /// <summary><c>gen_pool_first_fit</c>: the lowest free run that fits (the default).</summary>
    FirstFit,

    /// <summary><c>gen_pool_first_fit_order_align</c>: the lowest free run that fits, starting at a multiple of the request rounded up to a power of two (in granules from the chunk start).</summary>
    FirstFitOrderAlign,

    /// <summary><c>gen_pool_best_fit</c>: the smallest free run that fits, in the first chunk that has one.</summary>
    BestFit,
}
