// The call tree behind an icicle graph: root → callers → callees, inlined frames expanded.
import { FlatProfile, FunctionInfo, Profile, SampleTable, sampleTableOf } from './model';
import { stackTable } from './stackTable';

/**
 * Nodes in depth-first preorder; node 0 is the synthetic root holding the total. A node's children
 * follow it contiguously (ordered by function name), so an icicle lays out by running sums.
 */
export interface FlameTree {
  /** Function index (into Profile.functions) per node; -1 for the root. */
  functionIndex: Int32Array;
  depth: Int32Array;
  /** Index of the parent node, -1 for the root. */
  parent: Int32Array;
  /** Value of all samples through this node (its width). */
  total: Float64Array;
  /** Value of samples ending at this node. */
  self: Float64Array;
  /**
   * Trees of a diff built with baseSampleStart: the base's part of total and of self (as positive
   * values). total is then base + new (the frame's width) and the change is total - 2 * base.
   */
  base?: Float64Array;
  baseSelf?: Float64Array;
  /** Number of nodes. */
  size: number;
}

export interface FlameOptions {
  /** Leave out subtrees whose |total| is below this (too thin to draw); their value stays in the parent. */
  minTotal?: number;
  /**
   * Build only the subtree under this call path (function indices from the root's child down):
   * the nodes of the path come first, one per depth, then the subtree of the last at full detail.
   * A viewer zoomed into a frame of a pruned tree uses it to show that frame's callees.
   */
  path?: readonly number[];
  /**
   * The tree of a diffProfile: samples at or past this index are the base's (negated). Totals are
   * then magnitudes, base and new side by side, and the tree carries the base's part (`base`).
   */
  baseSampleStart?: number;
}

/** Every sample's stack as function ranks (rank = position by name), root first. */
interface RankedStacks {
  /** Sample i's sequence is ranks[start[i] .. start[i + 1]). */
  start: Int32Array;
  ranks: Int32Array;
  /** Function index of each rank. */
  byName: Int32Array;
  rankOf: Int32Array;
  /** Each sample's value per sample type, filled on first use of the type. */
  values: Float64Array[];
  /** The same as absolute values, for diff trees. */
  magnitudes: Float64Array[];
  /** The tables the ranks were computed from: a profile sharing the samples but not these gets its own. */
  locations: Profile['locations'];
  functions: Profile['functions'];
}

const rankedStacksCache = new WeakMap<object, RankedStacks>();

/** Functions in name order, and each function's position in it. */
function nameOrder(functions: FunctionInfo[]): { byName: Int32Array; rankOf: Int32Array } {
  const byName = Int32Array.from({ length: functions.length }, (_, i) => i).sort((a, b) => {
    const x = functions[a].name;
    const y = functions[b].name;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const rankOf = new Int32Array(functions.length);
  byName.forEach((fn, rank) => (rankOf[fn] = rank));
  return { byName, rankOf };
}

/**
 * Cached per samples array or sample table (filters make a new one), shared by every sample type
 * and zoom.
 */
function rankedStacks(key: object, tables: Pick<Profile, 'functions' | 'frames' | 'locations'>, table: () => Pick<SampleTable, 'start' | 'locations'>): RankedStacks {
  const cached = rankedStacksCache.get(key);
  if (cached && cached.locations === tables.locations && cached.functions === tables.functions) {
    return cached;
  }
  const { offsets, locationFunctions } = stackTable(tables);
  const { byName, rankOf } = nameOrder(tables.functions);
  const { start: stackStart, locations } = table();
  const sampleCount = stackStart.length - 1;
  const start = new Int32Array(sampleCount + 1);
  let length = 0;
  for (let s = 0; s < sampleCount; s++) {
    start[s] = length;
    for (let l = stackStart[s]; l < stackStart[s + 1]; l++) {
      length += offsets[locations[l] + 1] - offsets[locations[l]];
    }
  }
  start[sampleCount] = length;
  const ranks = new Int32Array(length);
  let cursor = 0;
  for (let s = 0; s < sampleCount; s++) {
    for (let l = stackStart[s + 1] - 1; l >= stackStart[s]; l--) {
      const location = locations[l];
      for (let f = offsets[location + 1] - 1; f >= offsets[location]; f--) {
        ranks[cursor++] = rankOf[locationFunctions[f]];
      }
    }
  }
  const stacks: RankedStacks = { start, ranks, byName, rankOf, values: [], magnitudes: [], locations: tables.locations, functions: tables.functions };
  rankedStacksCache.set(key, stacks);
  return stacks;
}

function profileStacks(profile: Profile): RankedStacks {
  return rankedStacks(profile.samples, profile, () => sampleTableOf(profile.samples, 0));
}

function flatStacks(profile: FlatProfile): RankedStacks {
  return rankedStacks(profile.sampleTable, profile, () => profile.sampleTable);
}

/**
 * Does ahead of time the work the first flameTree of a profile and sample type does before it
 * builds anything (the stacks as ranks, the values as a typed array), so that a later call, a
 * zoom, costs only its own subtree.
 */
export function prepareFlameTree(profile: Profile, sampleIndex: number): void {
  sampleValuesOf(profile, profileStacks(profile), sampleIndex);
}

function sampleValuesOf(profile: Profile, stacks: RankedStacks, sampleIndex: number): Float64Array {
  let values = stacks.values[sampleIndex];
  if (!values) {
    const samples = profile.samples;
    values = stacks.values[sampleIndex] = new Float64Array(samples.length);
    for (let s = 0; s < samples.length; s++) {
      values[s] = samples[s].values[sampleIndex];
    }
  }
  return values;
}

function sampleMagnitudesOf(profile: Profile, stacks: RankedStacks, sampleIndex: number): Float64Array {
  let magnitudes = stacks.magnitudes[sampleIndex];
  if (!magnitudes) {
    magnitudes = stacks.magnitudes[sampleIndex] = sampleValuesOf(profile, stacks, sampleIndex).map(Math.abs);
  }
  return magnitudes;
}

/** Typed arrays that double as nodes are added, trimmed to size at the end. */
class TreeBuffers {
  functionIndex = new Int32Array(1024);
  depth = new Int32Array(1024);
  parent = new Int32Array(1024);
  total = new Float64Array(1024);
  self = new Float64Array(1024);
  /** Diff trees only: the base's part of total and self. */
  base: Float64Array | undefined;
  baseSelf: Float64Array | undefined;
  size = 0;

  constructor(split: boolean) {
    if (split) {
      this.base = new Float64Array(1024);
      this.baseSelf = new Float64Array(1024);
    }
  }

  add(functionIndex: number, depth: number, parent: number, total: number, base = 0): number {
    if (this.size === this.functionIndex.length) {
      const grow = <T extends Int32Array | Float64Array>(array: T): T => {
        const larger = new (array.constructor as { new (length: number): T })(array.length * 2);
        larger.set(array);
        return larger;
      };
      this.functionIndex = grow(this.functionIndex);
      this.depth = grow(this.depth);
      this.parent = grow(this.parent);
      this.total = grow(this.total);
      this.self = grow(this.self);
      if (this.base) this.base = grow(this.base);
      if (this.baseSelf) this.baseSelf = grow(this.baseSelf);
    }
    const node = this.size++;
    this.functionIndex[node] = functionIndex;
    this.depth[node] = depth;
    this.parent[node] = parent;
    this.total[node] = total;
    if (this.base) this.base[node] = base;
    return node;
  }

  tree(): FlameTree {
    const size = this.size;
    return {
      functionIndex: this.functionIndex.slice(0, size),
      depth: this.depth.slice(0, size),
      parent: this.parent.slice(0, size),
      total: this.total.slice(0, size),
      self: this.self.slice(0, size),
      ...(this.base && this.baseSelf ? { base: this.base.slice(0, size), baseSelf: this.baseSelf.slice(0, size) } : {}),
      size,
    };
  }
}

/**
 * Builds the tree top-down: the samples through a node are bucketed by the function at the next
 * depth (a counting sort, children in name order), and a bucket becomes a child node, visited
 * before its next sibling so the nodes come out in preorder. Each sample is touched once per node
 * on its path, and a bucket thinner than minTotal is never descended into, so a pruned tree costs
 * far less than the full one.
 */
export function flameTree(profile: Profile, sampleIndex: number, options: FlameOptions = {}): FlameTree {
  const stacks = profileStacks(profile);
  const values = options.baseSampleStart === undefined ? sampleValuesOf(profile, stacks, sampleIndex) : sampleMagnitudesOf(profile, stacks, sampleIndex);
  return buildFlameTree(stacks, values, options);
}

/** flameTree of a FlatProfile: the same tree, from the sample table. */
export function flatFlameTree(profile: FlatProfile, sampleIndex: number, options: FlameOptions = {}): FlameTree {
  const stacks = flatStacks(profile);
  let values = stacks.values[sampleIndex];
  if (!values) {
    const typeCount = profile.sampleTypes.length;
    const table = profile.sampleTable.values;
    values = stacks.values[sampleIndex] = new Float64Array(stacks.start.length - 1);
    for (let s = 0; s < values.length; s++) {
      values[s] = table[s * typeCount + sampleIndex];
    }
  }
  return buildFlameTree(stacks, values, options);
}

function buildFlameTree(stacks: RankedStacks, sampleValues: Float64Array, options: FlameOptions): FlameTree {
  const { start, ranks, byName, rankOf } = stacks;
  const minTotal = options.minTotal ?? 0;
  const path = options.path ?? [];
  const sampleCount = sampleValues.length;
  const split = options.baseSampleStart !== undefined;
  const baseStart = options.baseSampleStart ?? sampleCount;

  // The samples that carry a value and whose stack starts with the path; the path's own nodes get
  // the totals and self values of every sample that follows it part of the way.
  const pathRanks = path.map((fn) => (fn >= 0 && fn < rankOf.length ? rankOf[fn] : -1));
  const pathTotals = new Float64Array(path.length + 1);
  const pathSelf = new Float64Array(path.length + 1);
  const pathBase = new Float64Array(path.length + 1);
  const pathBaseSelf = new Float64Array(path.length + 1);
  const members = new Int32Array(sampleCount);
  const memberValues = new Float64Array(sampleCount);
  let memberCount = 0;
  for (let s = 0; s < sampleCount; s++) {
    const value = sampleValues[s];
    if (value === 0) {
      continue;
    }
    const length = start[s + 1] - start[s];
    let matched = 0;
    while (matched < pathRanks.length && matched < length && ranks[start[s] + matched] === pathRanks[matched]) {
      matched++;
    }
    const fromBase = s >= baseStart;
    for (let d = 0; d <= matched; d++) {
      pathTotals[d] += value;
      if (fromBase) pathBase[d] += value;
    }
    if (matched === pathRanks.length) {
      members[memberCount] = s;
      memberValues[memberCount++] = value;
    } else if (matched === length) {
      pathSelf[matched] += value;
      if (fromBase) pathBaseSelf[matched] += value;
    }
  }
  const order = members.subarray(0, memberCount);
  const values = memberValues.subarray(0, memberCount);

  const out = new TreeBuffers(split);
  let top = out.add(-1, 0, -1, pathTotals[0], pathBase[0]);
  out.self[top] = pathSelf[0];
  if (out.baseSelf) out.baseSelf[top] = pathBaseSelf[0];
  for (let d = 0; d < path.length; d++) {
    top = out.add(path[d], d + 1, top, pathTotals[d + 1], pathBase[d + 1]);
    out.self[top] = pathSelf[d + 1];
    if (out.baseSelf) out.baseSelf[top] = pathBaseSelf[d + 1];
  }

  const builder = new Builder(start, ranks, byName, order, values, minTotal, out, split ? baseStart : -1);
  builder.expand(top, 0, order.length, path.length);
  builder.run();
  return out.tree();
}

/**
 * The partitioning state of one flameTree call. A class rather than closures inside flameTree:
 * its methods are compiled once and stay optimized across calls, which keeps zooms quick.
 */
class Builder {
  private readonly scratchOrder: Int32Array;
  private readonly scratchValues: Float64Array;
  private readonly counts: Int32Array;
  private readonly bucketNext: Int32Array;
  /** Children waiting to be visited, a stack of [lo, hi, rank, parent, depth, total]. */
  private readonly pending: number[] = [];
  /** Diff trees: the base's part of each pending child's total (a stack of its own, so plain trees pay nothing). */
  private readonly pendingBase: number[] = [];
  private readonly split: boolean;

  constructor(
    private readonly start: Int32Array,
    private readonly ranks: Int32Array,
    private readonly byName: Int32Array,
    /** Slot i holds sample order[i] with value values[i]; a partition reorders both together. */
    private readonly order: Int32Array,
    private readonly values: Float64Array,
    private readonly minTotal: number,
    private readonly out: TreeBuffers,
    /** Diff trees: the first base sample (samples order[i] >= it are the base's); -1 otherwise. */
    private readonly baseStart: number,
  ) {
    this.split = baseStart >= 0;
    this.scratchOrder = new Int32Array(order.length);
    this.scratchValues = new Float64Array(order.length);
    this.counts = new Int32Array(byName.length);
    this.bucketNext = new Int32Array(byName.length);
  }

  run(): void {
    const pending = this.pending;
    while (pending.length > 0) {
      const base = this.split ? this.pendingBase.pop()! : 0;
      const total = pending.pop()!;
      const depth = pending.pop()!;
      const parent = pending.pop()!;
      const rank = pending.pop()!;
      const hi = pending.pop()!;
      const lo = pending.pop()!;
      const node = this.out.add(this.byName[rank], depth, parent, total, base);
      this.expand(node, lo, hi, depth);
    }
  }

  /** The base's part of the values of order[lo, hi) (diff trees). */
  private baseSum(lo: number, hi: number): number {
    const baseStart = this.baseStart;
    let sum = 0;
    for (let i = lo; i < hi; i++) {
      if (this.order[i] >= baseStart) sum += this.values[i];
    }
    return sum;
  }

  /** Sorts the samples order[lo, hi) through node by their function at depth, queueing a child per function. */
  expand(node: number, lo: number, hi: number, depth: number): void {
    const { start, ranks, order, values, counts, bucketNext, out, minTotal, pending } = this;
    if (hi - lo === 1) {
      // One sample left (most nodes of a full tree): the rest of its stack is a chain.
      const s = order[lo];
      const value = values[lo];
      if (start[s] + depth < start[s + 1] && Math.abs(value) < minTotal) {
        return; // the callees are too thin to keep; the value stays in this node's total
      }
      const base = this.split && s >= this.baseStart ? value : 0;
      for (let i = start[s] + depth; i < start[s + 1]; i++) {
        node = out.add(this.byName[ranks[i]], ++depth, node, value, base);
      }
      out.self[node] += value;
      if (out.baseSelf) out.baseSelf[node] += base;
      return;
    }
    const distinct: number[] = [];
    let self = 0;
    let baseSelf = 0;
    let ended = 0;
    const baseStart = this.baseStart;
    for (let i = lo; i < hi; i++) {
      const s = order[i];
      if (start[s + 1] - start[s] === depth) {
        self += values[i];
        if (this.split && s >= baseStart) baseSelf += values[i];
        ended++;
      } else if (counts[ranks[start[s] + depth]]++ === 0) {
        distinct.push(ranks[start[s] + depth]);
      }
    }
    out.self[node] += self;
    if (out.baseSelf) out.baseSelf[node] += baseSelf;
    if (distinct.length === 0) {
      return;
    }
    if (distinct.length === 1 && ended === 0) {
      // Every sample goes on into the same callee: no reordering needed.
      counts[distinct[0]] = 0;
      let total = 0;
      for (let i = lo; i < hi; i++) {
        total += values[i];
      }
      if (Math.abs(total) >= minTotal) {
        pending.push(lo, hi, distinct[0], node, depth + 1, total);
        if (this.split) this.pendingBase.push(this.baseSum(lo, hi));
      }
      return;
    }
    distinct.sort((a, b) => a - b);
    const bucketFirst = new Array<number>(distinct.length + 1);
    let position = lo + ended;
    for (let k = 0; k < distinct.length; k++) {
      const rank = distinct[k];
      bucketFirst[k] = position;
      bucketNext[rank] = position;
      position += counts[rank];
      counts[rank] = 0;
    }
    bucketFirst[distinct.length] = hi;
    const { scratchOrder, scratchValues } = this;
    let endedNext = lo;
    for (let i = lo; i < hi; i++) {
      const s = order[i];
      const target = start[s + 1] - start[s] === depth ? endedNext++ : bucketNext[ranks[start[s] + depth]]++;
      scratchOrder[target] = s;
      scratchValues[target] = values[i];
    }
    order.set(scratchOrder.subarray(lo, hi), lo);
    values.set(scratchValues.subarray(lo, hi), lo);
    // Pushed in reverse name order, so the first child and its subtree come out first.
    for (let k = distinct.length - 1; k >= 0; k--) {
      let total = 0;
      for (let i = bucketFirst[k]; i < bucketFirst[k + 1]; i++) {
        total += values[i];
      }
      if (Math.abs(total) >= minTotal) {
        pending.push(bucketFirst[k], bucketFirst[k + 1], distinct[k], node, depth + 1, total);
        if (this.split) this.pendingBase.push(this.baseSum(bucketFirst[k], bucketFirst[k + 1]));
      }
    }
  }
}
