// `gomem profile goroutines`: the goroutines of a goroutine profile (protobuf, debug=1, debug=2)
// or a goroutineleak profile, grouped by state, wait, blocking frame and creating go statement,
// largest groups first, leak suspects marked. Bad input prints one sentence on stderr and exits 2.
import { GoroutineGroup, GoroutineReport, goroutineGroups, isGoroutineProfile, SourcePlace } from '../core/pprof/goroutines';
import { ProfileError } from '../core/pprof/model';
import { DEFAULT_MAX_INFLATED_BYTES, loadProfile } from '../core/pprof/node';
import type { CommandIO } from './profileCommand';

export const goroutinesUsage = `Usage: gomem profile goroutines [--format text|json] FILE

Groups the goroutines of a goroutine profile (/debug/pprof/goroutine as protobuf, ?debug=1 or
?debug=2) or of the goroutineleak profile (Go 1.26+) by state, wait time, the frames they are
parked in and the go statement that started them, largest groups first. Groups that look like
leaks are marked, with the reason. debug=2 dumps carry wait times and creators; the other forms
do not.

Options:
  --format text|json    output format (default text)
  --max-inflated-mb N   refuse profiles that inflate past N MB (default ${DEFAULT_MAX_INFLATED_BYTES >> 20})
  -h, --help            show this help
`;

export class GoroutinesUsageError extends Error {}

interface GoroutinesOptions {
  format: 'text' | 'json';
  maxInflatedBytes: number;
  file?: string;
}

function parseArguments(args: readonly string[]): GoroutinesOptions | 'help' {
  const options: GoroutinesOptions = { format: 'text', maxInflatedBytes: DEFAULT_MAX_INFLATED_BYTES };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    const value = (): string => {
      if (equals > 0) return arg.slice(equals + 1);
      if (i + 1 >= args.length) throw new GoroutinesUsageError(`The option ${flag} needs a value.`);
      return args[++i];
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--format': {
        const text = value();
        if (text !== 'text' && text !== 'json') throw new GoroutinesUsageError(`--format must be text or json, not "${text}".`);
        options.format = text;
        break;
      }
      case '--max-inflated-mb': {
        const text = value();
        if (!/^\d+$/.test(text) || Number(text) < 1) throw new GoroutinesUsageError(`--max-inflated-mb needs a positive whole number, not "${text}".`);
        options.maxInflatedBytes = Number(text) * 1024 * 1024;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new GoroutinesUsageError(`Unknown option ${arg} (see gomem profile goroutines --help).`);
        if (options.file !== undefined) throw new GoroutinesUsageError('gomem profile goroutines takes one profile file.');
        options.file = arg;
    }
  }
  return options;
}

/** The JSON the CLI prints: the shape issue 11 fixes, nothing more. */
export function goroutinesJson(report: GoroutineReport): object {
  const place = (p: SourcePlace) => ({ function: p.function, file: p.file, line: p.line });
  return {
    total: report.total,
    groups: report.groups.map((group) => ({
      count: group.count,
      state: group.state,
      waitMinutes: group.waitMinutes ? { min: group.waitMinutes.min, max: group.waitMinutes.max } : null,
      function: group.place.function,
      file: group.place.file,
      line: group.place.line,
      createdBy: group.createdBy ? place(group.createdBy) : null,
      suspect: group.suspect,
    })),
  };
}

function at(place: SourcePlace): string {
  return place.file ? `${place.function}  ${place.file}:${place.line}` : place.function;
}

function groupText(group: GoroutineGroup): string {
  const wait = group.waitMinutes ? (group.waitMinutes.max === 0 ? ', under a minute' : `, ${group.waitMinutes.min === group.waitMinutes.max ? group.waitMinutes.max : `${group.waitMinutes.min}-${group.waitMinutes.max}`} min`) : '';
  const lines = [`${group.count} × ${group.state}${wait}${group.suspect ? '  [leak suspect]' : ''}`, `    at ${at(group.place)}`];
  const parkedIn = group.blockingFrames.slice(0, -1).map((frame) => frame.function);
  if (parkedIn.length > 0) lines.push(`    ${group.state === 'running' ? 'running in' : 'parked in'} ${parkedIn.join(' < ')}`);
  if (group.createdBy) lines.push(`    created by ${at(group.createdBy)}`);
  if (group.reason) lines.push(`    ${group.reason}`);
  return lines.join('\n');
}

export function formatGoroutinesText(report: GoroutineReport): string {
  const suspects = report.groups.filter((group) => group.suspect).reduce((sum, group) => sum + group.count, 0);
  const header = [
    `${report.total} goroutine${report.total === 1 ? '' : 's'} in ${report.groups.length} group${report.groups.length === 1 ? '' : 's'}` +
      (suspects > 0 ? `; ${suspects} look${suspects === 1 ? 's' : ''} leaked.` : '.'),
  ];
  if (!report.waitTimesKnown && !report.leakProfile) header.push('This format has no wait times or creators; a ?debug=2 dump has both.');
  return `${header.join('\n')}\n\n${report.groups.map(groupText).join('\n\n')}\n`;
}

/** `gomem profile goroutines ...` (args start after "goroutines"). Throws ProfileError or GoroutinesUsageError. */
export function runGoroutinesCommand(args: readonly string[], io: CommandIO, readProfileFile: (file: string) => Uint8Array): number {
  const options = parseArguments(args);
  if (options === 'help') {
    io.stdout(goroutinesUsage);
    return 0;
  }
  if (options.file === undefined) throw new GoroutinesUsageError('gomem profile goroutines needs a profile file (see gomem profile goroutines --help).');
  const profile = loadProfile(readProfileFile(options.file), { maxInflatedBytes: options.maxInflatedBytes });
  if (!isGoroutineProfile(profile)) {
    throw new ProfileError(`${options.file} is not a goroutine profile (its sample types are ${profile.sampleTypes.map((type) => type.type).join(', ')}): save /debug/pprof/goroutine or goroutineleak.`);
  }
  const report = goroutineGroups(profile);
  io.stdout(options.format === 'json' ? JSON.stringify(goroutinesJson(report), null, 2) + '\n' : formatGoroutinesText(report));
  return 0;
}
