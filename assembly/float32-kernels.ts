// WebAssembly f32x4 SIMD kernels of the microcircuit's float32 storage (src/kernels/float32-storage.ts),
// in AssemblyScript (compiled by `npm run build:kernels`). Every pointer is a byte address in the
// memory the JavaScript side creates and imports; every array is float32. Each kernel does exactly
// the float32 arithmetic of its plain-JavaScript twin in src/kernels/float32-ops.ts (Math.fround
// after every operation), in the same order, so the two give bit-identical results.

// out[i] = Σ_j W[i, j]·x[j] in float32: sixteen partial sums (j mod 16) in four f32x4 lanes,
// combined as ((a0 + a1) + (a2 + a3)) lane-wise, then (s0 + s2) + (s1 + s3), then a scalar tail.
export function matVec(w: usize, rows: i32, cols: i32, x: usize, out: usize): void {
  for (let i = 0; i < rows; i++) {
    const row = w + (<usize>(i * cols) << 2);
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    let j = 0;
    for (; j + 15 < cols; j += 16) {
      const o = <usize>j << 2;
      a0 = f32x4.add(a0, f32x4.mul(v128.load(row + o), v128.load(x + o)));
      a1 = f32x4.add(a1, f32x4.mul(v128.load(row + o + 16), v128.load(x + o + 16)));
      a2 = f32x4.add(a2, f32x4.mul(v128.load(row + o + 32), v128.load(x + o + 32)));
      a3 = f32x4.add(a3, f32x4.mul(v128.load(row + o + 48), v128.load(x + o + 48)));
    }
    const s = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
    let t: f32 = (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 2)) + (f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 3));
    for (; j < cols; j++) t += load<f32>(row + (<usize>j << 2)) * load<f32>(x + (<usize>j << 2));
    store<f32>(out + (<usize>i << 2), t);
  }
}

// One fused explicit step of τ_w·dΔ/dt = −Δ + e·pᵀ, dW/dt = η·Δ in float32 (the float64 kernel's
// equations, assembly/kernels.ts): W ← W + hW·Δ, Δ ← a·Δ + e_i·p_j, with e already scaled by hD
// and (hW, a) read from memory at `coef`.
export function filteredUpdate(trace: usize, weight: usize, rows: i32, cols: i32, e: usize, p: usize, coef: usize): void {
  const hW = load<f32>(coef);
  const a = load<f32>(coef + 4);
  const vhW = f32x4.splat(hW);
  const va = f32x4.splat(a);
  for (let i = 0; i < rows; i++) {
    const ei = load<f32>(e + (<usize>i << 2));
    const ve = f32x4.splat(ei);
    const t = trace + (<usize>(i * cols) << 2);
    const w = weight + (<usize>(i * cols) << 2);
    let j = 0;
    for (; j + 3 < cols; j += 4) {
      const o = <usize>j << 2;
      const d = v128.load(t + o);
      v128.store(w + o, f32x4.add(v128.load(w + o), f32x4.mul(vhW, d)));
      v128.store(t + o, f32x4.add(f32x4.mul(va, d), f32x4.mul(ve, v128.load(p + o))));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const d = load<f32>(t + o);
      store<f32>(w + o, load<f32>(w + o) + hW * d);
      store<f32>(t + o, a * d + ei * load<f32>(p + o));
    }
  }
}

// filteredUpdate followed by matVec over the updated weights, in one pass over W and Δ: the float32
// storage defers each step's update of a plastic matrix to that matrix's next product
// (src/kernels/float32-storage.ts). Per element the update is filteredUpdate's arithmetic and the
// sum matVec's order, so the results are those of the two kernels run one after the other.
export function updateMatVec(trace: usize, weight: usize, rows: i32, cols: i32, e: usize, p: usize, coef: usize, x: usize, out: usize): void {
  const hW = load<f32>(coef);
  const a = load<f32>(coef + 4);
  const vhW = f32x4.splat(hW);
  const va = f32x4.splat(a);
  for (let i = 0; i < rows; i++) {
    const ei = load<f32>(e + (<usize>i << 2));
    const ve = f32x4.splat(ei);
    const t = trace + (<usize>(i * cols) << 2);
    const w = weight + (<usize>(i * cols) << 2);
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    let j = 0;
    for (; j + 15 < cols; j += 16) {
      const o = <usize>j << 2;
      const d0 = v128.load(t + o);
      const d1 = v128.load(t + o + 16);
      const d2 = v128.load(t + o + 32);
      const d3 = v128.load(t + o + 48);
      const w0 = f32x4.add(v128.load(w + o), f32x4.mul(vhW, d0));
      const w1 = f32x4.add(v128.load(w + o + 16), f32x4.mul(vhW, d1));
      const w2 = f32x4.add(v128.load(w + o + 32), f32x4.mul(vhW, d2));
      const w3 = f32x4.add(v128.load(w + o + 48), f32x4.mul(vhW, d3));
      v128.store(w + o, w0);
      v128.store(w + o + 16, w1);
      v128.store(w + o + 32, w2);
      v128.store(w + o + 48, w3);
      v128.store(t + o, f32x4.add(f32x4.mul(va, d0), f32x4.mul(ve, v128.load(p + o))));
      v128.store(t + o + 16, f32x4.add(f32x4.mul(va, d1), f32x4.mul(ve, v128.load(p + o + 16))));
      v128.store(t + o + 32, f32x4.add(f32x4.mul(va, d2), f32x4.mul(ve, v128.load(p + o + 32))));
      v128.store(t + o + 48, f32x4.add(f32x4.mul(va, d3), f32x4.mul(ve, v128.load(p + o + 48))));
      a0 = f32x4.add(a0, f32x4.mul(w0, v128.load(x + o)));
      a1 = f32x4.add(a1, f32x4.mul(w1, v128.load(x + o + 16)));
      a2 = f32x4.add(a2, f32x4.mul(w2, v128.load(x + o + 32)));
      a3 = f32x4.add(a3, f32x4.mul(w3, v128.load(x + o + 48)));
    }
    const s = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
    let acc: f32 = (f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 2)) + (f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 3));
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const d = load<f32>(t + o);
      const wn = load<f32>(w + o) + hW * d;
      store<f32>(w + o, wn);
      store<f32>(t + o, a * d + ei * load<f32>(p + o));
      acc += wn * load<f32>(x + o);
    }
    store<f32>(out + (<usize>i << 2), acc);
  }
}
