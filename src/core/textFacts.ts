import type { SourceFile } from './rule';

/** All a text fact reads of a file (a sibling not parsed yet, or a file not parsed at all, will do). */
export type TextFile = Pick<SourceFile, 'text'>;
import { functionChunkAt, functionChunkStarts, quotedEnd } from './textHints';

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

/** How far before a field name its line's start is looked for. */
const DECLARATION_CONTEXT = 200;

const ID = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
/** Text right before a struct field: the start of a line, `{` or `;`, earlier names, or `*pkg.` of an embedded type. */
const FIELD_START = new RegExp(String.raw`(?:^|[\n{;])[ \t]*(?:${ID}\s*,\s*)*\*?(?:${ID}\s*\.\s*)?$`, 'u');

function before(text: string, at: number): string {
  return text.slice(Math.max(0, at - DECLARATION_CONTEXT), at);
}

/**
 * Whether a file could declare `name` at package level with this keyword (see topLevelNames):
 * a file that cannot needs no tree to say so; most siblings spell common names without
 * declaring them.
 */
export function mayDeclare(file: TextFile, keyword: DeclarationKeyword, name: string): boolean {
  return topLevelNames(file)[keyword].has(name);
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

/** The names a file may declare at package level, by keyword (see topLevelNames). */
export interface TopLevelNames {
  var: ReadonlySet<string>;
  const: ReadonlySet<string>;
  type: ReadonlySet<string>;
}

const topLevelNamesOf = new WeakMap<TextFile, TopLevelNames>();

/**
 * Every name a file may declare at package level with `var`, `const` or `type`: the names after
 * the keyword outside any brace, and in a `var ( ... )` (or const, type) group the names that
 * start a line (or follow `(` or `;`). Read by a small scanner that steps over comments, strings
 * and runes, once per file: a name missing from it is certainly not declared so by this file (a
 * continuation line's first name may be in it wrongly, which only costs a "maybe").
 */
export function topLevelNames(file: TextFile): TopLevelNames {
  let names = topLevelNamesOf.get(file);
  if (!names) topLevelNamesOf.set(file, (names = scanTopLevelNames(file.text)));
  return names;
}

/** The names a file may declare as package-level variables (see topLevelNames). */
export function packageVarNames(file: TextFile): ReadonlySet<string> {
  return topLevelNames(file).var;
}

const DECLARATION_KEYWORDS: ReadonlySet<string> = new Set<DeclarationKeyword>(['var', 'const', 'type']);

/** What can change the scanner's state inside braces: a brace, a comment's or literal's start. */
const INSIDE_BRACES = /[{}"'`/]/g;
/** The same at the top level, and the declaration keywords (their last letters tell which matched). */
const AT_TOP_LEVEL = /[{}"'`/]|var|const|type/g;

function scanTopLevelNames(text: string): TopLevelNames {
  const found = { var: new Set<string>(), const: new Set<string>(), type: new Set<string>() };
  const length = text.length;
  let braces = 0;
  // Inside a top-level group: its keyword's names, and its paren depth (1 at the group's own level).
  let groupNames: Set<string> | undefined;
  let group = 0;
  // At a group's own level, the next name starts a spec (after `(`, `;` or a line break).
  let specStart = false;
  // Right after a top-level keyword: the set its names go to.
  let afterKeyword: Set<string> | undefined;
  let at = 0;
  while (at < length) {
    if (braces > 0 && group === 0) {
      // Inside a body or a struct type outside any group: only braces, and the comments and
      // literals that may hold them, matter until the top level again. Jumped to natively.
      // test() rather than exec(): no match array per brace, quote or slash of every body.
      INSIDE_BRACES.lastIndex = at;
      if (!INSIDE_BRACES.test(text)) break;
      at = INSIDE_BRACES.lastIndex - 1;
    } else if (braces === 0 && group === 0 && !afterKeyword) {
      // At the top level, between declarations: only a brace, a comment's or literal's start,
      // or a declaration keyword can change anything (function signatures, imports and blank
      // lines are jumped over natively).
      AT_TOP_LEVEL.lastIndex = at;
      if (!AT_TOP_LEVEL.test(text)) break;
      const found = AT_TOP_LEVEL.lastIndex;
      const code = text.charCodeAt(found - 1);
      if (code === 114 /* var */ || code === 116 /* const */ || code === 101 /* type */) {
        const start = found - (code === 114 ? 3 : code === 116 ? 5 : 4);
        // Inside a longer name (`xvar`): not a keyword; the rest of that name is passed over.
        if (start > 0 && isNamePartCode(text.charCodeAt(start - 1))) {
          at = found;
          continue;
        }
        at = start;
      } else at = found - 1;
    }
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
      specStart = false;
      afterKeyword = undefined;
      continue;
    }
    if (code === 96 /* ` */) {
      const end = text.indexOf('`', at + 1);
      at = end < 0 ? length : end + 1;
      specStart = false;
      afterKeyword = undefined;
      continue;
    }
    if (isNameStartCode(code)) {
      let end = at + 1;
      while (end < length && isNamePartCode(text.charCodeAt(end))) end++;
      // Only a name at the top level or where a spec's names go is read (no string made otherwise).
      if ((braces > 0 || group > 0) && !afterKeyword && !(specStart && groupNames)) {
        at = end;
        continue;
      }
      const word = text.slice(at, end);
      if (braces === 0 && group === 0 && DECLARATION_KEYWORDS.has(word)) {
        afterKeyword = found[word as DeclarationKeyword];
      } else if (afterKeyword || (specStart && groupNames)) {
        const names = afterKeyword ?? groupNames!;
        names.add(word);
        at = nameListEnd(text, end, names);
        afterKeyword = undefined;
        specStart = false;
        continue;
      }
      at = end;
      continue;
    }
    if (code === 10 /* \n */) {
      if (group === 1 && braces === 0) specStart = true;
    } else if (code === 40 /* ( */) {
      if (afterKeyword) {
        groupNames = afterKeyword;
        group = 1;
        specStart = true;
        afterKeyword = undefined;
      } else if (group > 0) {
        group++;
        specStart = false;
      }
    } else if (code === 41 /* ) */) {
      if (group > 0 && --group === 0) groupNames = undefined;
      specStart = false;
    } else if (code === 59 /* ; */) {
      specStart = group === 1 && braces === 0;
      afterKeyword = undefined;
    } else if (code === 123 /* { */) {
      braces++;
      specStart = false;
      afterKeyword = undefined;
    } else if (code === 125 /* } */) {
      if (braces > 0) braces--;
      specStart = false;
    } else if (!isBlankCode(code)) {
      specStart = false;
      afterKeyword = undefined;
    }
    at++;
  }
  return found;
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

/** After an index's `]`: an assignment to it (`=`, `op=`), `++` or `--`. */
const ASSIGNED_AFTER_INDEX = /^[ \t]*(?:(?:[-+*/%&|^]|<<|>>|&\^)?=(?!=)|\+\+|--)/;
/** After an index's `]` and a comma: an assignment later on the line (`m[k], ok = ...`). */
const ASSIGNMENT_LATER_ON_LINE = /^[ \t]*,[^\n]*?(?:^|[^=!<>:])=(?!=)/;
/** How far a `[` is followed to its `]`: an index longer than this counts as an insert. */
const INDEX_SCAN_LIMIT = 4000;

/** Where the `]` closing the `[` at `open` is (strings, runes and nested brackets stepped over), or -1 past the limit. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  const limit = Math.min(text.length, open + INDEX_SCAN_LIMIT);
  for (let at = open; at < limit; at++) {
    const code = text.charCodeAt(at);
    if (code === 91 /* [ */ || code === 40 /* ( */ || code === 123 /* { */) depth++;
    else if (code === 93 /* ] */ || code === 41 /* ) */ || code === 125 /* } */) {
      if (--depth === 0) return code === 93 ? at : -1;
    } else if (code === 34 /* " */ || code === 39 /* ' */) at = quotedEnd(text, at, code) - 1;
    else if (code === 96 /* ` */) {
      const end = text.indexOf('`', at + 1);
      if (end < 0) return -1;
      at = end;
    }
  }
  return -1;
}

/**
 * The names a file may insert into as maps: `name[k] = v` (or `op=`, `++`, `--`, or one target
 * of several), and `name.Store(` or `name.LoadOrStore(`: every map an insert can go to, written
 * as a name (a read `name[k]`, far more common, is not one). An index that cannot
 * be followed to its `]` counts, so the set may hold a name wrongly, never miss one.
 */
export function insertedNames(file: TextFile): Set<string> {
  const text = file.text;
  const names = new Set<string>();
  for (let at = text.indexOf('['); at >= 0; at = text.indexOf('[', at + 1)) {
    const close = closingBracket(text, at);
    if (close >= 0) {
      const after = text.slice(close + 1, close + 200);
      if (!ASSIGNED_AFTER_INDEX.test(after) && !ASSIGNMENT_LATER_ON_LINE.test(after)) continue;
    }
    addNameBefore(text, at, names);
  }
  for (const match of text.matchAll(STORE_CALL)) addNameBefore(text, match.index, names);
  return names;
}

/** The name right before `end` (blanks between), added to `names` if there is one. */
export function addNameBefore(text: string, end: number, names: Set<string>): void {
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  let start = end;
  while (start > 0 && isNamePartCode(text.charCodeAt(start - 1))) start--;
  while (start < end && !isNameStartCode(text.charCodeAt(start))) start++;
  if (start < end) names.add(text.slice(start, end));
}

