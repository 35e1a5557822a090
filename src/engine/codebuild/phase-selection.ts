/**
 * `--phase NAME` (repeatable) and `--from-phase NAME`: which buildspec phases a debugging run
 * executes. Phases left out are skipped, not run quietly: re-running them would cost what a full
 * build costs, and the state they leave is what `--keep` + `--reuse` preserve (docs/debugging.md).
 */
import { InputError } from '../../errors.js';
import { PHASE_NAMES, type PhaseName } from '../../model/index.js';

/** `install`, `INSTALL`, `pre-build`, `PRE_BUILD` all name the same phase. */
export function parsePhaseName(text: string, flag: string): PhaseName {
  const name = text.trim().toLowerCase().replace(/-/g, '_') as PhaseName;
  if (!PHASE_NAMES.includes(name)) {
    throw new InputError('PHASE_INVALID', `${flag} expects one of ${PHASE_NAMES.join(', ')}, got "${text}"`);
  }
  return name;
}

/** The phases to run, in buildspec order; undefined when every phase runs. */
export function selectPhases(phases: string[] = [], fromPhase?: string): PhaseName[] | undefined {
  if (phases.length && fromPhase) {
    throw new InputError(
      'PHASE_FLAGS_CONFLICT',
      '--phase and --from-phase cannot be combined: pick phases, or a first phase',
    );
  }
  if (fromPhase) return PHASE_NAMES.slice(PHASE_NAMES.indexOf(parsePhaseName(fromPhase, '--from-phase')));
  if (!phases.length) return undefined;
  const chosen = new Set(phases.map((p) => parsePhaseName(p, '--phase')));
  return PHASE_NAMES.filter((p) => chosen.has(p));
}
