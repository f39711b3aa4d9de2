import { appCommand, appUsage } from './appCommand.ts';
import { campaignCommand, campaignUsage } from './campaignCommand.ts';
import { exitCodes, UsageError } from './cliOptions.ts';
import { exportCommand, exportUsage } from './exportCommand.ts';
import { importCommand, importUsage } from './importCommand.ts';
import { predictCommand, predictUsage } from './predictCommand.ts';
import { reviewCommand, reviewUsage } from './reviewCommand.ts';
import { serveCommand, serveUsage } from './serveCommand.ts';
import { statusCommand, statusUsage } from './statusCommand.ts';
import { submitCommand, submitUsage } from './submitCommand.ts';
import { syncCommand, syncUsage } from './syncCommand.ts';
import { startCommand, startUsage } from './startCommand.ts';

type Command = { usage: string; run: (args: readonly string[]) => Promise<number> };

const commands: Record<string, Command> = {
  start: { usage: startUsage, run: startCommand },
  app: { usage: appUsage, run: appCommand },
  import: { usage: importUsage, run: importCommand },
  predict: { usage: predictUsage, run: predictCommand },
  review: { usage: reviewUsage, run: reviewCommand },
  submit: { usage: submitUsage, run: submitCommand },
  sync: { usage: syncUsage, run: syncCommand },
  status: { usage: statusUsage, run: statusCommand },
  serve: { usage: serveUsage, run: serveCommand },
  export: { usage: exportUsage, run: exportCommand },
  campaign: { usage: campaignUsage, run: campaignCommand },
};

const overview = `Usage: loupe <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(8)}${command.usage.split('\n')[2] ?? ''}`)
  .join('\n')}

Run "loupe <command> --help" for a command's options.`;

/** Exit codes: see cliOptions.ts (0 ok, 1 failure, 2 usage, 3 partial, 4 blocked). */
async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview);
    return name ? exitCodes.ok : exitCodes.usage;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${overview}`);
    return exitCodes.usage;
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
      return exitCodes.usage;
    }
    console.error(`loupe ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return exitCodes.failure;
  }
}

process.exitCode = await main(process.argv.slice(2));
