import { describe, expect, it } from 'vitest';
import {
  PERCEPTUAL_COHERENCES,
  PERCEPTUAL_TASKS,
  perceptualDecisionBatch,
  type PerceptualDecisionBatch,
  perceptualDecisionStreamBatch,
  type PerceptualTask,
} from '../../src/data/perceptual-decision-tasks.ts';
import { checkSequenceBatch } from '../../src/data/sequence-batch.ts';
import { Random } from '../../src/random/random.ts';

function input(b: PerceptualDecisionBatch, s: number, t: number, i: number): number {
  if (b.inputs.kind !== 'dense') throw new Error('dense inputs expected');
  return b.inputs.values[(s * b.steps + t) * 7 + i];
}

function label(b: PerceptualDecisionBatch, s: number, t: number): number {
  if (b.targets.kind !== 'classes') throw new Error('class targets expected');
  return b.targets.labels[s * b.steps + t];
}

/** Period lengths of trial s in steps: fixation, stimulus, delay, decision. */
function durations(b: PerceptualDecisionBatch, s: number): number[] {
  const p = Array.from(b.periods.subarray(5 * s, 5 * s + 5));
  return [p[1] - p[0], p[2] - p[1], p[3] - p[2], p[4] - p[3]];
}

describe('Pro / Anti / Delay / Delay-Anti perceptual decision tasks (Guilhot et al. 2024)', () => {
  it('draws training timing per trial from the authors’ lists, at dt 20 ms', () => {
    for (const task of PERCEPTUAL_TASKS) {
      const b = perceptualDecisionBatch(task, 300, new Random(1, task), { mode: 'train' });
      checkSequenceBatch(b);
      const seen = [new Set<number>(), new Set<number>(), new Set<number>(), new Set<number>()];
      for (let s = 0; s < b.batch; s++) {
        durations(b, s).forEach((d, i) => seen[i].add(d * 20));
        expect(b.lengths[s]).toBe(b.periods[5 * s + 4]);
      }
      const sorted = seen.map((x) => [...x].sort((p, q) => p - q));
      expect(sorted[0]).toEqual([100, 200, 300]);
      expect(sorted[1]).toEqual([3000, 4000, 5000]);
      expect(sorted[2]).toEqual(task === 'delay' || task === 'delay-anti' ? [500, 1000, 1500] : [0]);
      expect(sorted[3]).toEqual([100, 200, 300]);
      expect(b.steps).toBe(Math.max(...b.lengths));
    }
  });

  it('uses the fixed test timing: 220 steps without delay, 350 with', () => {
    const pro = perceptualDecisionBatch('pro', 5, new Random(2), { mode: 'test' });
    const delayAnti = perceptualDecisionBatch('delay-anti', 5, new Random(2), { mode: 'test' });
    for (let s = 0; s < 5; s++) {
      expect(durations(pro, s)).toEqual([10, 200, 0, 10]);
      expect(durations(delayAnti, s)).toEqual([25, 200, 100, 25]);
    }
    expect([pro.steps, delayAnti.steps]).toEqual([220, 350]);
  });

  it('sets fixation, stimulus and rule inputs by period, and the targets: fixate, then the correct choice', () => {
    for (const task of PERCEPTUAL_TASKS) {
      const b = perceptualDecisionBatch(task, 12, new Random(3, task), { mode: 'train' });
      const rule = PERCEPTUAL_TASKS.indexOf(task);
      for (let s = 0; s < b.batch; s++) {
        const [, stim, delay, decision, end] = b.periods.subarray(5 * s, 5 * s + 5);
        const anti = task === 'anti' || task === 'delay-anti';
        expect(b.choice[s]).toBe(anti ? 3 - b.stimulusSide[s] : b.stimulusSide[s]);
        for (let t = 0; t < b.steps; t++) {
          const padding = t >= end;
          expect(input(b, s, t, 0)).toBe(t < decision ? 1 : 0);
          for (let r = 0; r < 4; r++) expect(input(b, s, t, 3 + r)).toBe(!padding && r === rule ? 1 : 0);
          if (t < stim || t >= delay) {
            expect(input(b, s, t, 1)).toBe(0);
            expect(input(b, s, t, 2)).toBe(0);
          }
          expect(label(b, s, t)).toBe(padding ? -1 : t < decision ? 0 : b.choice[s]);
          expect(b.decision[s * b.steps + t]).toBe(!padding && t >= decision ? 1 : 0);
          // The authors' accuracy mask: the steps where the three task inputs are all 0.
          const taskInputsZero = [0, 1, 2].every((i) => input(b, s, t, i) === 0);
          if (!padding) expect(taskInputsZero).toBe(t >= decision);
        }
      }
    }
  });

  it('stimulus means 0.5 ± coherence/200 on the correct side, noise s.d. 1/√20 per step and channel', () => {
    const b = perceptualDecisionBatch('pro', 400, new Random(4), { mode: 'test' });
    let n = 0;
    let sum = 0;
    let sumSq = 0;
    const cohSeen = new Set<number>();
    const sides = [0, 0];
    for (let s = 0; s < b.batch; s++) {
      cohSeen.add(b.coherence[s]);
      sides[b.stimulusSide[s] - 1]++;
      const [, stim, delay] = b.periods.subarray(5 * s, 5 * s + 3);
      const strong = 0.5 + b.coherence[s] / 200;
      const weak = 0.5 - b.coherence[s] / 200;
      for (let t = stim; t < delay; t++) {
        for (const ch of [1, 2]) {
          const e = input(b, s, t, ch) - (ch === b.stimulusSide[s] ? strong : weak);
          sum += e;
          sumSq += e * e;
          n++;
        }
      }
    }
    expect([...cohSeen].sort((p, q) => p - q)).toEqual([...PERCEPTUAL_COHERENCES]);
    expect(Math.abs(sides[0] - 200)).toBeLessThan(4 * 10); // binomial(400, ½): s.d. 10
    const sd = Math.sqrt(sumSq / n - (sum / n) ** 2);
    expect(n).toBe(400 * 200 * 2);
    expect(Math.abs(sum / n)).toBeLessThan((4 * Math.sqrt(1 / 20)) / Math.sqrt(n));
    expect(Math.abs(sd - Math.sqrt(1 / 20))).toBeLessThan(0.002);
  });

  it('an ideal observer of the summed evidence answers correctly on strong-coherence trials for every task', () => {
    for (const task of ['pro', 'anti', 'delay', 'delay-anti'] as PerceptualTask[]) {
      const b = perceptualDecisionBatch(task, 200, new Random(5, task), { mode: 'train' });
      for (let s = 0; s < b.batch; s++) {
        if (b.coherence[s] < 25) continue;
        const [, stim, delay] = b.periods.subarray(5 * s, 5 * s + 3);
        let evidence = 0;
        for (let t = stim; t < delay; t++) evidence += input(b, s, t, 2) - input(b, s, t, 1);
        const side = evidence > 0 ? 2 : 1;
        const anti = task === 'anti' || task === 'delay-anti';
        expect(anti ? 3 - side : side).toBe(b.choice[s]);
      }
    }
  });

  it('is reproducible from the seed and rejects durations off the dt grid', () => {
    const x = perceptualDecisionBatch('delay', 8, new Random(6), { mode: 'train' });
    const y = perceptualDecisionBatch('delay', 8, new Random(6), { mode: 'train' });
    if (x.inputs.kind !== 'dense' || y.inputs.kind !== 'dense') throw new Error('dense inputs expected');
    expect(Buffer.compare(Buffer.from(x.inputs.values.buffer), Buffer.from(y.inputs.values.buffer))).toBe(0);
    expect(Array.from(x.periods)).toEqual(Array.from(y.periods));
    expect(() => perceptualDecisionBatch('pro', 2, new Random(6), { mode: 'train', dt: 30 })).toThrow(/multiple of dt/);
  });

  it('training streams: 400-step windows of back-to-back trials entered at a drawn phase', () => {
    const b = perceptualDecisionStreamBatch('delay-anti', 6, 400, new Random(7, 'stream'));
    checkSequenceBatch(b);
    if (b.inputs.kind !== 'dense' || b.targets.kind !== 'classes') throw new Error('unexpected kinds');
    // Replay the documented draws: a trial, the phase within it, then further trials.
    const rng = new Random(7, 'stream');
    for (let s = 0; s < 6; s++) {
      const expectedInputs: number[] = [];
      const expectedLabels: number[] = [];
      const starts: number[] = [];
      let trial = perceptualDecisionBatch('delay-anti', 1, rng, { mode: 'train' });
      let from = rng.integer(trial.steps);
      while (expectedLabels.length < 400) {
        if (trial.inputs.kind !== 'dense' || trial.targets.kind !== 'classes') throw new Error('unexpected kinds');
        if (from === 0) starts.push(expectedLabels.length);
        expectedInputs.push(...trial.inputs.values.subarray(from * 7));
        expectedLabels.push(...trial.targets.labels.subarray(from));
        if (expectedLabels.length >= 400) break;
        trial = perceptualDecisionBatch('delay-anti', 1, rng, { mode: 'train' });
        from = 0;
      }
      expect(Array.from(b.inputs.values.subarray(s * 2800, (s + 1) * 2800))).toEqual(expectedInputs.slice(0, 2800));
      expect(Array.from(b.targets.labels.subarray(s * 400, (s + 1) * 400))).toEqual(expectedLabels.slice(0, 400));
      const marked = Array.from(b.trialStart.subarray(s * 400, (s + 1) * 400)).flatMap((v, t) => (v ? [t] : []));
      expect(marked).toEqual(starts.filter((t) => t < 400));
      expect(marked.length).toBeGreaterThan(0); // delay trials last at most 7.1 s = 355 steps
      for (let t = 0; t < 400; t++) expect(b.decision[s * 400 + t]).toBe(b.targets.labels[s * 400 + t] > 0 ? 1 : 0);
    }
  });
});

describe('the Delay-Anti trials carry their answer', () => {
  it('an ideal observer (the sign of the summed stimulus difference, answered the other way) is right on ≥ 97 % of coherent trials and ≈ 90 % of all', () => {
    for (const mode of ['train', 'test'] as const) {
      const b = perceptualDecisionBatch('delay-anti', 400, new Random(11, `ideal ${mode}`), { mode });
      if (b.inputs.kind !== 'dense') throw new Error('dense');
      let [hits, coherentHits, coherent] = [0, 0, 0];
      for (let i = 0; i < b.batch; i++) {
        let sum = 0;
        for (let t = 0; t < b.lengths[i]; t++) sum += b.inputs.values[(i * b.steps + t) * 7 + 1] - b.inputs.values[(i * b.steps + t) * 7 + 2];
        const hit = (sum > 0 ? 2 : 1) === b.choice[i] ? 1 : 0;
        hits += hit;
        if (b.coherence[i] > 0) {
          coherentHits += hit;
          coherent++;
        }
      }
      expect(coherentHits / coherent, mode).toBeGreaterThanOrEqual(0.97);
      expect(hits / b.batch, mode).toBeGreaterThan(0.85);
      expect(hits / b.batch, mode).toBeLessThan(0.95);
    }
  });
});
