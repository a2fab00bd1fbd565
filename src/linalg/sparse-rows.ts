/**
 * Pre-synaptic rate vectors of a mini-batch, one row per sample, kept as lists of their non-zero
 * entries: MNIST pixels are about 80 % zeros, so products with the input layer's weights need only
 * a fifth of the work. Storage is preallocated for `capacity` rows of at most `width` entries.
 */
export class SparseRows {
  /** Column index of each stored entry; row s starts at s·width. */
  readonly index: Int32Array;
  readonly value: Float64Array;
  /** Number of stored entries of each row. */
  readonly count: Int32Array;

  /** `storage`, when given, must hold capacity·width indices and values and `capacity` counts (e.g. views of kernel memory). */
  constructor(
    readonly capacity: number,
    readonly width: number,
    storage?: { readonly index: Int32Array; readonly value: Float64Array; readonly count: Int32Array },
  ) {
    if (storage !== undefined && (storage.index.length < capacity * width || storage.value.length < capacity * width || storage.count.length < capacity)) {
      throw new RangeError(`SparseRows: storage too small for ${capacity} rows of ${width}`);
    }
    this.index = storage?.index ?? new Int32Array(capacity * width);
    this.value = storage?.value ?? new Float64Array(capacity * width);
    this.count = storage?.count ?? new Int32Array(capacity);
  }

  /** Row s ← the non-zeros of x[xOff … xOff+n), then, when `bias`, a 1 at column n. */
  set(s: number, x: Float64Array, xOff: number, n: number, bias: boolean): void {
    const base = s * this.width;
    let c = 0;
    for (let j = 0; j < n; j++) {
      const v = x[xOff + j];
      if (v !== 0) {
        this.index[base + c] = j;
        this.value[base + c] = v;
        c++;
      }
    }
    if (bias) {
      this.index[base + c] = n;
      this.value[base + c] = 1;
      c++;
    }
    this.count[s] = c;
  }
}

/**
 * out[outOff + s·rows + i] = Σ_j W[i, j]·x_s,j over the stored entries of rows s < batch of `x`
 * (W: rows × cols, row-major). Blocks of four W rows outermost, the samples inside: each stored
 * index and value is loaded once per four rows, and the block (4·cols doubles) stays in L1 while
 * every sample of the batch gathers from it, instead of the whole of W being gathered per sample.
 */
export function sparseBatchMatVec(w: Float64Array, rows: number, cols: number, x: SparseRows, batch: number, out: Float64Array, outOff: number): void {
  const idx = x.index;
  const val = x.value;
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const r0 = i * cols;
    const r1 = r0 + cols;
    const r2 = r1 + cols;
    const r3 = r2 + cols;
    for (let s = 0; s < batch; s++) {
      const base = s * x.width;
      const end = base + x.count[s];
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let t = base; t < end; t++) {
        const j = idx[t];
        const v = val[t];
        s0 += w[r0 + j] * v;
        s1 += w[r1 + j] * v;
        s2 += w[r2 + j] * v;
        s3 += w[r3 + j] * v;
      }
      const o = outOff + s * rows + i;
      out[o] = s0;
      out[o + 1] = s1;
      out[o + 2] = s2;
      out[o + 3] = s3;
    }
  }
  for (; i < rows; i++) {
    const row = i * cols;
    for (let s = 0; s < batch; s++) {
      const base = s * x.width;
      const end = base + x.count[s];
      let s0 = 0;
      for (let t = base; t < end; t++) s0 += w[row + idx[t]] * val[t];
      out[outOff + s * rows + i] = s0;
    }
  }
}
