using System.CommandLine;

namespace Protmem.Cli;

/// <summary><c>protmem help [COMMAND...]</c>: the help of the root or of the named (sub)command, as <c>COMMAND --help</c> prints it.</summary>
internal static class HelpCommand
{
    public static Command Create(Func<RootCommand> root, TextWriter output)
    {
        var names = new Argument<string[]>("command") { Description = "the command to explain", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Show the help of a command") { names };
        command.SetAction(result =>
        {
            var path = result.GetValue(names) ?? [];
            var top = root();
            var help = top.Parse([.. path, "--help"]);
            Command? command = top;
            foreach (var name in path)
            {
                command = command?.Subcommands.FirstOrDefault(c => c.Name == name);
            }

            if (command is null)
            {
                throw new UsageException($"help: no command '{string.Join(' ', path)}'");
            }

            return help.Invoke(new InvocationConfiguration { Output = output, Error = output, EnableDefaultExceptionHandler = false });
        });
        return command;
    }
}
