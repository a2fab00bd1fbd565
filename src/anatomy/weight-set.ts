import { cloneMatrix, type DenseMatrix } from '../linalg/dense-matrix.ts';
import { InputError } from '../core/input-error.ts';
import { CONNECTIONS, type CircuitShape, type Connection } from './circuit-shape.ts';

/** All weights of a microcircuit, by connection, in the array order of CircuitShape. */
export type WeightSet = Record<Connection, DenseMatrix[]>;

export function cloneWeights(w: WeightSet): WeightSet {
  return {
    up: w.up.map(cloneMatrix),
    down: w.down.map(cloneMatrix),
    ip: w.ip.map(cloneMatrix),
    pi: w.pi.map(cloneMatrix),
  };
}

/** Throws an InputError naming `weights.<connection>[i]` when a count or shape is wrong or a value is not finite. */
export function checkWeights(shape: CircuitShape, w: WeightSet, field = 'weights'): void {
  for (const c of CONNECTIONS) {
    const list = w[c];
    if (list.length !== shape.count(c)) {
      throw new InputError(`${field}.${c}`, `expected ${shape.count(c)} matrices for dims ${shape}, got ${list.length}`);
    }
    list.forEach((m, i) => {
      const [rows, cols] = shape.matrixShape(c, i);
      if (m.rows !== rows || m.cols !== cols) {
        throw new InputError(`${field}.${c}[${i}]`, `expected ${rows}×${cols} matrix, got ${m.rows}×${m.cols}`);
      }
      const bad = m.data.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) {
        const r = Math.floor(bad / cols);
        throw new InputError(`${field}.${c}[${i}][${r}][${bad - r * cols}]`, `expected a finite number, got ${m.data[bad]}`);
      }
    });
  }
}
