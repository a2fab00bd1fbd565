/**
 * Minimum over a fixed number of leaves in O(1), with O(log n) updates: the companion of the sum
 * tree that gives the largest importance weight (from the smallest probability) without a scan.
 * Same layout as SumTree (node k has children 2k and 2k + 1, leaf i is node width + i); empty
 * leaves hold +∞.
 */
export class MinTree {
  readonly length: number;
  private readonly width: number;
  private readonly nodes: Float64Array;

  constructor(length: number) {
    if (!Number.isInteger(length) || length < 1) throw new RangeError(`MinTree: length must be an integer ≥ 1, got ${length}`);
    this.length = length;
    let width = 1;
    while (width < length) width *= 2;
    this.width = width;
    this.nodes = new Float64Array(2 * width).fill(Infinity);
  }

  /** min_i leaf_i (+∞ when every leaf is empty). */
  get min(): number {
    return this.nodes[1];
  }

  /** leaf_i = value, then each ancestor k = min(node(2k), node(2k + 1)). */
  set(i: number, value: number): void {
    const nodes = this.nodes;
    let k = this.width + i;
    nodes[k] = value;
    for (k >>= 1; k >= 1; k >>= 1) nodes[k] = Math.min(nodes[2 * k], nodes[2 * k + 1]);
  }

  /** All leaves +∞. */
  clear(): void {
    this.nodes.fill(Infinity);
  }
}
