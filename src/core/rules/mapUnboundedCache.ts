import type { Node as SyntaxNode } from 'web-tree-sitter';
import { importsOf, requestParameters } from '../analysis/goroutines';
import type { Resolver } from '../resolver';
import type { PackageTextFile, Rule, RuleContext, SourceFile } from '../rule';
import { addNameBefore, insertedNames, packageVarNames } from '../textFacts';
import { FUNCTION_TYPES, nodeRange } from '../syntax';

/** A package-level map that some code inserts into: the cache candidate. */
interface PackageMap {
  name: string;
  declaration: SyntaxNode;
  file: SourceFile;
  syncMap: boolean;
}

/** `m[k] = v`, `m[k] += n`, `m[k]++`, `m.Store(`: text every insert holds. */
const INSERT_HINT = /\]\s*(?:[-+*\/%&|^]|<<|>>|&\^)?=[^=]|\]\s*(?:\+\+|--)|\.(Store|LoadOrStore)\(/;

export const mapUnboundedCache: Rule = {
  meta: {
    id: 'map-unbounded-cache',
    family: 'map',
    defaultSeverity: 'warning',
    description: 'A package-level map filled by requests or loops with keys that vary, which nothing in the package ever deletes from, clears or replaces: it only grows.',
    docs: 'docs/rules/map-unbounded-cache.md',
    offByDefault:
      'on 29 real-world projects 1 of its 3 findings was worth changing (33%; the others were a demo\'s data store and an allow-list loaded once), below the 90% a rule on by default must reach.',
    fixable: false,
  },
  // Test code ends with its test binary: nothing it leaves behind lasts.
  quietInTests: true,
  // An insert lies in the declaration it is written in: declarations without one are not walked.
  textHint: INSERT_HINT,
  // Before parsing: the map is a package variable nothing deletes from, so some file of the
  // package may declare a name the file inserts into, and no file deletes from it or clears it.
  packageHint: (file, siblings) => {
    const inserted = [...insertedNames(file)];
    if (!declaresPackageVar(file, siblings, inserted)) return false;
    const shrunk = new Set<string>();
    for (const text of [file, ...siblings()]) for (const name of shrunkIn(text)) shrunk.add(name);
    return declaresPackageVar(file, siblings, inserted.filter((name) => !shrunk.has(name)));
  },
  // An insert's finding also depends on whether any code of the package deletes from the map.
  // (Deletes, assignments and declarations of a sibling all count: any change of its text does.)
  outsideFacts: { ofDeclaration: (declaration) => [...shrinkingInside(declaration)].sort().join(' ') },
  query: `
    (assignment_statement left: (expression_list (index_expression operand: (identifier) @map) @target)) @insert
    (inc_statement (index_expression operand: (identifier) @map) @target) @insert
    (call_expression function: (selector_expression operand: (identifier) @map field: (field_identifier) @method (#match? @method "^(Store|LoadOrStore)$"))) @insert
  `,
  check(context, matches) {
    const resolver = context.resolver();
    let shrinking: Set<string> | undefined;
    for (const { captures } of matches) {
      const insert = captures.insert;
      const mapName = captures.map;
      // Cheap syntax first: most index assignments are in code that runs once or on local maps.
      if (inInit(insert)) continue;
      const key = insert.type === 'call_expression' ? firstArgument(insert) : captures.target.childForFieldName('index');
      if (!key || /^(interpreted_string_literal|raw_string_literal|int_literal|rune_literal|true|false)$/.test(key.type)) continue;
      // Most inserts go to local maps: a name no file of the package declares with `var` is one.
      if (!mayBePackageVar(context, mapName.text) || sizeChecked(insert, mapName.text)) continue;
      // A local of the same name as some package variable is common; resolving it is cheaper than finding what drives the insert.
      const declaration = resolver.declarationOf(mapName);
      if (!declaration?.packageLevel || declaration.kind !== 'var') continue;
      const driver = drivenBy(context, resolver, insert);
      if (!driver) continue;
      const candidate = packageMap(resolver, mapName, declaration.statement, declaration.file, insert.type === 'call_expression');
      if (!candidate || isConstantKey(resolver, key)) continue;
      shrinking ??= shrinkingMaps(context);
      if (shrinking.has(candidate.name)) continue;
      context.report({
        range: nodeRange(insert),
        message: `${candidate.name} only grows: ${driver} inserts with a key that varies (${key.text}), and nothing in the package deletes from ${candidate.name}, clears or replaces it; in a long-running process it holds every key it has ever seen.`,
        remedy: 'bound it: evict entries (delete on a size cap, a TTL swept periodically, or an LRU), or scope the map to the work that fills it',
        related: [{ file: candidate.file.path, range: nodeRange(candidate.declaration), message: `${candidate.name} is declared here, for the life of the process` }],
      });
    }
  },
};

/** A package-level `map[K]V` (or `sync.Map`) variable, from a use of it, with its declaring spec. */
function packageMap(resolver: Resolver, use: SyntaxNode, statement: SyntaxNode, file: SourceFile, viaMethod: boolean): PackageMap | undefined {
  const type = resolver.typeOf(use);
  const syncMap = type.kind === 'named' && type.pkg === 'sync' && type.name === 'Map';
  if (viaMethod ? !syncMap : resolver.underlying(type).kind !== 'map') return undefined;
  return { name: use.text, declaration: statement, file, syncMap };
}

function firstArgument(call: SyntaxNode): SyntaxNode | null {
  return call.childForFieldName('arguments')?.namedChildren.find((arg) => arg?.type !== 'comment') ?? null;
}

/** Literals, constants and expressions of them: a fixed set of keys, however often it is written. */
function isConstantKey(resolver: Resolver, key: SyntaxNode): boolean {
  if (/^(interpreted_string_literal|raw_string_literal|int_literal|float_literal|rune_literal|true|false|nil)$/.test(key.type)) return true;
  if (key.type === 'identifier') return resolver.declarationOf(key)?.kind === 'const';
  if (key.type === 'selector_expression') return false;
  const names = key.descendantsOfType('identifier');
  return names.length > 0 && names.every((identifier) => !!identifier && resolver.declarationOf(identifier)?.kind === 'const');
}

/**
 * What makes the insert run again and again with new keys: a request handler, or a loop that
 * runs on input (`for scanner.Scan()`, `for rows.Next()`, `for msg := range ch`, `for { }`).
 * A loop over a slice or map in code that runs once (setup, a sync.Once table, a compiler pass)
 * fills a bounded set, so it is not a cache.
 */
function drivenBy(context: RuleContext, resolver: Resolver, insert: SyntaxNode): string | undefined {
  let fn: SyntaxNode | null = null;
  for (let node = insert.parent; node; node = node.parent) {
    if (node.type === 'for_statement' && !fn && runsOnInput(resolver, node)) return 'a loop over input';
    if (FUNCTION_TYPES.has(node.type)) {
      fn ??= node;
      if (requestParameters(node, importsOf(context.file.tree.rootNode), context.file.tree.rootNode).length > 0) return 'a request handler';
    }
  }
  return undefined;
}

function runsOnInput(resolver: Resolver, loop: SyntaxNode): boolean {
  const header = loop.namedChildren.filter((child) => child && child.type !== 'block' && child.type !== 'comment');
  if (header.length === 0) return true;
  const only = header.length === 1 ? header[0]! : undefined;
  if (only?.type === 'range_clause') {
    const ranged = only.childForFieldName('right');
    return !!ranged && resolver.underlying(resolver.typeOf(ranged)).kind === 'chan';
  }
  // A counted loop without a condition (`for i := 0; ; i++`) walks something finite and breaks out.
  // `for scanner.Scan()`, `for rows.Next()`: a condition that reads the next item.
  return only?.type === 'call_expression' && only.childForFieldName('function')?.type === 'selector_expression';
}

function inInit(insert: SyntaxNode): boolean {
  for (let node = insert.parent; node; node = node.parent) {
    if (node.type === 'function_declaration') return node.childForFieldName('name')?.text === 'init';
    // A method runs whenever it is called (a handler's ServeHTTP, a server's method), not once.
    if (node.type === 'method_declaration') return false;
  }
  return true;
}

/** `if len(m) < max { m[k] = v }` or an earlier `if len(m) >= max { return }`: a size cap. */
function sizeChecked(insert: SyntaxNode, name: string): boolean {
  let fn: SyntaxNode | null = insert.parent;
  while (fn && !FUNCTION_TYPES.has(fn.type)) fn = fn.parent;
  return !!fn && new RegExp(`\\blen\\(\\s*${name}\\s*\\)\\s*(<|<=|>|>=|==)`).test(fn.text);
}

/** Package-level maps something deletes from, clears, or replaces outside their declaration. */
function shrinkingMaps(context: RuleContext): Set<string> {
  const names = new Set<string>();
  for (const file of [context.file, ...context.packageFiles()]) {
    for (const name of context.cached(file, 'map-unbounded-cache:shrinking', () => shrinkingIn(file))) names.add(name);
  }
  return names;
}

/** One file's share: names it deletes from, clears or assigns (kept while its tree is unchanged). */
function shrinkingIn(file: SourceFile): Set<string> {
  return shrinkingInside(file.tree.rootNode);
}

/** The names code inside a node deletes from, clears or assigns. */
function shrinkingInside(node: SyntaxNode): Set<string> {
  const names = shrunkInText(node.text);
  // `m = make(...)`, `m = map[K]V{}`, `m = nil`: replaced wholesale (a reset or a swap).
  for (const assignment of node.descendantsOfType('assignment_statement')) {
    if (!assignment || assignment.childForFieldName('operator')?.text !== '=') continue;
    for (const target of assignment.childForFieldName('left')?.namedChildren ?? []) if (target?.type === 'identifier') names.add(target.text);
  }
  return names;
}

const shrunkByFile = new WeakMap<PackageTextFile, Set<string>>();

/** shrunkInText of a file, once per file: every file of a package asks about every other. */
function shrunkIn(file: PackageTextFile): Set<string> {
  let names = shrunkByFile.get(file);
  if (!names) shrunkByFile.set(file, (names = shrunkInText(file.text)));
  return names;
}

/** The names a text deletes from or clears (`delete(m, k)`, `clear(m)`, `m.Delete(k)`): what the text alone tells. */
function shrunkInText(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/\b(?:delete|clear)\(\s*(\w+)\s*[,)]/g)) names.add(match[1]);
  // The method call first, then the name before its dot: a regex that starts at every word
  // (`\b(\w+)\.Delete\(`) costs four times as much over a package.
  for (const match of text.matchAll(/\.(?:Delete|LoadAndDelete|CompareAndDelete|Clear)\(/g)) addNameBefore(text, match.index!, names);
  return names;
}

/** Whether some file of the package could declare `name` as a package variable (text only: no sibling is parsed). */
function mayBePackageVar(context: RuleContext, name: string): boolean {
  return declaresPackageVar(context.file, context.packageFiles, [name]);
}

/** Whether the file or one of its siblings (listed only if the file does not) may declare one of the names as a package variable. */
function declaresPackageVar(file: PackageTextFile, siblings: () => readonly PackageTextFile[], names: Iterable<string>): boolean {
  const wanted = [...names];
  if (wanted.length === 0) return false;
  const declaresOne = (declaring: PackageTextFile) => {
    const vars = packageVarNames(declaring);
    return wanted.some((name) => vars.has(name));
  };
  return declaresOne(file) || siblings().some(declaresOne);
}
