/**
 * docs/model.md written out again with nested arrays and plain loops, sharing no code with src: the
 * independent re-implementation the engine is checked against. Forward Euler, as the public
 * reference code does it, with the plasticity rules, τ_w traces, τ_0 filters, learning lag and
 * output averaging of docs/experiment-format.md.
 */
export interface ReferenceParams {
  gl: number;
  gb: number;
  ga: number;
  gd: number;
  gsom: number;
}

export interface ReferencePlasticity {
  tauW: number;
  learningLag: number;
  eta: { readonly up: readonly number[]; readonly down: readonly number[]; readonly ip: readonly number[]; readonly pi: readonly number[] };
}

type Matrix = number[][];
const matVec = (W: Matrix, x: number[]) => W.map((row) => row.reduce((s, w, j) => s + w * x[j], 0));

export class ReferenceMicrocircuit {
  u: number[][]; // pyramidal somata, layers 1…N
  uI: number[][]; // interneuron somata, hidden layers 1…N−1
  rIn: number[]; // τ_0-filtered input
  uTgt: number[]; // τ_0-filtered target
  integral: number[];
  W: { up: Matrix[]; down: Matrix[]; ip: Matrix[]; pi: Matrix[] };
  D: { up: Matrix[]; down: Matrix[]; ip: Matrix[]; pi: Matrix[] };
  input: number[];
  target: number[];
  nudged = false;
  learning = false;
  averaging = false;
  readonly N: number;

  constructor(
    readonly dims: number[],
    readonly p: ReferenceParams,
    readonly phi: (x: number) => number,
    weights: { up: Matrix[]; down: Matrix[]; ip: Matrix[]; pi: Matrix[] },
    readonly plasticity: ReferencePlasticity | null,
    readonly tau0: number,
  ) {
    this.N = dims.length - 1;
    const zeros = (n: number) => new Array<number>(n).fill(0);
    this.u = dims.slice(1).map(zeros);
    this.uI = dims.slice(2).map(zeros);
    this.rIn = zeros(dims[0]);
    this.uTgt = zeros(dims[this.N]);
    this.integral = zeros(dims[this.N]);
    const copy = (ms: Matrix[]) => ms.map((m) => m.map((row) => [...row]));
    this.W = { up: copy(weights.up), down: copy(weights.down), ip: copy(weights.ip), pi: copy(weights.pi) };
    const zerosLike = (ms: Matrix[]) => ms.map((m) => m.map((row) => row.map(() => 0)));
    this.D = { up: zerosLike(weights.up), down: zerosLike(weights.down), ip: zerosLike(weights.ip), pi: zerosLike(weights.pi) };
    this.input = zeros(dims[0]);
    this.target = zeros(dims[this.N]);
  }

  /** One forward-Euler step of every ODE of docs/model.md. */
  step(dt: number): void {
    const { p, phi, N } = this;
    const r = this.u.map((layer) => layer.map(phi));
    const rI = this.uI.map((layer) => layer.map(phi));
    const pre = (k: number) => (k === 0 ? this.rIn : r[k - 1]); // rates feeding layer k+1
    const vB = this.W.up.map((W, k) => matVec(W, pre(k)));
    const topDown = this.W.down.map((W, h) => matVec(W, r[h + 1]));
    const vA = topDown.map((td, h) => td.map((x, i) => x + matVec(this.W.pi[h], rI[h])[i]));
    const vI = this.W.ip.map((W, h) => matVec(W, r[h]));

    const du = this.u.map((layer, k) =>
      layer.map((x, i) =>
        k < N - 1
          ? -p.gl * x + p.gb * (vB[k][i] - x) + p.ga * (vA[k][i] - x)
          : -p.gl * x + p.gb * (vB[k][i] - x) + (this.nudged ? p.gsom * (this.uTgt[i] - x) : 0),
      ),
    );
    const duI = this.uI.map((layer, h) => layer.map((x, i) => -p.gl * x + p.gd * (vI[h][i] - x) + p.gsom * (this.u[h + 1][i] - x)));

    if (this.plasticity !== null && this.learning) {
      const pl = this.plasticity;
      const cB = (k: number) => p.gb / (p.gl + p.gb + (k < N - 1 ? p.ga : 0));
      const post = {
        up: this.u.map((_, k) => r[k].map((rk, i) => rk - phi(cB(k) * vB[k][i]))),
        down: topDown.map((td, h) => r[h].map((rk, i) => rk - phi(td[i]))),
        ip: vI.map((v, h) => rI[h].map((ri, i) => ri - phi((p.gd / (p.gl + p.gd)) * v[i]))),
        pi: vA.map((v) => v.map((x) => -x)),
      };
      const preOf = { up: this.u.map((_, k) => pre(k)), down: r.slice(1), ip: r.slice(0, N - 1), pi: rI };
      for (const c of ['up', 'down', 'ip', 'pi'] as const) {
        this.W[c].forEach((W, m) => {
          const eta = pl.eta[c][m];
          if (eta === 0) return;
          const D = this.D[c][m];
          for (let i = 0; i < W.length; i++) {
            for (let j = 0; j < W[i].length; j++) {
              const d = D[i][j];
              W[i][j] += dt * eta * d; // dW/dt = η·Δ, with the trace at the start of the step
              D[i][j] = d + (dt / pl.tauW) * (post[c][m][i] * preOf[c][m][j] - d); // τ_w·dΔ/dt = −Δ + e·pᵀ
            }
          }
        });
      }
    }
    if (this.averaging) this.integral = this.integral.map((a, i) => a + dt * this.u[N - 1][i]);
    this.u = this.u.map((layer, k) => layer.map((x, i) => x + dt * du[k][i]));
    this.uI = this.uI.map((layer, h) => layer.map((x, i) => x + dt * duI[h][i]));
    this.rIn = this.rIn.map((x, i) => x + (dt / this.tau0) * (this.input[i] - x));
    this.uTgt = this.uTgt.map((x, i) => x + (dt / this.tau0) * (this.target[i] - x));
  }

  /**
   * One pattern of tPattern ms in steps of dt: plasticity from learningLag, averaging from
   * outputLag (both multiples of dt here). Returns the mean output.
   */
  present(input: number[], target: number[] | null, learn: boolean, tPattern: number, outputLag: number, dt: number): number[] {
    this.input = [...input];
    this.nudged = target !== null;
    if (target !== null) this.target = [...target];
    const steps = Math.round(tPattern / dt);
    const lagSteps = Math.round((this.plasticity?.learningLag ?? 0) / dt);
    const avgSteps = Math.round(outputLag / dt);
    this.integral = this.integral.map(() => 0);
    for (let s = 0; s < steps; s++) {
      this.learning = learn && this.plasticity !== null && s >= lagSteps;
      this.averaging = s >= avgSteps;
      this.step(dt);
    }
    return this.integral.map((a) => a / (tPattern - outputLag));
  }
}
