import * as fs from 'fs';
import * as path from 'path';
import { Language, Node, Parser, Query, Tree } from 'web-tree-sitter';
import { formatSize, SkippedFileError } from './fileAccess';
import { checkDeadline, currentDeadline, LintTimeoutError } from './timeBudget';

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

/**
 * `node.parent` costs as much as the node is deep (tree-sitter finds it from the root), so rules
 * climbing out of 5,000 nested blocks spend minutes there: every step checks the time budget.
 */
const nativeParent = Object.getOwnPropertyDescriptor(Node.prototype, 'parent')?.get;
if (nativeParent) {
  Object.defineProperty(Node.prototype, 'parent', {
    configurable: true,
    get(this: Node) {
      checkDeadline();
      return nativeParent.call(this);
    },
  });
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
    const tree = parser.parse(text, oldTree, deadline ? { progressCallback: () => deadline.expired } : undefined);
    if (!tree) {
      // A cancelled parse would otherwise resume where it stopped on the next call.
      parser.reset();
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
