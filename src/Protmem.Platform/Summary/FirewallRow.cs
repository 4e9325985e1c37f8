using System.Globalization;
using Protmem.Hardware;
using Protmem.Platform.Bindings;

namespace Protmem.Platform.Summary;

/// <summary>The bus firewall: its kind and its programmable regions besides region 0.</summary>
public sealed record FirewallRow(string Compatible, int Regions);
