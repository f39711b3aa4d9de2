import { commands, isCommandName, type CommandName, type CommandOutput } from '../../../shared/contract.ts';
import { contractJsonLimits, jsonLimitProblem } from '../../../shared/jsonLimits.ts';
import { describeIssues, fail, ok, type Result } from '../../../shared/result.ts';
import type { z } from 'zod';
import { LoupeError } from '../../../shared/LoupeError.ts';

export type Handlers = {
  [N in CommandName]: (
    input: z.output<(typeof commands)[N]['input']>,
  ) => CommandOutput<N> | Promise<CommandOutput<N>>;
};

export type Dispatch = (name: unknown, payload: unknown) => Promise<Result<unknown>>;

/**
 * The single entry point both transports call. It validates the name and the input against the
 * contract table, runs the handler, and validates the output so that nothing the contract does
 * not declare (an extra field, a wrong type) ever reaches the renderer.
 */
export function createDispatcher(
  handlers: Partial<Handlers>,
  log: (message: string) => void = () => {},
): Dispatch {
  return async (name, payload) => {
    if (!isCommandName(name)) {
      return fail('unknown_command', `Unknown command: ${JSON.stringify(name) ?? String(name)}`);
    }
    const spec = commands[name];
    // Bounded before the schema, which recurses: a 10,000-level payload must be an error, not a
    // stack overflow, whichever transport carried it (structured clone copies any depth too).
    const tooLarge = jsonLimitProblem(payload ?? {}, contractJsonLimits);
    if (tooLarge) return fail('invalid_input', `${name}: the payload is too large or deep (${tooLarge})`);
    const input = spec.input.safeParse(payload ?? {});
    if (!input.success) {
      return fail('invalid_input', `${name}: ${describeIssues(input.error)}`);
    }
    const handler = handlers[name] as ((input: unknown) => unknown) | undefined;
    if (!handler) return fail('unknown_command', `${name} is not available in this process`);
    let value: unknown;
    try {
      value = await handler(input.data);
    } catch (error) {
      if (error instanceof LoupeError) return fail(error.code, error.message);
      log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fail('internal', `${name} failed unexpectedly; see the log for details`);
    }
    const output = spec.output.safeParse(value);
    if (!output.success) {
      log(`${name} produced output outside the contract: ${describeIssues(output.error)}`);
      return fail('internal', `${name} produced an invalid result; see the log for details`);
    }
    return ok(output.data);
  };
}
