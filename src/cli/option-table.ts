/**
 * Commands declare their options once, as a table (vitest's cli-config.ts is the model): one entry
 * per option with its flags, help text, default, how its text is parsed and which field of the
 * typed API options it fills. The same table feeds commander and converts what commander collected,
 * so a flag cannot be declared in one place and mapped (or forgotten) in another.
 */
import { Option, type Command } from 'commander';
import { collect } from './option-values.js';

/** One option: `O` is the typed options object the command hands to the API. */
export interface CliOption<O> {
  flags: string;
  description: string;
  /** Commander's default (shown in help); repeatable options default to []. */
  defaultValue?: string | boolean;
  /** May be given more than once; the raw value is then the list of texts, in order. */
  repeatable?: boolean;
  /** Writes the option's typed value into `out` (raw is what commander collected, maybe undefined). */
  fill?: (out: O, raw: never) => void;
}

export type CliOptionTable<O> = readonly CliOption<O>[];

/** The table rows each command was given, in order (the help test checks them against `--help`). */
const declared = new WeakMap<Command, CliOption<never>[]>();

/** The rows `addOptions` declared on this command (empty when it has none). */
export function declaredOptions(cmd: Command): readonly CliOption<never>[] {
  return declared.get(cmd) ?? [];
}

export function addOptions<O>(cmd: Command, table: CliOptionTable<O>): Command {
  declared.set(cmd, [...declaredOptions(cmd), ...(table as CliOptionTable<never>)]);
  for (const o of table) {
    const option = new Option(o.flags, o.description);
    if (o.repeatable) option.argParser(collect).default([]);
    else if (o.defaultValue !== undefined) option.default(o.defaultValue);
    cmd.addOption(option);
  }
  return cmd;
}

/** commander's key for an option (`--env-file` → envFile, `--no-cache` → cache). */
export function attributeOf(o: CliOption<unknown>): string {
  return new Option(o.flags, o.description).attributeName();
}

/** Fills `out` from what commander parsed, option by option, in table order. */
/** A `fill` that copies the text (or switch) commander collected into `out[key]` when given. */
export const setField =
  <O, K extends keyof O>(key: K) =>
  (out: O, raw: O[K] | undefined): void => {
    if (raw !== undefined) out[key] = raw;
  };

export function fillOptions<O>(table: CliOptionTable<O>, raw: Record<string, unknown>, out: O): O {
  for (const o of table) o.fill?.(out, raw[attributeOf(o as CliOption<unknown>)] as never);
  return out;
}
