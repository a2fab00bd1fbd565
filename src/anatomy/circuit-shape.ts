import { InputError } from '../core/input-error.ts';

/**
 * Layer sizes of a microcircuit, dims = [n_0 (input), n_1, …, n_N (output)], and the shapes of
 * its weight matrices (post × pre, docs/model.md, "Dendrites and rates"):
 *
 *     W^up_k   (k = 1…N):   n_k × n_{k−1}        array index k−1
 *     W^down_k (k = 1…N−1): n_k × n_{k+1}        array index k−1
 *     W^IP_k   (k = 1…N−1): n_{k+1} × n_k        array index k−1
 *     W^PI_k   (k = 1…N−1): n_k × n_{k+1}        array index k−1
 *
 * Hidden layer k has n_{k+1} interneurons, one per pyramidal cell of the layer above.
 */
export type Connection = 'up' | 'down' | 'ip' | 'pi';
export const CONNECTIONS: readonly Connection[] = ['up', 'down', 'ip', 'pi'];

export class CircuitShape {
  readonly dims: readonly number[];
  /** Number of pyramidal layers N (hidden layers plus the output layer). */
  readonly depth: number;
  readonly hiddenLayers: number;

  constructor(dims: readonly number[], field = 'dims') {
    if (!Array.isArray(dims) || dims.length < 3) {
      throw new InputError(field, `expected at least 3 layer sizes (input, ≥ 1 hidden, output), got ${JSON.stringify(dims)}`);
    }
    dims.forEach((n, i) => {
      if (!Number.isInteger(n) || n < 1) throw new InputError(`${field}[${i}]`, `expected a positive integer, got ${n}`);
    });
    this.dims = [...dims];
    this.depth = dims.length - 1;
    this.hiddenLayers = dims.length - 2;
  }

  get inputSize(): number {
    return this.dims[0];
  }

  get outputSize(): number {
    return this.dims[this.depth];
  }

  /** Number of matrices of a connection: N for `up`, N−1 for the others. */
  count(connection: Connection): number {
    return connection === 'up' ? this.depth : this.hiddenLayers;
  }

  /** [rows, cols] of the matrix at array index `index` of a connection. */
  matrixShape(connection: Connection, index: number): [number, number] {
    const k = index + 1;
    const d = this.dims;
    switch (connection) {
      case 'up':
        return [d[k], d[k - 1]];
      case 'down':
      case 'pi':
        return [d[k], d[k + 1]];
      case 'ip':
        return [d[k + 1], d[k]];
    }
  }

  /** Total number of somata (pyramidal and interneurons). */
  get somaCount(): number {
    let n = 0;
    for (let k = 1; k <= this.depth; k++) n += this.dims[k];
    for (let k = 1; k <= this.hiddenLayers; k++) n += this.dims[k + 1];
    return n;
  }

  toString(): string {
    return this.dims.join('-');
  }
}
