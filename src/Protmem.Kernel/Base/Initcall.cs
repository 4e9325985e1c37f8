namespace Protmem.Kernel.Base;

/// <summary>One built-in module's init, as the initcall table lists it: its name, its level and its init function.</summary>
/// <param name="Name">The module (e.g. <c>system_heap</c>).</param>
/// <param name="Level">When it runs (include/linux/init.h).</param>
/// <param name="Init">module_init: registers the module's drivers, heaps or devices; 0 or -errno.</param>
public sealed record Initcall(string Name, InitcallLevel Level, Func<KernelContext, int> Init);
