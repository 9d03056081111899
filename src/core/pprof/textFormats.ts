// Go's text profiles: what net/http/pprof serves with debug=1 (heap/allocs, goroutine,
// threadcreate, mutex, block) and the full goroutine dump of debug=2. Values follow
// `go tool pprof`'s legacy parser (heap samples are unsampled the same way); frames come from the
// "#" symbol lines Go prints, so unlike pprof no binary is needed.
//
// Go leaves the runtime functions at the top of a stack out of those lines (printStackRecord).
// Heap profiles drop them in protobuf too, so the heap reader does the same; goroutine-like count
// profiles keep them in protobuf (runtime.gopark, runtime.chanrecv1: why a goroutine is parked),
// so their reader keeps each one as a frame named by its address ("runtime frame 0x437d55"),
// or by name when another stack of the same file prints that address.
import { GoroutineInfo, Profile, ProfileError } from './model';
import { ProfileBuilder, TextFrame } from './builder';

const heapHeader = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)\/?(\d*)/;
const heapRecord = /^(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *\] *@([ x0-9a-f]*)$/;
const countHeader = /^(\S+) profile: total (\d+)$/;
const countRecord = /^(\d+) @((?: 0x[0-9a-f]+)*)$/;
const contentionRecord = /^(\d+) *(\d+) @([ x0-9a-f]*)$/;

export type TextKind = 'heap' | 'count' | 'contention' | 'dump';

/** Which Go text format the first meaningful line announces, if any. */
export function detectTextFormat(text: string): TextKind | undefined {
  const firstLine = text.replace(/^\s+/, '').split('\n', 1)[0].trim();
  if (heapHeader.test(firstLine) && firstLine.startsWith('heap profile:')) {
    return 'heap';
  }
  if (countHeader.test(firstLine)) {
    return 'count';
  }
  if (firstLine.startsWith('--- mutex:') || firstLine.startsWith('--- contention:')) {
    return 'contention';
  }
  if (/^goroutine \d+ .*\[.*\]:$/.test(firstLine)) {
    return 'dump';
  }
  return undefined;
}

export function parseTextProfile(kind: TextKind, text: string): Profile {
  const lines = text.split(/\r?\n/);
  switch (kind) {
    case 'heap':
      return parseHeap(lines);
    case 'count':
      return parseCount(lines);
    case 'contention':
      return parseContention(lines);
    case 'dump':
      return parseGoroutineDump(lines);
  }
}

function malformed(what: string, lineNumber: number): ProfileError {
  return new ProfileError(`The ${what} is malformed at line ${lineNumber}.`);
}

interface SymbolGroup {
  /** The pc Go printed (a return address minus one), as written: "0x4bd41a". */
  pc: string;
  /** Its frames, innermost (inlined) first. */
  frames: TextFrame[];
}

/**
 * Reads the "#\t0xpc\tfunc+0xoff\tfile:line" lines after a record; consecutive lines with the
 * same pc are one location with inlined frames (innermost first).
 */
function readSymbolLines(lines: string[], start: number): { groups: SymbolGroup[]; next: number } {
  const groups: SymbolGroup[] = [];
  let i = start;
  for (; i < lines.length && lines[i].startsWith('#\t'); i++) {
    const parts = lines[i].slice(2).split(/\t+/);
    const pc = parts[0];
    let frame: TextFrame;
    if (parts.length >= 3) {
      const functionName = parts[1].replace(/\+0x[0-9a-f]+$/, '');
      const fileLine = /^(.*):(\d+)$/.exec(parts[2]);
      frame = { functionName, file: fileLine ? fileLine[1] : parts[2], line: fileLine ? Number(fileLine[2]) : 0 };
    } else {
      frame = { functionName: pc, file: '', line: 0 };
    }
    const last = groups[groups.length - 1];
    if (last && last.pc === pc) {
      last.frames.push(frame);
    } else {
      groups.push({ pc, frames: [frame] });
    }
  }
  return { groups, next: i };
}

/** Locations of the printed frames only (heap and contention profiles). */
function printedLocations(builder: ProfileBuilder, groups: SymbolGroup[], addresses: string[]): number[] {
  if (groups.length > 0) {
    return groups.map((g) => builder.location(g.pc, g.frames));
  }
  // No symbols printed: keep the raw addresses, as pprof would without the binary.
  return addresses.map((a) => builder.location(a, [{ functionName: a, file: '', line: 0 }]));
}

/** The pc Go prints for a return address: one less (runtime.CallersFrames). */
function callPc(address: string): string {
  try {
    const value = BigInt(address);
    return value > 0n ? `0x${(value - 1n).toString(16)}` : address;
  } catch {
    return address;
  }
}

/**
 * Locations of every address of a count profile's record (goroutine, threadcreate,
 * goroutineleak), as its protobuf has them: the runtime frames Go left out of the "#" lines at the
 * top of the stack are kept, named from `symbols` (every pc the file prints) or by address; the
 * runtime.goexit Go leaves out at the bottom is dropped, as the protobuf drops it.
 */
function countLocations(builder: ProfileBuilder, groups: SymbolGroup[], addresses: string[], symbols: Map<string, TextFrame[]>): number[] {
  if (addresses.length === 0) {
    // An empty stack (threadcreate on most systems) prints "#\t0x0": no frames at all.
    return [];
  }
  if (groups.length === 0) {
    return printedLocations(builder, groups, addresses);
  }
  const printed = new Map(groups.map((g) => [g.pc, g]));
  const pcs = addresses.map((a) => (printed.has(callPc(a)) ? callPc(a) : printed.has(a) ? a : undefined));
  const firstPrinted = pcs.findIndex((pc) => pc !== undefined);
  if (firstPrinted < 0) {
    // The "#" lines do not match the addresses (an edited file): trust the lines.
    return printedLocations(builder, groups, addresses);
  }
  let lastPrinted = pcs.length - 1;
  while (pcs[lastPrinted] === undefined) {
    lastPrinted--;
  }
  const locations: number[] = [];
  for (let k = 0; k <= lastPrinted; k++) {
    const pc = pcs[k] ?? callPc(addresses[k]);
    const frames = printed.get(pc)?.frames ?? symbols.get(pc) ?? [{ functionName: `runtime frame ${pc}`, file: '', line: 0 }];
    locations.push(builder.location(pc, frames));
  }
  return locations;
}

/** pprof's scaleHeapSample: undo the Poisson sampling of heap profiles. */
function scaleHeapSample(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) {
    return [0, 0];
  }
  if (rate <= 1) {
    return [count, size];
  }
  const averageSize = size / count;
  const scale = 1 / (1 - Math.exp(-averageSize / rate));
  return [Math.trunc(count * scale), Math.trunc(size * scale)];
}

function parseHeap(lines: string[]): Profile {
  const header = heapHeader.exec(lines[0].trim());
  if (!header) {
    throw malformed('heap profile header', 1);
  }
  let rate = header[6] ? Number(header[6]) : 0;
  let unsample: boolean;
  switch (header[5]) {
    case 'heap':
      rate = Math.trunc(rate / 2);
      unsample = true;
      break;
    case 'heapz_v2':
    case 'heap_v2':
      unsample = true;
      break;
    case 'heapprofile':
      rate = 1;
      unsample = false;
      break;
    default:
      throw new ProfileError(`The heap profile uses the unknown sampling "${header[5]}".`);
  }
  const hasAlloc = (header[3] !== header[1] && header[3] !== '0') || (header[4] !== header[2] && header[4] !== '0');
  const builder = new ProfileBuilder();
  for (let i = 1; i < lines.length; ) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) {
      // "# runtime.MemStats" and the rest of the trailer are comments too.
      i++;
      continue;
    }
    const record = heapRecord.exec(line);
    if (!record) {
      throw malformed('heap profile', i + 1);
    }
    const values: number[] = [];
    let blockSize = 0;
    const addValues = (countText: string, sizeText: string) => {
      let count = Number(countText);
      let size = Number(sizeText);
      if (count === 0 && size !== 0) {
        throw malformed('heap profile', i + 1);
      }
      if (count !== 0) {
        blockSize = Math.trunc(size / count);
        if (unsample) {
          [count, size] = scaleHeapSample(count, size, rate);
        }
      }
      values.push(count, size);
    };
    if (hasAlloc) {
      addValues(record[3], record[4]);
    }
    addValues(record[1], record[2]);
    const { groups, next } = readSymbolLines(lines, i + 1);
    const locations = printedLocations(builder, groups, record[5].trim().split(/\s+/).filter(Boolean));
    builder.addSample(locations, values, undefined, { bytes: [blockSize] });
    i = next;
  }
  const sampleTypes = hasAlloc
    ? [
        { type: 'alloc_objects', unit: 'count' },
        { type: 'alloc_space', unit: 'bytes' },
        { type: 'inuse_objects', unit: 'count' },
        { type: 'inuse_space', unit: 'bytes' },
      ]
    : [
        { type: 'objects', unit: 'count' },
        { type: 'space', unit: 'bytes' },
      ];
  return builder.build('heap-text', sampleTypes, { periodType: { type: 'space', unit: 'bytes' }, period: rate });
}

function parseCount(lines: string[]): Profile {
  let i = 0;
  while (i < lines.length && lines[i].trim() === '') {
    i++;
  }
  const header = countHeader.exec(lines[i].trim());
  if (!header) {
    throw malformed('profile header', i + 1);
  }
  const profileType = header[1];
  // First every record, then the locations: a pc hidden at the top of one stack may be printed
  // in another.
  const records: { count: number; addresses: string[]; groups: SymbolGroup[]; labels?: Record<string, string[]> }[] = [];
  const symbols = new Map<string, TextFrame[]>();
  for (i++; i < lines.length; ) {
    const line = lines[i].trim();
    if (line === '' || (line.startsWith('#') && !line.startsWith('# labels:'))) {
      i++;
      continue;
    }
    if (line.startsWith('---')) {
      break;
    }
    const record = countRecord.exec(line);
    if (!record) {
      throw malformed(`${profileType} profile`, i + 1);
    }
    i++;
    let labels: Record<string, string[]> | undefined;
    if (i < lines.length && lines[i].startsWith('# labels:')) {
      labels = parseLabels(lines[i].slice('# labels:'.length));
      i++;
    }
    const { groups, next } = readSymbolLines(lines, i);
    for (const group of groups) {
      symbols.set(group.pc, group.frames);
    }
    records.push({ count: Number(record[1]), addresses: record[2].trim().split(/\s+/).filter(Boolean), groups, labels });
    i = next;
  }
  const builder = new ProfileBuilder();
  for (const record of records) {
    builder.addSample(countLocations(builder, record.groups, record.addresses, symbols), [record.count], undefined, undefined, record.labels);
  }
  const valueType = { type: profileType, unit: 'count' };
  return builder.build(profileType === 'goroutine' ? 'goroutine-text' : 'count-text', [valueType], { periodType: valueType, period: 1 });
}

/** pprof.Do labels as debug=1 prints them: {"key":"value", "other":"v"}. */
function parseLabels(text: string): Record<string, string[]> | undefined {
  const labels: Record<string, string[]> = {};
  const pair = /"((?:[^"\\]|\\.)*)":"((?:[^"\\]|\\.)*)"/g;
  let found = false;
  for (let match = pair.exec(text); match; match = pair.exec(text)) {
    (labels[unquote(match[1])] ??= []).push(unquote(match[2]));
    found = true;
  }
  return found ? labels : undefined;
}

/** The body of a Go %q string, without its quotes. */
function unquote(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return body;
  }
}

function parseContention(lines: string[]): Profile {
  let cyclesPerSecond = 0;
  let period = 1;
  let durationNanos = 0;
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const attribute = /^([^=]+)=(.*)$/.exec(line);
    if (!attribute) {
      break;
    }
    const key = attribute[1].trim();
    const value = Number(attribute[2].trim());
    if (!Number.isFinite(value)) {
      throw malformed('contention profile', i + 1);
    }
    if (key === 'cycles/second') {
      cyclesPerSecond = value;
    } else if (key === 'sampling period') {
      period = value;
    } else if (key === 'ms since reset') {
      durationNanos = value * 1e6;
    }
  }
  const builder = new ProfileBuilder();
  while (i < lines.length) {
    const line = lines[i].trim();
    if (line.startsWith('---')) {
      break;
    }
    if (line === '' || line.startsWith('#')) {
      i++;
      continue;
    }
    const record = contentionRecord.exec(line);
    if (!record) {
      throw malformed('contention profile', i + 1);
    }
    // pprof's parseContentionSample: cycles become nanoseconds, counts are scaled by the period.
    let delay = Number(record[1]);
    let count = Number(record[2]);
    if (period > 0) {
      if (cyclesPerSecond > 0) {
        delay = Math.trunc((delay * period) / (cyclesPerSecond / 1e9));
      }
      count *= period;
    }
    const { groups, next } = readSymbolLines(lines, i + 1);
    const locations = printedLocations(builder, groups, record[3].trim().split(/\s+/).filter(Boolean));
    builder.addSample(locations, [count, delay]);
    i = next;
  }
  const sampleTypes = [
    { type: 'contentions', unit: 'count' },
    { type: 'delay', unit: 'nanoseconds' },
  ];
  return builder.build('contention-text', sampleTypes, { periodType: sampleTypes[0], period, durationNanos: durationNanos || undefined });
}

const dumpHeader = /^goroutine (\d+)(?: [^[]*)?\[([^\]]*)\]:$/;

/** debug=2: every goroutine with its own stack; identical stacks are grouped into one sample. */
function parseGoroutineDump(lines: string[]): Profile {
  const builder = new ProfileBuilder();
  const groups = new Map<string, { locations: number[]; goroutines: GoroutineInfo[] }>();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i].trim();
    if (line === '') {
      i++;
      continue;
    }
    const header = dumpHeader.exec(line);
    if (!header) {
      throw malformed('goroutine dump', i + 1);
    }
    const goroutine = parseGoroutineState(Number(header[1]), header[2]);
    i++;
    const frames: TextFrame[] = [];
    while (i < lines.length && lines[i].trim() !== '') {
      const call = lines[i].trim();
      if (call.startsWith('created by ')) {
        // The creator is not part of the stack (pprof's goroutine profile omits it too), but it
        // says which go statement started the goroutine: "created by main.f in goroutine 1".
        const location = i + 1 < lines.length ? /^\s*(.*):(\d+)(?: \+0x[0-9a-f]+)?$/.exec(lines[i + 1]) : null;
        goroutine.createdBy = {
          functionName: call.slice('created by '.length).replace(/ in goroutine \d+$/, ''),
          file: location ? location[1] : '',
          line: location ? Number(location[2]) : 0,
        };
        i += location ? 2 : 1;
        continue;
      }
      if (call.startsWith('...')) {
        i++;
        continue;
      }
      const location = i + 1 < lines.length ? /^\s*(.*):(\d+)(?: \+0x[0-9a-f]+)?$/.exec(lines[i + 1]) : null;
      if (!location) {
        throw malformed('goroutine dump', i + 2);
      }
      frames.push({ functionName: stripArguments(call), file: location[1], line: Number(location[2]) });
      i += 2;
    }
    // Each traceback line is its own frame; file:line identifies the location.
    const locations = frames.map((f) => builder.location(`${f.functionName}\n${f.file}:${f.line}`, [f]));
    const key = locations.join(',');
    const group = groups.get(key);
    if (group) {
      group.goroutines.push(goroutine);
    } else {
      groups.set(key, { locations, goroutines: [goroutine] });
    }
  }
  if (groups.size === 0) {
    throw new ProfileError('The goroutine dump contains no goroutines.');
  }
  for (const group of groups.values()) {
    builder.addSample(group.locations, [group.goroutines.length], group.goroutines);
  }
  const valueType = { type: 'goroutine', unit: 'count' };
  return builder.build('goroutine-dump', [valueType], { periodType: valueType, period: 1 });
}

/** "chan receive (leaked), 5 minutes, locked to thread" → state, leak mark, wait and lock. */
function parseGoroutineState(id: number, text: string): GoroutineInfo {
  const parts = text.split(',').map((p) => p.trim());
  const info: GoroutineInfo = { id, state: parts[0], lockedToThread: false };
  // The goroutineleak profile's dump (Go 1.26+) marks the goroutines its GC proved stuck.
  if (info.state.endsWith(' (leaked)')) {
    info.state = info.state.slice(0, -' (leaked)'.length);
    info.leaked = true;
  }
  for (const part of parts.slice(1)) {
    const wait = /^(\d+) minutes?$/.exec(part);
    if (wait) {
      info.waitMinutes = Number(wait[1]);
    } else if (part === 'locked to thread') {
      info.lockedToThread = true;
    }
  }
  return info;
}

/** "main.(*T).run(0xc000010000, {0x1, 0x2})" → "main.(*T).run". */
function stripArguments(call: string): string {
  if (!call.endsWith(')')) {
    return call;
  }
  let depth = 0;
  for (let i = call.length - 1; i >= 0; i--) {
    if (call[i] === ')') {
      depth++;
    } else if (call[i] === '(') {
      depth--;
      if (depth === 0) {
        return i > 0 ? call.slice(0, i) : call;
      }
    }
  }
  return call;
}
