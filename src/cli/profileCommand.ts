// `gomem profile top`: pprof's -top table (text mirrors `go tool pprof -top`, or JSON) from a
// profile file. Bad input prints one sentence on stderr and exits 2.
import * as fs from 'fs';
import { applyFilters, compileFilters, DEFAULT_MAX_MEMORY_MEGABYTES, formatTopReport, MemoryBudget, ProfileError, ProfileFilters, profileOfFlat, profileTotal, sampleIndexByName, topReport } from '../core/pprof';
import { DEFAULT_MAX_INFLATED_BYTES, loadFlatProfile } from '../core/pprof/node';
import { byLines } from '../core/pprof/granularity';
import { runLeakCommand } from './leakCommands';
import { GoroutinesUsageError, runGoroutinesCommand } from './goroutinesCommand';

export interface CommandIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const usage = `Usage: gomem profile top [options] FILE

Prints the functions of a pprof profile (.pb.gz, .pprof, or Go's debug=1/debug=2 text) by flat value,
with the numbers \`go tool pprof -top\` prints.

Options:
  --sample-index NAME   sample type to show (name or number; default: the profile's default)
  --cum                 sort by cumulative value
  --lines               one row per source line, as pprof's -lines
  --limit N             show at most N functions
  --format text|json    output format (default text)
  --node-fraction F     hide functions whose cum is below F of the total, as pprof does
                        (default 0.005; 0 lists every function)
  --focus RE            keep only samples with a frame matching RE (also --ignore, --hide, --show)
  --max-inflated-mb N   refuse profiles that inflate past N MB (default ${DEFAULT_MAX_INFLATED_BYTES >> 20})
  --max-memory-mb N     refuse profiles whose decoded samples and tables need more than N MB
                        (default ${DEFAULT_MAX_MEMORY_MEGABYTES}); samples with the same stack count once
  -h, --help            show this help
`;

interface TopOptions {
  sampleIndex?: string;
  cum: boolean;
  lines: boolean;
  limit?: number;
  format: 'text' | 'json';
  filters: ProfileFilters;
  maxInflatedBytes: number;
  maxMemoryMegabytes: number;
  nodeFraction?: number;
  file?: string;
}

class UsageError extends Error {}

function parseTopArguments(args: readonly string[]): TopOptions | 'help' {
  const options: TopOptions = { cum: false, lines: false, format: 'text', filters: {}, maxInflatedBytes: DEFAULT_MAX_INFLATED_BYTES, maxMemoryMegabytes: DEFAULT_MAX_MEMORY_MEGABYTES };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    const value = (): string => {
      if (equals > 0) {
        return arg.slice(equals + 1);
      }
      if (i + 1 >= args.length) {
        throw new UsageError(`The option ${flag} needs a value.`);
      }
      return args[++i];
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--sample-index':
        options.sampleIndex = value();
        break;
      case '--cum':
        options.cum = true;
        break;
      case '--lines':
        options.lines = true;
        break;
      case '--limit': {
        const text = value();
        if (!/^\d+$/.test(text) || Number(text) < 1) {
          throw new UsageError(`--limit needs a positive whole number, not "${text}".`);
        }
        options.limit = Number(text);
        break;
      }
      case '--format': {
        const text = value();
        if (text !== 'text' && text !== 'json') {
          throw new UsageError(`--format must be text or json, not "${text}".`);
        }
        options.format = text;
        break;
      }
      case '--focus':
      case '--ignore':
      case '--hide':
      case '--show':
        options.filters[flag.slice(2) as keyof ProfileFilters] = value();
        break;
      case '--node-fraction': {
        const text = value();
        const fraction = Number(text);
        if (text.trim() === '' || !(fraction >= 0 && fraction <= 1)) {
          throw new UsageError(`--node-fraction needs a number between 0 and 1, not "${text}".`);
        }
        options.nodeFraction = fraction;
        break;
      }
      case '--max-inflated-mb': {
        const text = value();
        if (!/^\d+$/.test(text) || Number(text) < 1) {
          throw new UsageError(`--max-inflated-mb needs a positive whole number, not "${text}".`);
        }
        options.maxInflatedBytes = Number(text) * 1024 * 1024;
        break;
      }
      case '--max-memory-mb': {
        const text = value();
        if (!/^\d+$/.test(text) || Number(text) < 1) {
          throw new UsageError(`--max-memory-mb needs a positive whole number, not "${text}".`);
        }
        options.maxMemoryMegabytes = Number(text);
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') {
          throw new UsageError(`Unknown option ${arg} (see gomem profile top --help).`);
        }
        if (options.file !== undefined) {
          throw new UsageError('gomem profile top takes one profile file.');
        }
        options.file = arg;
    }
  }
  return options;
}

/**
 * The file's bytes, never more than the inflated-size limit allows: a larger regular file is
 * refused before it is read, and a pipe (`<(curl ...)`) or device is read only up to the limit.
 */
export function readProfileFile(file: string, maxBytes = DEFAULT_MAX_INFLATED_BYTES): Uint8Array {
  const tooLarge = () => new ProfileError(`${file} is larger than the ${Math.round(maxBytes / 1048576)} MB limit; raise it with --max-inflated-mb to open it.`);
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) {
      throw new ProfileError(`${file} is a directory, not a profile file.`);
    }
    if (stat.isFile()) {
      if (stat.size > maxBytes) throw tooLarge();
      return fs.readFileSync(file);
    }
    const fd = fs.openSync(file, 'r');
    try {
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const chunk = Buffer.allocUnsafe(1 << 20);
        const read = fs.readSync(fd, chunk, 0, chunk.length, null);
        if (read === 0) break;
        total += read;
        if (total > maxBytes) throw tooLarge();
        chunks.push(chunk.subarray(0, read));
      }
      return Buffer.concat(chunks);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if (error instanceof ProfileError) {
      throw error;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ProfileError(`${file} does not exist.`);
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new ProfileError(`${file} cannot be read: permission denied.`);
    }
    throw new ProfileError(`${file} cannot be read (${code ?? 'unknown error'}).`);
  }
}

function runTop(options: TopOptions, io: CommandIO): number {
  if (options.file === undefined) {
    throw new UsageError('gomem profile top needs a profile file (see gomem profile top --help).');
  }
  const compiled = compileFilters(options.filters);
  // Samples with the same stack merged (the top numbers are sums), within the memory budget: a
  // profile of 30 million samples gives its table instead of exhausting memory.
  const budget = MemoryBudget.ofMegabytes(options.maxMemoryMegabytes, '--max-memory-mb');
  const flat = loadFlatProfile(readProfileFile(options.file, options.maxInflatedBytes), { maxInflatedBytes: options.maxInflatedBytes, inflatedHint: '--max-inflated-mb', budget });
  const profile = profileOfFlat(flat, budget);
  const sampleIndex = sampleIndexByName(profile, options.sampleIndex);
  const filtered = applyFilters(profile, compiled);
  const report = topReport(options.lines ? byLines(filtered) : filtered, {
    sampleIndex,
    // pprof takes the total before filtering, so percentages stay relative to the whole profile.
    total: profileTotal(profile, sampleIndex),
    cum: options.cum,
    nodeCount: options.limit,
    nodeFraction: options.nodeFraction,
    activeFilters: options.filters,
  });
  if (options.format === 'json') {
    const json = {
      sampleType: report.sampleType.type,
      unit: report.sampleType.unit,
      total: report.total,
      rows: report.rows.map((row) => ({ function: row.function, flat: row.flat, cum: row.cum })),
    };
    io.stdout(JSON.stringify(json, null, 2) + '\n');
  } else {
    io.stdout(formatTopReport(report));
  }
  return 0;
}

/** Entry point for `gomem profile <subcommand> ...` (args start after "profile"). */
export async function runProfileCommand(args: readonly string[], io: CommandIO): Promise<number> {
  if (args.length === 0) {
    io.stderr(usage);
    return 2;
  }
  if (args[0] === 'capture' || args[0] === 'diff' || args[0] === 'growth') {
    return runLeakCommand(args[0], args.slice(1), io);
  }
  if (args[0] !== 'top' && args[0] !== 'goroutines') {
    io.stderr(`Unknown profile command "${args[0]}"; the available commands are: top, goroutines, capture, diff, growth.\n`);
    return 2;
  }
  try {
    if (args[0] === 'goroutines') {
      return runGoroutinesCommand(args.slice(1), io, readProfileFile);
    }
    const options = parseTopArguments(args.slice(1));
    if (options === 'help') {
      io.stdout(usage);
      return 0;
    }
    return runTop(options, io);
  } catch (error) {
    if (error instanceof ProfileError || error instanceof UsageError || error instanceof GoroutinesUsageError) {
      io.stderr(error.message + '\n');
      return 2;
    }
    // Anything else is a gomem bug; still one sentence, no stack trace.
    io.stderr(`gomem could not read the profile: ${(error as Error).message ?? String(error)}\n`);
    return 2;
  }
}
