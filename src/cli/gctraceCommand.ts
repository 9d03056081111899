// `gomem gctrace [--format text|json] FILE|-`: reads a GODEBUG=gctrace=1 log (a file, or stdin
// with -) and prints its summary and verdicts. No trace line at all is an input error (exit 2).
import * as fs from 'fs';
import { parseArgs } from 'util';
import { gcTraceJsonBytes, gcTraceText, GcTraceParser } from '../core/gctrace';

export interface GcTraceIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Writes bytes to standard output as they are, when the caller can (the JSON of a large trace is made as bytes). */
  stdoutBytes?: (bytes: Uint8Array) => void;
  /** Standard input, for "-"; process.stdin when not given. */
  stdin?: NodeJS.ReadableStream;
}

export const GCTRACE_USAGE = 'gomem gctrace [--format text|json] FILE|-';

/** A mistake in the arguments (the caller prints the usage and exits 2). */
export class GcTraceUsageError extends Error {}

async function readInto(parser: GcTraceParser, file: string, stdin: NodeJS.ReadableStream): Promise<void> {
  if (file !== '-') {
    // A regular file in one read, decoded natively: one string to scan.
    parser.push(fs.readFileSync(file, 'utf8'));
    return;
  }
  const decoder = new TextDecoder('utf-8');
  await new Promise<void>((resolve, reject) => {
    stdin.on('data', (chunk: Buffer | string) => parser.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })));
    stdin.on('end', () => resolve());
    stdin.on('error', reject);
  });
  parser.push(decoder.decode());
}

export async function runGcTraceCommand(args: string[], io: GcTraceIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'text' } } });
  const format = values.format!;
  if (format !== 'text' && format !== 'json') throw new GcTraceUsageError(`unknown format "${format}" (text or json)`);
  if (positionals.length !== 1) throw new GcTraceUsageError('gctrace needs one file, or - for standard input');
  const file = positionals[0];
  const parser = new GcTraceParser();
  try {
    await readInto(parser, file, io.stdin ?? process.stdin);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a log file' : (error as Error).message;
    io.stderr(`gomem: ${file}: ${reason}\n`);
    return 2;
  }
  const trace = parser.finish();
  const name = file === '-' ? 'standard input' : file;
  if (trace.columns.length === 0) {
    io.stderr(`gomem: ${name} holds no GC trace line ("gc N @Ts P%: ..."); run the program with GODEBUG=gctrace=1 and keep its standard error.\n`);
    return 2;
  }
  if (format === 'text') io.stdout(gcTraceText(trace));
  else if (io.stdoutBytes) io.stdoutBytes(gcTraceJsonBytes(trace));
  else io.stdout(new TextDecoder().decode(gcTraceJsonBytes(trace)));
  return 0;
}
