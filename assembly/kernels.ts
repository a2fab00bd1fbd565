// WebAssembly SIMD kernels of the microcircuit's inner loop, in AssemblyScript (compiled by
// `npm run build:kernels`, which `npm ci` runs through `prepare`). Every pointer is a byte address
// in the memory the JavaScript side creates and imports. Each kernel does exactly the arithmetic
// of its plain-JavaScript twin in src/kernels/js-kernels.ts, in the same order, so the two give
// bit-identical results: the JavaScript path stays the readable reference.

// out[i] = Σ_j W[i, j]·x[j] — four partial sums (j mod 4) in two f64x2 lanes, then a scalar tail.
export function matVec(w: usize, rows: i32, cols: i32, x: usize, out: usize): void {
  for (let i = 0; i < rows; i++) {
    store<f64>(out + (<usize>i << 3), rowDot(w + (<usize>(i * cols) << 3), cols, x));
  }
}

// out[i] += Σ_j W[i, j]·x[j]
export function matVecAdd(w: usize, rows: i32, cols: i32, x: usize, out: usize): void {
  for (let i = 0; i < rows; i++) {
    const o = out + (<usize>i << 3);
    store<f64>(o, load<f64>(o) + rowDot(w + (<usize>(i * cols) << 3), cols, x));
  }
}

// @ts-ignore: decorator
@inline
function rowDot(row: usize, cols: i32, x: usize): f64 {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let j = 0;
  for (; j + 3 < cols; j += 4) {
    const o = <usize>j << 3;
    acc0 = f64x2.add(acc0, f64x2.mul(v128.load(row + o), v128.load(x + o)));
    acc1 = f64x2.add(acc1, f64x2.mul(v128.load(row + o + 16), v128.load(x + o + 16)));
  }
  // (s0 + s2) + (s1 + s3)
  const s = f64x2.add(acc0, acc1);
  let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; j < cols; j++) t += load<f64>(row + (<usize>j << 3)) * load<f64>(x + (<usize>j << 3));
  return t;
}

// One fused explicit step of τ_w·dΔ/dt = −Δ + e·pᵀ, dW/dt = η·Δ over a rows × cols matrix:
//   W ← W + hW·Δ,   Δ ← a·Δ + (hD·e_i)·p_j,   a = 1 − hD (forward Euler) or e^{−h/τ_w} (exponential Euler)
// with (hW, a, hD) read from memory at `coef` (numbers passed as arguments would be boxed by V8).
export function filteredUpdate(trace: usize, weight: usize, rows: i32, cols: i32, post: usize, pre: usize, coef: usize): void {
  const hW = load<f64>(coef);
  const a = load<f64>(coef + 8);
  const hD = load<f64>(coef + 16);
  const vhW = f64x2.splat(hW);
  const va = f64x2.splat(a);
  for (let i = 0; i < rows; i++) {
    const e = hD * load<f64>(post + (<usize>i << 3));
    const ve = f64x2.splat(e);
    const t = trace + (<usize>(i * cols) << 3);
    const w = weight + (<usize>(i * cols) << 3);
    let j = 0;
    for (; j + 1 < cols; j += 2) {
      const o = <usize>j << 3;
      const d = v128.load(t + o);
      v128.store(w + o, f64x2.add(v128.load(w + o), f64x2.mul(vhW, d)));
      v128.store(t + o, f64x2.add(f64x2.mul(va, d), f64x2.mul(ve, v128.load(pre + o))));
    }
    if (j < cols) {
      const o = <usize>j << 3;
      const d = load<f64>(t + o);
      store<f64>(w + o, load<f64>(w + o) + hW * d);
      store<f64>(t + o, a * d + e * load<f64>(pre + o));
    }
  }
}
