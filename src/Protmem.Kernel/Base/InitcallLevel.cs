namespace Protmem.Kernel.Base;

/// <summary>The initcall levels the model uses (include/linux/init.h), in the order they run.</summary>
public enum InitcallLevel
{
    /// <summary>subsys_initcall: frameworks (dma-buf heaps' framework is up before any heap).</summary>
    Subsys = 4,

    /// <summary>device_initcall / module_init of built-in drivers and heaps.</summary>
    Device = 6,

    /// <summary>late_initcall: what depends on the others.</summary>
    Late = 7,
}
