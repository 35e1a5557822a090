/**
 * The DeploymentWindow rule's cron expression (docs/aws/codepipeline.md §12.6): six fields and an
 * optional year — seconds (`*` only), minutes, hours, day of month, month, day of week (1-7 or
 * SUN-SAT, 1 = Sunday), year — with `, - * / ?`. A time lies in the window when its minute matches.
 * `L`, `W` and `#` are refused with a clear message rather than guessed. No cron library: matching
 * one minute is a few lines, and a dependency would bring its own reading of the fields.
 */
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 1, max: 7, names: DAYS },
  { min: 1970, max: 2199 },
];

export class CronError extends Error {}

function value(text: string, f: Field): number {
  const named = f.names?.indexOf(text.toUpperCase()) ?? -1;
  const n = named >= 0 ? named + f.min : Number(text);
  if (!Number.isInteger(n) || n < f.min || n > f.max) throw new CronError(`'${text}' is outside ${f.min}-${f.max}`);
  return n;
}

/** The values one field allows. */
function expand(part: string, f: Field): Set<number> {
  const out = new Set<number>();
  for (const item of part.split(',')) {
    if (/[LW#]/i.test(item) && !f.names?.some((n) => item.toUpperCase().includes(n))) {
      throw new CronError(`'${item}': L, W and # are not supported locally`);
    }
    const [range, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`bad step in '${item}'`);
    let lo = f.min;
    let hi = f.max;
    if (range !== '*' && range !== '?') {
      const [a, b] = range!.split('-');
      lo = value(a!, f);
      hi = b === undefined ? (stepText === undefined ? lo : f.max) : value(b, f);
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Wall-clock fields of `time` in `timeZone` (IANA name). */
function wallClock(time: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
  }).formatToParts(time);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return {
    minute: Number(get('minute')),
    hour: Number(get('hour')),
    day: Number(get('day')),
    month: Number(get('month')),
    weekday: DAYS.indexOf(get('weekday').toUpperCase()) + 1,
    year: Number(get('year')),
  };
}

/** Whether `time` falls in the window `cron` describes, in `timeZone` (default UTC). */
export function inCronWindow(cron: string, time: Date, timeZone = 'UTC'): boolean {
  const fields = cron.trim().split(/\s+/);
  if (fields.length < 6 || fields.length > 7) {
    throw new CronError(`expected 6 fields and an optional year, got ${fields.length}`);
  }
  if (fields[0] !== '*' && fields[0] !== '0') throw new CronError(`the seconds field must be '*' (got '${fields[0]}')`);
  let c: ReturnType<typeof wallClock>;
  try {
    c = wallClock(time, timeZone);
  } catch {
    throw new CronError(`unknown time zone '${timeZone}'`);
  }
  const [min, hour, dom, month, dow, year] = fields.slice(1).map((p, i) => expand(p, FIELDS[i]!));
  const domAny = fields[3] === '?' || fields[3] === '*';
  const dowAny = fields[5] === '?' || fields[5] === '*';
  const dayOk = (domAny || dom!.has(c.day)) && (dowAny || dow!.has(c.weekday));
  return (
    min!.has(c.minute) &&
    hour!.has(c.hour) &&
    month!.has(c.month) &&
    dayOk &&
    (fields.length === 6 || year!.has(c.year))
  );
}
