// The call tree behind an icicle graph: root → callers → callees, inlined frames expanded.
import { Profile } from './model';
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
  /** Number of nodes. */
  size: number;
}

export interface FlameOptions {
  /** Leave out subtrees whose |total| is below this (too thin to draw); their value stays in the parent. */
  minTotal?: number;
}

/**
 * Builds the tree without hashing: every sample becomes its root-to-leaf sequence of function
 * ranks (rank = position by name), the sequences are sorted, and consecutive sequences share
 * their common prefix. Sorted sequences visit the tree in preorder with children by name, so
 * the nodes come out already in the final order.
 */
export function flameTree(profile: Profile, sampleIndex: number, options: FlameOptions = {}): FlameTree {
  const { offsets, locationFunctions } = stackTable(profile);
  const functionCount = profile.functions.length;
  const byName = Array.from({ length: functionCount }, (_, i) => i).sort((a, b) => {
    const x = profile.functions[a].name;
    const y = profile.functions[b].name;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  const rankOf = new Int32Array(functionCount);
  byName.forEach((fn, rank) => (rankOf[fn] = rank));

  // Root-to-leaf rank sequences of the samples that carry a value.
  const samples = profile.samples;
  const sampleIds: number[] = [];
  let sequenceLength = 0;
  for (let s = 0; s < samples.length; s++) {
    if (samples[s].values[sampleIndex] !== 0) {
      sampleIds.push(s);
      for (const location of samples[s].locations) {
        sequenceLength += offsets[location + 1] - offsets[location];
      }
    }
  }
  const count = sampleIds.length;
  const start = new Int32Array(count + 1);
  const ranks = new Int32Array(sequenceLength);
  const values = new Float64Array(count);
  let cursor = 0;
  for (let i = 0; i < count; i++) {
    const sample = samples[sampleIds[i]];
    start[i] = cursor;
    values[i] = sample.values[sampleIndex];
    const stack = sample.locations;
    for (let l = stack.length - 1; l >= 0; l--) {
      const location = stack[l];
      for (let f = offsets[location + 1] - 1; f >= offsets[location]; f--) {
        ranks[cursor++] = rankOf[locationFunctions[f]];
      }
    }
  }
  start[count] = cursor;
  const order = Int32Array.from({ length: count }, (_, i) => i).sort((a, b) => {
    const aEnd = start[a + 1];
    const bEnd = start[b + 1];
    for (let i = start[a], j = start[b]; ; i++, j++) {
      if (i === aEnd) {
        return j === bEnd ? 0 : -1;
      }
      if (j === bEnd) {
        return 1;
      }
      if (ranks[i] !== ranks[j]) {
        return ranks[i] - ranks[j];
      }
    }
  });
  const commonPrefix = (previous: number, current: number) => {
    const limit = Math.min(start[previous + 1] - start[previous], start[current + 1] - start[current]);
    let n = 0;
    while (n < limit && ranks[start[previous] + n] === ranks[start[current] + n]) {
      n++;
    }
    return n;
  };

  let size = 1;
  for (let k = 0; k < count; k++) {
    const current = order[k];
    size += start[current + 1] - start[current] - (k > 0 ? commonPrefix(order[k - 1], current) : 0);
  }
  const functionIndex = new Int32Array(size);
  const depth = new Int32Array(size);
  const parent = new Int32Array(size);
  const total = new Float64Array(size);
  const self = new Float64Array(size);
  functionIndex[0] = -1;
  parent[0] = -1;
  const path: number[] = [0];
  let next = 1;
  for (let k = 0; k < count; k++) {
    const current = order[k];
    const length = start[current + 1] - start[current];
    const shared = k > 0 ? commonPrefix(order[k - 1], current) : 0;
    path.length = shared + 1;
    for (let d = shared; d < length; d++) {
      const node = next++;
      functionIndex[node] = byName[ranks[start[current] + d]];
      depth[node] = d + 1;
      parent[node] = path[d];
      path.push(node);
    }
    const value = values[current];
    for (const node of path) {
      total[node] += value;
    }
    self[path[path.length - 1]] += value;
  }
  const tree: FlameTree = { functionIndex, depth, parent, total, self, size };
  return options.minTotal ? prune(tree, options.minTotal) : tree;
}

/** Drops subtrees thinner than minTotal, keeping preorder. */
function prune(tree: FlameTree, minTotal: number): FlameTree {
  const keep = new Int32Array(tree.size).fill(-1);
  let kept = 0;
  for (let i = 0; i < tree.size; ) {
    if (i > 0 && Math.abs(tree.total[i]) < minTotal) {
      const d = tree.depth[i];
      i++;
      while (i < tree.size && tree.depth[i] > d) {
        i++;
      }
      continue;
    }
    keep[i] = kept++;
    i++;
  }
  const result: FlameTree = {
    functionIndex: new Int32Array(kept),
    depth: new Int32Array(kept),
    parent: new Int32Array(kept),
    total: new Float64Array(kept),
    self: new Float64Array(kept),
    size: kept,
  };
  for (let i = 0; i < tree.size; i++) {
    const j = keep[i];
    if (j < 0) {
      continue;
    }
    result.functionIndex[j] = tree.functionIndex[i];
    result.depth[j] = tree.depth[i];
    result.parent[j] = i === 0 ? -1 : keep[tree.parent[i]];
    result.total[j] = tree.total[i];
    result.self[j] = tree.self[i];
  }
  return result;
}
