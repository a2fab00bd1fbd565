/**
 * Sums over a fixed number of non-negative leaves, for drawing a leaf with probability
 * proportional to its value in O(log n) (a sum tree, as in Schaul et al. 2016, appendix B.2.1).
 *
 * Layout: one Float64Array of 2·width nodes, width the smallest power of two ≥ length; node k has
 * children 2k and 2k + 1, the root is node 1 and leaf i is node width + i. Leaves past `length`
 * stay 0. Every update recomputes its ancestors from their children, so a node's value depends
 * only on the current leaves below it (no drift from adding differences).
 */
export class SumTree {
  readonly length: number;
  private readonly width: number;
  private readonly nodes: Float64Array;

  constructor(length: number) {
    if (!Number.isInteger(length) || length < 1) throw new RangeError(`SumTree: length must be an integer ≥ 1, got ${length}`);
    this.length = length;
    let width = 1;
    while (width < length) width *= 2;
    this.width = width;
    this.nodes = new Float64Array(2 * width);
  }

  /** Σ_i leaf_i. */
  get total(): number {
    return this.nodes[1];
  }

  get(i: number): number {
    return this.nodes[this.width + i];
  }

  /** leaf_i = value (≥ 0), then each ancestor k = node(2k) + node(2k + 1). */
  set(i: number, value: number): void {
    const nodes = this.nodes;
    let k = this.width + i;
    nodes[k] = value;
    for (k >>= 1; k >= 1; k >>= 1) nodes[k] = nodes[2 * k] + nodes[2 * k + 1];
  }

  /** All leaves 0. */
  clear(): void {
    this.nodes.fill(0);
  }

  /**
   * The leaf i with Σ_{j<i} leaf_j ≤ mass < Σ_{j≤i} leaf_j, for 0 ≤ mass < total. Never returns a
   * zero leaf while total > 0: a subtree holding no mass is never entered, which also absorbs
   * rounding when mass lands at (or past) the end of the cumulative sum.
   */
  find(mass: number): number {
    const nodes = this.nodes;
    let k = 1;
    while (k < this.width) {
      const left = 2 * k;
      if (mass < nodes[left] || nodes[left + 1] === 0) {
        k = left;
      } else {
        mass -= nodes[left]; // mass beyond the left subtree's sum
        k = left + 1;
      }
    }
    return k - this.width;
  }
}
