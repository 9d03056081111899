import * as path from 'path';
import { goFilesBelow } from '../../test/helpers/goFiles';
import type { SeededRandom } from './random';

/**
 * Mutations of Go source that look like what typing produces (half-written expressions,
 * unbalanced brackets, pasted fragments) plus harsher ones (truncation, splices from other
 * files), aimed at the shapes the rules look for.
 */

/** The rule test data: every rule's positive and negative cases, the best seeds for mutations. */
export const TESTDATA = path.resolve(__dirname, '..', '..', '..', 'test', 'testdata');

export function testdataGoFiles(): string[] {
  return goFilesBelow(TESTDATA);
}

/** Fragments a user types, and the words the rules key on. */
const FRAGMENTS = [
  '(', ')', '{', '}', '[', ']', '*', '&', ',', ';', '.', ':=', '=', '+', '<-', '...', '\n', '"', '`', '//', '/*', '*/',
  'func', 'go ', 'go func() {', 'defer ', 'return', 'var ', 'type ', 'struct{', 'interface{', 'map[', 'chan ', '[]byte', 'string', 'uintptr',
  'unsafe.Pointer(', 'unsafe.Pointer(&', '(*reflect.SliceHeader)(', '(*reflect.StringHeader)(', '*(*uintptr)(', 'uintptr(', 'unsafe.Add(',
  'pool.Get()', '.Put(', 'sync.Pool{New: func() any {', '.(*bytes.Buffer)', '.Reset()', 'io.Copy(', '.ReadFrom(', 'r.Body', 'http.Request',
  '&T{}', 'new(T)', 'm[&k]', 'm[k] = &v', 'for _, v := range ', 'ctx', 'c.Request', '*gin.Context',
];

export type Mutation = (text: string, random: SeededRandom, donors: readonly string[]) => string;

function span(text: string, random: SeededRandom, maxLength: number): [number, number] {
  const start = random.below(text.length + 1);
  return [start, Math.min(text.length, start + random.between(1, maxLength))];
}

/** Offsets right after a token-ish boundary, so inserts land where typing would. */
function boundary(text: string, random: SeededRandom): number {
  const at = random.below(text.length + 1);
  const next = text.slice(at).search(/[\s(){}[\],;.]/);
  return next < 0 ? text.length : at + next;
}

export const MUTATIONS: Record<string, Mutation> = {
  deleteRange: (text, random) => {
    const [start, end] = span(text, random, 24);
    return text.slice(0, start) + text.slice(end);
  },
  deleteChar: (text, random) => {
    const at = random.below(Math.max(1, text.length));
    return text.slice(0, at) + text.slice(at + 1);
  },
  insertFragment: (text, random) => {
    const at = boundary(text, random);
    return text.slice(0, at) + random.pick(FRAGMENTS) + text.slice(at);
  },
  duplicateRange: (text, random) => {
    const [start, end] = span(text, random, 80);
    return text.slice(0, end) + text.slice(start, end) + text.slice(end);
  },
  swapLines: (text, random) => {
    const lines = text.split('\n');
    const a = random.below(lines.length);
    const b = random.below(lines.length);
    [lines[a], lines[b]] = [lines[b], lines[a]];
    return lines.join('\n');
  },
  truncate: (text, random) => text.slice(0, random.below(text.length + 1)),
  spliceFromDonor: (text, random, donors) => {
    const donor = random.pick(donors);
    const [start, end] = span(donor, random, 200);
    const at = boundary(text, random);
    return text.slice(0, at) + donor.slice(start, end) + text.slice(at);
  },
  replaceWord: (text, random) => {
    const words = [...text.matchAll(/[\p{L}_][\p{L}\p{N}_]*/gu)];
    if (words.length === 0) return text;
    const word = random.pick(words);
    const replacement = random.pick(['_', 'x', 'unsafe', 'reflect', 'Pointer', 'uintptr', 'Put', 'Get', 'go', 'func', 'nil', 'buf', 'r', '']);
    return text.slice(0, word.index) + replacement + text.slice(word.index! + word[0].length);
  },
  dropClosers: (text, random) => {
    const [start, end] = span(text, random, 400);
    return text.slice(0, start) + text.slice(start, end).replace(/[)}\]]/g, '') + text.slice(end);
  },
};

const MUTATION_NAMES = Object.keys(MUTATIONS);

/** One to `maxSteps` random mutations of a text; returns the text and the mutation names applied. */
export function mutateGo(text: string, random: SeededRandom, donors: readonly string[], maxSteps = 4): { text: string; steps: string[] } {
  const steps: string[] = [];
  let mutated = text;
  for (let count = random.between(1, maxSteps); count > 0; count--) {
    const name = random.pick(MUTATION_NAMES);
    mutated = MUTATIONS[name](mutated, random, donors);
    steps.push(name);
  }
  return { text: mutated, steps };
}

/** What typing, deleting and pasting send, word by word: the keys and the rules' words. */
const TYPED = ['(', ')', '{', '}', '[', ']', '*', '&', '.', ',', ':=', ' ', '\n', '\t', 'x', 'p', 'b', 'string', '[]byte', 'unsafe.Pointer(', 'uintptr(', '(*reflect.SliceHeader)(', '.Put(', 'go func() {', '"', '`', '//'];

/** One edit as an editor sends it: replace [start, end) with `text`. */
export interface Keystroke {
  start: number;
  end: number;
  text: string;
}

/** A random keystroke: typing a key or word at a random place, or deleting a few characters. */
export function randomKeystroke(text: string, random: SeededRandom): Keystroke {
  const start = random.below(text.length + 1);
  const end = random.chance(0.4) ? Math.min(text.length, start + random.between(1, 12)) : start;
  return { start, end, text: end > start && random.chance(0.5) ? '' : random.pick(TYPED) };
}
