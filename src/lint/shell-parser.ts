/**
 * Real shell parsing for lint rules, so that here-documents, `if … fi`, loops and `case` labels are read
 * as the shell reads them instead of line by line. The parser is mvdan/sh (the parser behind shfmt),
 * compiled to WebAssembly by the `sh-syntax` package. Its published API is async; lint is synchronous,
 * so the module is compiled and instantiated synchronously here (Node compiles WebAssembly synchronously
 * at any size) and its `process` export is called the way sh-syntax's own processor calls it. The
 * version is pinned exactly in package.json because that call follows the package's internal layout; the
 * unit tests exercise it. sh-syntax's JSON tree keeps statement boundaries but not command words, which
 * is what the rules need: which text is one top-level statement of the script.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface ShellStatement {
  /** The statement's source text (here-document bodies included). */
  text: string;
  /** 0-based line and column (in characters) where it starts in the script. */
  line: number;
  col: number;
}

interface Pos {
  Offset: number;
  Line: number;
  Col: number;
}
interface ProcessExports {
  memory: WebAssembly.Memory;
  wasmAlloc(size: number): number;
  wasmFree(pointer: number): void;
  process(...args: (number | boolean)[]): number;
}

/** Bash, sh-syntax's LangVariant.LangBash: CodeBuild's `sh` is bash on its Linux images. */
const LANG_BASH = 1;
let exportsCache: ProcessExports | null | undefined;

function load(): ProcessExports | null {
  if (exportsCache !== undefined) return exportsCache;
  try {
    const require = createRequire(import.meta.url);
    require('sh-syntax/vendors/wasm_exec'); // defines globalThis.Go, the Go WebAssembly runtime
    const Go = (
      globalThis as unknown as { Go: new () => { importObject: WebAssembly.Imports; run(i: unknown): unknown } }
    ).Go;
    const module = new WebAssembly.Module(readFileSync(require.resolve('sh-syntax/main.wasm')));
    const go = new Go();
    const instance = new WebAssembly.Instance(module, go.importObject);
    void go.run(instance); // runs the Go main until it waits for calls, synchronously
    exportsCache = instance.exports as unknown as ProcessExports;
  } catch {
    exportsCache = null; // no parser: rules built on it stay silent rather than guess
  }
  return exportsCache;
}

function put(x: ProcessExports, bytes: Uint8Array): number {
  const at = x.wasmAlloc(bytes.byteLength);
  new Uint8Array(x.memory.buffer).set(bytes, at);
  return at;
}

/** The parse result as sh-syntax's processor gets it (print off, comments kept, no error recovery). */
function parseJson(x: ProcessExports, script: Uint8Array): unknown {
  const none = new Uint8Array(0);
  const file = put(x, none);
  const text = put(x, script);
  const stop = put(x, none);
  const flags = [false, true, LANG_BASH, stop, 0, 0, 0, false, 2, true, true, true, false, false, false, false];
  const result = x.process(file, 0, 0, text, script.byteLength, script.byteLength, ...flags);
  x.wasmFree(file);
  x.wasmFree(text);
  x.wasmFree(stop);
  const out = new Uint8Array(x.memory.buffer).subarray(result);
  return JSON.parse(new TextDecoder().decode(out.subarray(0, out.indexOf(0))));
}

/** Character column of a 1-based byte column on a line. */
function charColumn(lines: string[], line: number, byteCol: number): number {
  const text = lines[line - 1] ?? '';
  return Buffer.from(text, 'utf8')
    .subarray(0, byteCol - 1)
    .toString('utf8').length;
}

/**
 * The top-level statements of a script (a compound command, a pipeline or an `&&` list is one), or
 * undefined when the script does not parse or the parser is unavailable.
 */
export function topLevelStatements(script: string): ShellStatement[] | undefined {
  const x = load();
  if (!x) return undefined;
  const bytes = Buffer.from(script, 'utf8');
  let parsed: { file?: { Stmts?: { Pos: Pos; End: Pos }[] }; parseError?: unknown; message?: string };
  try {
    parsed = parseJson(x, bytes) as typeof parsed;
  } catch {
    exportsCache = undefined; // a Go panic ends the instance: start a fresh one for the next script
    return undefined;
  }
  if (parsed.parseError || parsed.message || !parsed.file) return undefined;
  const lines = script.split('\n');
  return (parsed.file.Stmts ?? []).map((s) => ({
    text: bytes.subarray(s.Pos.Offset, s.End.Offset).toString('utf8'),
    line: s.Pos.Line - 1,
    col: charColumn(lines, s.Pos.Line, s.Pos.Col),
  }));
}
