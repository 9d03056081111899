// The entry of `gomem gctrace` when bin/gomem.js runs it: a bundle of its own (dist/cli/gctrace.js)
// holding the trace reader and nothing else, so reading a trace does not first load the linter's
// parser, its rules and the profile tools (a third of the time of a 100,000-line trace).
import * as fs from 'fs';
import { GCTRACE_USAGE, GcTraceUsageError, runGcTraceCommand } from './gctraceCommand';

/**
 * Writes bytes to standard output before returning (the JSON comes in pieces of one reused buffer);
 * a reader that closed the pipe (`gomem ... | head`) ends the run quietly.
 */
function writeStdout(bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) {
    try {
      at += fs.writeSync(1, bytes, at, bytes.length - at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      // A non-blocking pipe that is full: wait a moment for the reader.
      if (code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
      else throw error;
    }
  }
}

/** Runs `gomem gctrace ARGS` in this process (its output holds no profile names: it is written as it is). */
export function main(args: string[] = process.argv.slice(3)): void {
  // Standard output is written to its descriptor: process.stdout, a stream, costs more to set up than the summary costs to write.
  const stderr = (text: string) => process.stderr.write(text);
  runGcTraceCommand(args, { stdout: (text) => writeStdout(Buffer.from(text)), stdoutBytes: writeStdout, stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error & { code?: string }) => {
      const usage = error instanceof GcTraceUsageError || error.code?.startsWith('ERR_PARSE_ARGS');
      stderr(`gomem: ${error.message}\n${usage ? `usage: ${GCTRACE_USAGE}\n` : ''}`);
      process.exitCode = 2;
    },
  );
}
