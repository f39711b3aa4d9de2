import { appCommand, appUsage, UsageError } from './appCommand.ts';
import { startCommand, startUsage } from './startCommand.ts';

type Command = { usage: string; run: (args: readonly string[]) => Promise<number> };

const commands: Record<string, Command> = {
  app: { usage: appUsage, run: appCommand },
  start: { usage: startUsage, run: startCommand },
};

const overview = `Usage: loupe <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(8)}${command.usage.split('\n')[2] ?? ''}`)
  .join('\n')}

Run "loupe <command> --help" for a command's options.`;

/** Exit codes: 0 success, 1 failure, 2 usage error. */
async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${overview}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`loupe ${name}: ${(error as Error).message}\n\n${command.usage}`);
      return 2;
    }
    console.error(`loupe ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
