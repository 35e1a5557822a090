#!/usr/bin/env node
/**
 * The entry of the bundled CLI (scripts/bundle.mjs → dist/bundle/codelocal.js, the package's `bin`): one
 * file per lazily loaded command group instead of ~400 ES modules, which Node 20 would resolve, read and link
 * one by one at every start (docs/performance.md, "Start-up"). main.ts still runs on its own, unbundled.
 */
import { runAsProgram } from './main.js';

runAsProgram();
