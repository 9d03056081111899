import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser, Query, Tree } from 'web-tree-sitter';
import { formatSize, SkippedFileError } from './fileAccess';
import { installNodeLinks } from './nodeLinks';
import { currentDeadline, LintStoppedError, LintTimeoutError } from './timeBudget';

export type { Node as SyntaxNode, Tree, Query, QueryMatch } from 'web-tree-sitter';

export interface WasmFiles {
  runtime: string;
  goGrammar: string;
}

/**
 * Finds the WASM files: next to the bundle (`dist/wasm`, as packaged) or in node_modules
 * (unit tests run from `out/`). Nothing is fetched at run time.
 */
export function locateWasmFiles(startDir: string = __dirname): WasmFiles {
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    const bundled = path.join(dir, 'dist', 'wasm');
    for (const candidate of [path.join(dir, 'wasm'), bundled]) {
      const runtime = path.join(candidate, 'tree-sitter.wasm');
      const goGrammar = path.join(candidate, 'tree-sitter-go.wasm');
      if (fs.existsSync(runtime) && fs.existsSync(goGrammar)) return { runtime, goGrammar };
    }
    const modules = path.join(dir, 'node_modules');
    const runtime = path.join(modules, 'web-tree-sitter', 'tree-sitter.wasm');
    const goGrammar = path.join(modules, 'tree-sitter-go', 'tree-sitter-go.wasm');
    if (fs.existsSync(runtime) && fs.existsSync(goGrammar)) return { runtime, goGrammar };
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`gomem: the tree-sitter WASM files were not found near ${startDir}`);
}

/**
 * The most text the WASM parser is given. Its memory runs out somewhere between 20 and 50 MB of
 * Go, and running out aborts the whole WebAssembly runtime (`Aborted()`): every later parse in
 * the process would fail too. Larger texts are refused before parsing, with one sentence.
 */
export const MAX_PARSE_CHARACTERS = 16 * 1024 * 1024;

/** A text too large for the parser (see MAX_PARSE_CHARACTERS). */
export class TooLargeToParseError extends SkippedFileError {
  constructor(characters: number) {
    super(`skipped: it is ${formatSize(characters)}, more than the ${formatSize(MAX_PARSE_CHARACTERS)} of Go the parser can hold`);
  }
}

// `node.parent` and the sibling getters search from the root each time: see nodeLinks.ts.
installNodeLinks();

/**
 * The most work the parser may do per character it has read (tree-sitter calls the progress
 * callback once every 100 of its operations). Sound Go takes one or two operations per
 * character (2.2 at most in the Go standard library), a syntax error typed anywhere into its
 * largest files at most 17; but on some malformed chains (`[]{[]{[]{...`) the error recovery's
 * work grows with the square of their length: 16 KB took 8 s, 250 KB hours. Past this bound the
 * parse stops with one sentence, within a fraction of a second whatever the machine's load.
 */
export const MAX_PARSE_OPERATIONS_PER_CHARACTER = 40;
/** Work allowed on top of that, so that the first errors of a text are never stopped. */
const PARSE_OPERATIONS_ALLOWANCE = 300_000;
const OPERATIONS_PER_PROGRESS_CALL = 100;

/** A text whose syntax errors make tree-sitter's error recovery run away (see MAX_PARSE_OPERATIONS_PER_CHARACTER). */
export class ErrorRecoveryTooSlowError extends LintStoppedError {
  constructor(readonly line: number) {
    super(`its syntax errors around line ${line} make the parser's error recovery too slow (more than ${MAX_PARSE_OPERATIONS_PER_CHARACTER} steps per character); correct the syntax there`);
  }
}

/** One loaded Go grammar; parsers and queries are made from it. */
export class GoLanguage {
  private constructor(readonly language: Language) {}

  private static loading: Promise<GoLanguage> | undefined;

  /** Loads the runtime and grammar once per process. */
  static load(files: WasmFiles = locateWasmFiles()): Promise<GoLanguage> {
    if (!GoLanguage.loading) {
      GoLanguage.loading = (async () => {
        await Parser.init({ locateFile: () => files.runtime });
        const language = await Language.load(fs.readFileSync(files.goGrammar));
        return new GoLanguage(language);
      })();
    }
    return GoLanguage.loading;
  }

  createParser(): Parser {
    const parser = new Parser();
    parser.setLanguage(this.language);
    return parser;
  }

  query(source: string): Query {
    return new Query(this.language, source);
  }

  /**
   * Parses a text (reusing the unchanged parts of `oldTree`, edited to match), within the current
   * lint's time budget: tree-sitter's error recovery can take minutes on some malformed inputs.
   */
  parse(text: string, parser: Parser = this.sharedParser(), oldTree: Tree | null = null): Tree {
    if (text.length > MAX_PARSE_CHARACTERS) throw new TooLargeToParseError(text.length);
    const deadline = currentDeadline();
    let operations = 0;
    let stoppedAt: number | undefined;
    const tree = parser.parse(text, oldTree, {
      progressCallback: (state) => {
        operations += OPERATIONS_PER_PROGRESS_CALL;
        // The offset is in bytes of UTF-16.
        if (operations > (state.currentOffset / 2) * MAX_PARSE_OPERATIONS_PER_CHARACTER + PARSE_OPERATIONS_ALLOWANCE) {
          stoppedAt = state.currentOffset / 2;
          return true;
        }
        return deadline !== undefined && (operations & 1023) === 0 && deadline.expired;
      },
    });
    if (!tree) {
      // A cancelled parse would otherwise resume where it stopped on the next call.
      parser.reset();
      if (stoppedAt !== undefined) throw new ErrorRecoveryTooSlowError(lineAt(text, Math.min(text.length, stoppedAt)));
      if (deadline?.expired) throw new LintTimeoutError(deadline.seconds);
      throw new Error('tree-sitter returned no tree');
    }
    return tree;
  }

  private parserInstance: Parser | undefined;
  private sharedParser(): Parser {
    return (this.parserInstance ??= this.createParser());
  }
}

/** The 1-based line of an offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}
