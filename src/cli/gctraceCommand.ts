// `gomem gctrace [--format text|json] FILE|-`: reads a GODEBUG=gctrace=1 log (a file, or stdin
// with -) and prints its summary and verdicts. No trace line at all is an input error (exit 2).
import * as fs from 'fs';
import { parseArgs } from 'util';
import { gcTraceJsonBytes, gcTraceText, GcTraceParser, writeGcTraceJson } from '../core/gctrace';

export interface GcTraceIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /**
   * Writes bytes to standard output as they are, when the caller can (the JSON of a large trace is
   * made as bytes, a piece at a time); done with them when it returns.
   */
  stdoutBytes?: (bytes: Uint8Array) => void;
  /** Standard input, for "-"; process.stdin when not given. */
  stdin?: NodeJS.ReadableStream;
}

export const GCTRACE_USAGE = 'gomem gctrace [--format text|json] FILE|-';

/** A mistake in the arguments (the caller prints the usage and exits 2). */
export class GcTraceUsageError extends Error {}

/** Bytes of a file read at a time: one buffer, used again for each piece (fresh memory is slow to touch). */
const READ_BYTES = 256 * 1024;

/** A parser that keeps no text (the CLI prints none of the log), given the whole input. */
async function parse(file: string, stdin: NodeJS.ReadableStream): Promise<GcTraceParser> {
  if (file !== '-') {
    const handle = fs.openSync(file, 'r');
    try {
      const { size } = fs.fstatSync(handle);
      const parser = new GcTraceParser({ keepText: false, expectedBytes: size });
      const buffer = Buffer.allocUnsafe(READ_BYTES);
      for (let read; (read = fs.readSync(handle, buffer, 0, READ_BYTES, null)) > 0; ) parser.push(buffer.subarray(0, read));
      return parser;
    } finally {
      fs.closeSync(handle);
    }
  }
  const parser = new GcTraceParser({ keepText: false });
  await new Promise<void>((resolve, reject) => {
    stdin.on('data', (chunk: Buffer | string) => parser.push(chunk));
    stdin.on('end', () => resolve());
    stdin.on('error', reject);
  });
  return parser;
}

export async function runGcTraceCommand(args: string[], io: GcTraceIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'text' } } });
  const format = values.format!;
  if (format !== 'text' && format !== 'json') throw new GcTraceUsageError(`unknown format "${format}" (text or json)`);
  if (positionals.length !== 1) throw new GcTraceUsageError('gctrace needs one file, or - for standard input');
  const file = positionals[0];
  let parser: GcTraceParser;
  try {
    parser = await parse(file, io.stdin ?? process.stdin);
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
  else if (io.stdoutBytes) writeGcTraceJson(trace, io.stdoutBytes);
  else io.stdout(new TextDecoder().decode(gcTraceJsonBytes(trace)));
  return 0;
}
