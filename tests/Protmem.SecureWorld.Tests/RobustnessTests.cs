using FsCheck;
using FsCheck.Fluent;
using Protmem.Hardware.Smc;

namespace Protmem.SecureWorld.Tests;

public sealed class RobustnessTests : FirmwareTest
{
    private static readonly ulong[] Functions =
    [
        0xBF00_FF01, 0xB200_0009, 0xB200_0014, 0x3200_0004, 0x8400_0063, 0x8400_0066, 0xC400_0072,
        0x8400_0073, 0x8400_0077, 0x8400_006F, 0x8400_0069, 0x8400_0064, 0, ulong.MaxValue,
    ];

    private static Gen<ulong> Word() => Gen.OneOf(
        Gen.Elements(0UL, 1UL, 0x4100_0000UL, 0x4400_0000UL, 0x8001UL, 0x8000_0000UL, ulong.MaxValue, 0x100000UL, 0x4300_0000UL),
        ArbMap.Default.GeneratorFor<ulong>());

    [Theory]
    [InlineData(SecureWorldAbi.Smc)]
    [InlineData(SecureWorldAbi.Ffa)]
    public void HandleSmc_RandomRegistersAndMessages_NeverThrowsAndKeepsInvariants(SecureWorldAbi abi)
    {
        var call = from f in Gen.OneOf(Gen.Elements(Functions), ArbMap.Default.GeneratorFor<ulong>())
                   from a1 in Word()
                   from a2 in Word()
                   from a3 in Word()
                   from a4 in Word()
                   from message in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 160)
                   select (f, a1, a2, a3, a4, message);
        Prop.ForAll(Gen.ListOf(call).ToArbitrary(), calls =>
        {
            var board = TestBoard.Dynamic(abi);
            foreach (var (f, a1, a2, a3, a4, message) in calls)
            {
                board.WriteNs(TestBoard.ArgPage, message);
                var r = new SmcRegisters(f, a1, a2, a3, a4);
                board.Monitor.Call(ref r);
                board.Firmware.AssertInvariants();
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void CallWithArg_RandomMessagesInTheArgPage_AnswerAndKeepInvariants()
    {
        var param = from attr in Gen.Elements(0UL, 1UL, 2UL, 3UL, 5UL, 6UL, 7UL, 9UL, 0xaUL, 0xbUL, 0x101UL, 0x209UL, 0x4UL)
                    from a in Word()
                    from b in Gen.Elements(0UL, 1UL, 4096UL, 0x100000UL, ulong.MaxValue)
                    from c in Word()
                    select new MsgParam(attr, a, b, c);
        var message = from cmd in Gen.Choose(0, 12)
                      from func in Gen.Choose(0, 10)
                      from session in Gen.Choose(0, 3)
                      from count in Gen.Choose(0, 6)
                      from ps in Gen.ArrayOf(param, count)
                      select new Msg { Cmd = (uint)cmd, Func = (uint)func, Session = (uint)session, Params = ps };
        Prop.ForAll(Gen.ListOf(message).ToArbitrary(), messages =>
        {
            var board = TestBoard.Dynamic();
            board.OpenSessionOk(TrustedApplicationIds.SdpBasic);
            foreach (var msg in messages)
            {
                var answer = board.Call(msg);
                Assert.True(answer.Ret == 0 || answer.Ret >= 0xFFFF_0000, $"result {answer.Ret:x} is a TEE result");
                board.Firmware.AssertInvariants();
            }
        }).QuickCheckThrowOnFailure();
    }
}
