/**
 * @file A binary decision tree stored in flat typed arrays, shared by CART and boosting. Node 0
 * is the root and children always have larger ids than their parent, which makes a
 * loaded tree easy to check for cycles. Each internal node tests one feature:
 * `test = TEST_LE`: value <= threshold goes to `yes`; `test = TEST_EQ`: value == threshold goes
 * to `yes`; everything else goes to `no`.
 */

/** Marks a leaf in `FlatTree.test`. */
export const TEST_LEAF = 0;
/** A threshold test: value <= threshold. */
export const TEST_LE = 1;
/** An equality test: value == threshold (a token id). */
export const TEST_EQ = 2;

/** A decision tree in flat arrays, one entry per node. */
export interface FlatTree {
  readonly size: number;
  /** Feature column tested, -1 at leaves. */
  readonly feature: Int32Array;
  /** TEST_LEAF, TEST_LE or TEST_EQ. */
  readonly test: Uint8Array;
  readonly threshold: Float32Array;
  /** Child when the test holds, -1 at leaves. */
  readonly yes: Int32Array;
  /** Child when the test fails, -1 at leaves. */
  readonly no: Int32Array;
  /** Training samples that reached the node. */
  readonly samples: Int32Array;
  /** Impurity decrease (CART) or loss reduction (boosting) of the node's split; 0 at leaves. */
  readonly gain: Float32Array;
  /** Leaf output: a class index (CART) or a score contribution (boosting). */
  readonly value: Float32Array;
  /** Leaf class counts, sparse: entries topStart[n]..topStart[n+1] of topClass/topCount. */
  readonly topStart: Int32Array;
  readonly topClass: Int32Array;
  readonly topCount: Int32Array;
}

/** Collects nodes while a tree grows, then freezes them into a FlatTree. */
export class TreeBuilder {
  private readonly nodes: {
    f: number;
    t: number;
    th: number;
    y: number;
    n: number;
    s: number;
    g: number;
    v: number;
    top: number[];
  }[] = [];

  /** Adds a node (a leaf until `split` is called) and returns its id. */
  add(samples: number): number {
    this.nodes.push({ f: -1, t: TEST_LEAF, th: 0, y: -1, n: -1, s: samples, g: 0, v: 0, top: [] });
    return this.nodes.length - 1;
  }

  /** Makes node `id` an internal node. */
  split(id: number, feature: number, test: number, threshold: number, gain: number, yes: number, no: number): void {
    const node = this.nodes[id];
    if (node === undefined) throw new RangeError(`no node ${id}`);
    Object.assign(node, { f: feature, t: test, th: threshold, g: gain, y: yes, n: no });
  }

  /** Sets a leaf's output and its sparse class counts as [class, count, class, count, ...]. */
  leaf(id: number, value: number, top: number[] = []): void {
    const node = this.nodes[id];
    if (node === undefined) throw new RangeError(`no node ${id}`);
    node.v = value;
    node.top = top;
  }

  /** Freezes the nodes into flat arrays. */
  build(): FlatTree {
    const size = this.nodes.length;
    const topStart = new Int32Array(size + 1);
    this.nodes.forEach((node, i) => {
      topStart[i + 1] = (topStart[i] ?? 0) + node.top.length / 2;
    });
    const total = topStart[size] ?? 0;
    const tree: FlatTree = {
      size,
      feature: new Int32Array(size),
      test: new Uint8Array(size),
      threshold: new Float32Array(size),
      yes: new Int32Array(size),
      no: new Int32Array(size),
      samples: new Int32Array(size),
      gain: new Float32Array(size),
      value: new Float32Array(size),
      topStart,
      topClass: new Int32Array(total),
      topCount: new Int32Array(total),
    };
    this.nodes.forEach((node, i) => {
      tree.feature[i] = node.f;
      tree.test[i] = node.t;
      tree.threshold[i] = node.th;
      tree.yes[i] = node.y;
      tree.no[i] = node.n;
      tree.samples[i] = node.s;
      tree.gain[i] = node.g;
      tree.value[i] = node.v;
      const at = topStart[i] ?? 0;
      for (let j = 0; j < node.top.length / 2; j++) {
        tree.topClass[at + j] = node.top[2 * j] ?? 0;
        tree.topCount[at + j] = node.top[2 * j + 1] ?? 0;
      }
    });
    return tree;
  }
}

/** Whether a value passes node `n`'s test (goes to `yes`). */
export function treeTestPasses(test: number, value: number, threshold: number): boolean {
  return test === TEST_EQ ? value === threshold : value <= threshold;
}

/** The leaf reached by the feature row at `row[at..]`. */
export function treeLeaf(tree: FlatTree, row: Float32Array, at = 0): number {
  let n = 0;
  while (tree.test[n] !== TEST_LEAF) {
    const v = row[at + (tree.feature[n] ?? 0)] ?? 0;
    n = treeTestPasses(tree.test[n] ?? 0, v, tree.threshold[n] ?? 0) ? (tree.yes[n] ?? 0) : (tree.no[n] ?? 0);
  }
  return n;
}
