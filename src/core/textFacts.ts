import type { SourceFile } from './rule';

/** All a text fact reads of a file (a sibling not parsed yet, or a file not parsed at all, will do). */
export type TextFile = Pick<SourceFile, 'text'>;
import { functionChunkAt, functionChunkStarts } from './textHints';

/**
 * What a file's text can and cannot hold, answered without its syntax tree: whether it spells a
 * name, could declare it, assign it, or give it a value. Each "no" is certain, so a rule that
 * looks a name up across a package parses only the files that could answer; a "yes" still needs
 * the tree. Answers are remembered per file (siblings are asked again and again).
 */

const answers = new WeakMap<TextFile, Map<string, boolean>>();

/** The per-file answers for one file, kept as long as the file is. */
function answersFor(file: TextFile): Map<string, boolean> {
  let known = answers.get(file);
  if (!known) answers.set(file, (known = new Map()));
  return known;
}

function remembered(file: TextFile, key: string, compute: () => boolean): boolean {
  const known = answersFor(file);
  let answer = known.get(key);
  if (answer === undefined) known.set(key, (answer = compute()));
  return answer;
}

const IDENTIFIER_CHAR = /[\p{L}\p{N}_]/u;

function isIdentifierChar(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (Number.isNaN(code)) return false;
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return IDENTIFIER_CHAR.test(text[index]);
}

/**
 * Whether `name` occurs in the text as a whole identifier for which `accept` (given the text
 * and the occurrence's offset) holds. Searched with indexOf: names are looked up by the
 * thousand, and compiling a pattern for each would cost more than the search.
 */
function someOccurrence(text: string, name: string, accept?: (text: string, at: number) => boolean): boolean {
  // A missing node of broken Go has an empty name: indexOf('', at) stops at the text's end and
  // returns it forever.
  if (name === '') return false;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    if (isIdentifierChar(text, at - 1) || isIdentifierChar(text, at + name.length)) continue;
    if (!accept || accept(text, at)) return true;
  }
  return false;
}

/**
 * Whether a file spells `name` as a whole identifier: a file that does not can neither declare
 * nor use it, so its tree need not be read. Remembered per file (siblings are asked again and again).
 */
export function spellsName(file: TextFile, name: string): boolean {
  return remembered(file, name, () => someOccurrence(file.text, name));
}

export type DeclarationKeyword = 'type' | 'var' | 'const';

/** How far before a name a declaration's keyword is looked for. */
const DECLARATION_CONTEXT = 200;

const ID = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
// What may stand between a keyword and what follows it: space and comments, as in the stdlib's
// `const /* class */ (` (go/scanner). A comment ends where Go ends it (the first `*/`, the line
// break) and nowhere else: comments that could end anywhere backtrack exponentially over a line
// of `// // //`.
const GAP = String.raw`(?:\s|\/\*(?:[^*]|\*(?!\/))*\*\/|\/\/[^\n]*(?:\n|$))*`;

/** Text right before a declared name: `type `, `var a, ` (the keyword, then earlier names of a list). */
const AFTER_KEYWORD: Record<DeclarationKeyword, RegExp> = {
  type: new RegExp(String.raw`\btype${GAP}$`, 'u'),
  var: new RegExp(String.raw`\bvar${GAP}(?:${ID}\s*,\s*)*$`, 'u'),
  const: new RegExp(String.raw`\bconst${GAP}(?:${ID}\s*,\s*)*$`, 'u'),
};
const KEYWORD_WORD: Record<DeclarationKeyword, RegExp> = { type: /\btype\b/g, var: /\bvar\b/g, const: /\bconst\b/g };

/**
 * Whether a `type (`, `var (` or `const (` group is somewhere in the text (the keyword, then
 * blanks and comments, then `(`). Scanned by hand, with the end of each comment found once: a
 * pattern run from every `type` of a line of `type // type // ...` read the line each time.
 */
function hasGroup(text: string, keyword: DeclarationKeyword): boolean {
  const ends = new NextIndex(text);
  for (const match of text.matchAll(KEYWORD_WORD[keyword])) {
    let at = match.index + keyword.length;
    for (;;) {
      while (at < text.length && /\s/.test(text[at])) at++;
      if (text.startsWith('//', at)) at = ends.of('\n', at + 2);
      else if (text.startsWith('/*', at)) at = ends.of('*/', at + 2) + 2;
      else break;
      if (at < 2) return false; // a comment that never ends
    }
    if (text.charCodeAt(at) === 40 /* ( */) return true;
  }
  return false;
}

/** text.indexOf for offsets that mostly grow, remembering the last answer for each needle. */
class NextIndex {
  private readonly last = new Map<string, { from: number; found: number }>();

  constructor(private readonly text: string) {}

  of(needle: string, from: number): number {
    const known = this.last.get(needle);
    if (known && known.from <= from && (known.found < 0 || known.found >= from)) return known.found;
    const found = this.text.indexOf(needle, from);
    this.last.set(needle, { from, found });
    return found;
  }
}
/** Text right before a spec inside a group: the start of a line, `(` or `;`, then earlier names of a list. */
const SPEC_START = new RegExp(String.raw`(?:^|[\n(;])[ \t]*(?:${ID}\s*,\s*)*$`, 'u');
/** Text right before a struct field: the start of a line, `{` or `;`, earlier names, or `*pkg.` of an embedded type. */
const FIELD_START = new RegExp(String.raw`(?:^|[\n{;])[ \t]*(?:${ID}\s*,\s*)*\*?(?:${ID}\s*\.\s*)?$`, 'u');

function before(text: string, at: number): string {
  return text.slice(Math.max(0, at - DECLARATION_CONTEXT), at);
}

/**
 * Whether a file could declare `name` with this keyword: `type name`, `var a, name`, or a spec
 * starting a line (or following `(` or `;`) when the file has a group of that keyword. A file
 * that cannot needs no tree to say so; most siblings spell common names without declaring them.
 */
export function mayDeclare(file: TextFile, keyword: DeclarationKeyword, name: string): boolean {
  if (!spellsName(file, name)) return false;
  return remembered(file, `${keyword} ${name}`, () => {
    // Once per file and keyword: names are looked up by the hundred.
    const grouped = remembered(file, `group ${keyword}`, () => hasGroup(file.text, keyword));
    return someOccurrence(file.text, name, (text, at) => {
      const preceding = before(text, at);
      return AFTER_KEYWORD[keyword].test(preceding) || (grouped && SPEC_START.test(preceding));
    });
  });
}

/**
 * Whether a file could declare a struct field `name`: it has a struct type and the name starts
 * a line (or follows `{`/`;`), ends a name list, or ends an embedded `*pkg.name`.
 */
export function mayDeclareField(file: TextFile, name: string): boolean {
  if (!spellsName(file, name)) return false;
  return remembered(file, `field ${name}`, () => /\bstruct\b/.test(file.text) && someOccurrence(file.text, name, (text, at) => FIELD_START.test(before(text, at))));
}

/** After a field name: `=` (not `==`) or `,` of an assignment's targets, or `:` of a keyed element. */
const FIELD_ASSIGNED_AFTER = /^\s*(?:=(?!=)|,|:(?!=))/;

/**
 * Whether a file could assign the field `name`: `x.name = ...` (or one target of several), or
 * `name: ...` in a composite literal.
 */
export function mayAssignField(file: TextFile, name: string): boolean {
  if (!spellsName(file, name)) return false;
  return remembered(file, `assigned field ${name}`, () =>
    someOccurrence(file.text, name, (text, at) => {
      const after = text.slice(at + name.length, at + name.length + 16);
      if (!FIELD_ASSIGNED_AFTER.test(after)) return false;
      return after.trimStart().startsWith(':') || /\.\s*$/.test(text.slice(Math.max(0, at - 16), at));
    }),
  );
}

/**
 * Whether the rest of a line after a name could assign it: an `=` follows on the line (`:=`,
 * `+=`, `= ` of a var), or the line ends in a comma (a name list going on), before a line comment
 * if any. Answered from the line's last `=` and last such comma, found once per line: a line of
 * 100,000 characters holds thousands of occurrences of a name.
 */
class ValueLaterOnLine {
  private readonly lines = new Map<number, { equals: number; comma: number }>();

  constructor(private readonly text: string) {}

  test(from: number): boolean {
    const text = this.text;
    let end = text.indexOf('\n', from);
    if (end < 0) end = text.length;
    let line = this.lines.get(end);
    if (!line) {
      const start = text.lastIndexOf('\n', from - 1) + 1;
      let equals = end - 1;
      while (equals >= start && text.charCodeAt(equals) !== 61 /* = */) equals--;
      this.lines.set(end, (line = { equals: equals >= start ? equals : -1, comma: lastListComma(text, start, end) }));
    }
    return line.equals >= from || line.comma >= from;
  }
}

/** The last comma of a line followed by nothing but blanks, or blanks and a `//` comment. */
function lastListComma(text: string, start: number, end: number): number {
  let last = -1;
  for (let comma = text.indexOf(',', start); comma >= 0 && comma < end; comma = text.indexOf(',', comma + 1)) {
    let at = comma + 1;
    while (at < end && (text[at] === ' ' || text[at] === '\t')) at++;
    if (at === end || text.startsWith('//', at)) last = comma;
    comma = at - 1;
  }
  return last;
}

/**
 * Whether `name` could receive a value in the function around offset `at` (its function-sized
 * chunk of text, see textHints): an occurrence with an `=` later on its line (`x := ...`,
 * `a, x = ...`, `var x T = ...`, `x += ...`) or in a name list that continues on the next line.
 * A name that cannot is a parameter, a global or a range variable there. (A chunk ends where a
 * line starts with `func`: a raw string holding such a line inside the function would split it.)
 */
export function mayReceiveValue(file: TextFile, name: string, at: number): boolean {
  const { start, end } = functionChunkAround(file, at);
  return remembered(file, `assigned ${start} ${name}`, () => {
    const chunk = file.text.slice(start, end);
    const valueLater = new ValueLaterOnLine(chunk);
    return someOccurrence(chunk, name, (_, offset) => valueLater.test(offset + name.length));
  });
}

const chunkStartsOf = new WeakMap<TextFile, number[]>();

function functionChunkAround(file: TextFile, at: number): { start: number; end: number } {
  let starts = chunkStartsOf.get(file);
  if (!starts) chunkStartsOf.set(file, (starts = functionChunkStarts(file.text)));
  const index = functionChunkAt(starts, at);
  return { start: index === 0 ? 0 : starts[index - 1], end: index < starts.length ? starts[index] : file.text.length };
}

const packageVarNamesOf = new WeakMap<TextFile, ReadonlySet<string>>();

/**
 * Every name a file may declare as a package-level variable: the names after a `var` outside
 * any brace, and in a `var ( ... )` group the names that start a line (or follow `(` or `;`).
 * Read by a small scanner that steps over comments, strings and runes, once per file: a name
 * missing from it is certainly not a package variable of this file (a continuation line's first
 * name may be in it wrongly, which only costs a "maybe").
 */
export function packageVarNames(file: TextFile): ReadonlySet<string> {
  let names = packageVarNamesOf.get(file);
  if (!names) packageVarNamesOf.set(file, (names = scanPackageVarNames(file.text)));
  return names;
}

function scanPackageVarNames(text: string): Set<string> {
  const names = new Set<string>();
  const length = text.length;
  let braces = 0;
  // Inside a top-level `var (` group: its paren depth (1 at the group's own level), else 0.
  let group = 0;
  // At a group's own level, the next name starts a spec (after `(`, `;` or a line break).
  let specStart = false;
  let afterVar = false;
  let at = 0;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (code === 47 /* / */ && text.charCodeAt(at + 1) === 47) {
      const end = text.indexOf('\n', at);
      at = end < 0 ? length : end;
      continue;
    }
    if (code === 47 && text.charCodeAt(at + 1) === 42 /* * */) {
      const end = text.indexOf('*/', at + 2);
      at = end < 0 ? length : end + 2;
      continue;
    }
    if (code === 34 /* " */ || code === 39 /* ' */) {
      at = quotedEnd(text, at, code);
      specStart = afterVar = false;
      continue;
    }
    if (code === 96 /* ` */) {
      const end = text.indexOf('`', at + 1);
      at = end < 0 ? length : end + 1;
      specStart = afterVar = false;
      continue;
    }
    if (isNameStartCode(code)) {
      let end = at + 1;
      while (end < length && isNamePartCode(text.charCodeAt(end))) end++;
      const word = text.slice(at, end);
      if (braces === 0 && group === 0 && word === 'var') {
        afterVar = true;
      } else if (afterVar || specStart) {
        names.add(word);
        at = nameListEnd(text, end, names);
        afterVar = specStart = false;
        continue;
      }
      at = end;
      continue;
    }
    if (code === 10 /* \n */) {
      if (group === 1 && braces === 0) specStart = true;
    } else if (code === 40 /* ( */) {
      if (afterVar) {
        group = 1;
        specStart = true;
        afterVar = false;
      } else if (group > 0) {
        group++;
        specStart = false;
      }
    } else if (code === 41 /* ) */) {
      if (group > 0) group--;
      specStart = false;
    } else if (code === 59 /* ; */) {
      specStart = group === 1 && braces === 0;
      afterVar = false;
    } else if (code === 123 /* { */) {
      braces++;
      specStart = afterVar = false;
    } else if (code === 125 /* } */) {
      if (braces > 0) braces--;
      specStart = false;
    } else if (!isBlankCode(code)) {
      specStart = afterVar = false;
    }
    at++;
  }
  return names;
}

/** After a name of a list: `, b, c` (blanks and comments between), each added; where the list ends. */
function nameListEnd(text: string, at: number, names: Set<string>): number {
  for (;;) {
    let next = skipBlanksAndComments(text, at);
    if (text.charCodeAt(next) !== 44 /* , */) return at;
    next = skipBlanksAndComments(text, next + 1);
    if (!isNameStartCode(text.charCodeAt(next))) return next;
    let end = next + 1;
    while (end < text.length && isNamePartCode(text.charCodeAt(end))) end++;
    names.add(text.slice(next, end));
    at = end;
  }
}

function skipBlanksAndComments(text: string, at: number): number {
  for (;;) {
    while (at < text.length && isBlankCode(text.charCodeAt(at))) at++;
    if (text.startsWith('//', at)) {
      const end = text.indexOf('\n', at);
      at = end < 0 ? text.length : end;
    } else if (text.startsWith('/*', at)) {
      const end = text.indexOf('*/', at + 2);
      at = end < 0 ? text.length : end + 2;
    } else {
      return at;
    }
  }
}

/** Past the closing quote of a string or rune starting at `at` (or the line's end, for broken Go). */
function quotedEnd(text: string, at: number, quote: number): number {
  for (let index = at + 1; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 92 /* \ */) index++;
    else if (code === quote) return index + 1;
    else if (code === 10) return index;
  }
  return text.length;
}

function isBlankCode(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10;
}

// A surrogate half counts as a letter: a name spelled outside the BMP is never cut short (a "maybe" at worst).
function isNameStartCode(code: number): boolean {
  return (code >= 0xd800 && code <= 0xdfff) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (code > 127 && IDENTIFIER_CHAR.test(String.fromCharCode(code)) && !/\p{N}/u.test(String.fromCharCode(code)));
}

function isNamePartCode(code: number): boolean {
  return (code >= 0xd800 && code <= 0xdfff) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (code >= 48 && code <= 57) || (code > 127 && IDENTIFIER_CHAR.test(String.fromCharCode(code)));
}

const STORE_CALL = /\.[ \t]*(?:Store|LoadOrStore)[ \t]*\(/g;

/**
 * The names a file indexes (`name[`) or calls Store/LoadOrStore on (`name.Store(`): every map an
 * insert can go to, written as a name, is one of them. Read backwards from each `[` and call.
 */
export function indexedOrStoredNames(file: TextFile): Set<string> {
  const text = file.text;
  const names = new Set<string>();
  const nameBefore = (end: number) => {
    while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
    let start = end;
    while (start > 0 && isNamePartCode(text.charCodeAt(start - 1))) start--;
    while (start < end && !isNameStartCode(text.charCodeAt(start))) start++;
    if (start < end) names.add(text.slice(start, end));
  };
  for (let at = text.indexOf('['); at >= 0; at = text.indexOf('[', at + 1)) nameBefore(at);
  for (const match of text.matchAll(STORE_CALL)) nameBefore(match.index);
  return names;
}
