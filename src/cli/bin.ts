#!/usr/bin/env node
/**
 * The entry of the bundled CLI (scripts/bundle.mjs → dist/bundle/cli.cjs, started by dist/bundle/codelocal.js,
 * the package's `bin`, through compile-cache.ts): one file instead of ~400 ES modules, which Node 20 would
 * resolve, read and link one by one at every start, and compiled from a V8 code cache (docs/performance.md,
 * changes 1 and 14). main.ts still runs on its own, unbundled.
 */
import { runAsProgram } from './main.js';

runAsProgram();
