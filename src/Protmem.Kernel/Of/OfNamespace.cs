using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Of mirrors Linux's drivers/of (Open Firmware, the device tree); the kernel assembly is used from C# only.", Scope = "namespace", Target = "~N:Protmem.Kernel.Of")]
