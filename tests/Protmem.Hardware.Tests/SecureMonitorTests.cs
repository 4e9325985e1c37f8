using Protmem.Hardware.Smc;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Tests;

public sealed class SecureMonitorTests
{
    private sealed class Echo : ISmcHandler
    {
        public void HandleSmc(ref SmcRegisters registers)
        {
            registers.A1 = registers.A0 + 1;
            registers.A0 = 0;
        }
    }

    [Fact]
    public void Call_WithoutFirmware_AnswersUnknownFunction()
    {
        var monitor = new SecureMonitor(new SimClock(), CostModel.Default, new Trace());
        var regs = new SmcRegisters(0x8200_0000);

        monitor.Call(ref regs);

        Assert.Equal(SmcRegisters.SmcccUnknownFunction, regs.A0);
    }

    [Fact]
    public void Call_WithFirmware_ReturnsItsRegistersAndCostsARoundTrip()
    {
        var clock = new SimClock();
        var monitor = new SecureMonitor(clock, CostModel.Default, new Trace());
        monitor.Install(new Echo());
        var regs = new SmcRegisters(41);

        monitor.Call(ref regs);

        Assert.Equal(0ul, regs.A0);
        Assert.Equal(42ul, regs.A1);
        Assert.Equal((ulong)CostModel.DefaultSmcRoundTrip, clock.Now);
        Assert.Equal(1ul, monitor.CallCount);
    }

    [Fact]
    public void Install_Twice_Throws()
    {
        var monitor = new SecureMonitor(new SimClock(), CostModel.Default, new Trace());
        monitor.Install(new Echo());

        Assert.Throws<InvalidOperationException>(() => monitor.Install(new Echo()));
    }
}
