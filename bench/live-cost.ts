/**
 * Cost of the live view to the run, measured so that the machine's load cancels out: two
 * simulations of the same 30-50-10 learning circuit, both driven by a LiveRunner in steps of 10 ms
 * simulated, one served by serveLive (1 ms rows) to three reading WebSocket clients and one that has
 * stopped reading (in a child process, as browsers would be), the other not served; advanced in
 * alternating rounds in one process. The cost is the median over rounds of
 * 1 − (rate served)/(rate not served). Also prints the heap after the run.
 *   LIVE_CLIENTS=4 node --import tsx bench/live-cost.ts [rounds]
 */
import { spawn } from 'node:child_process';
import { CircuitShape } from '../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../src/circuits/microcircuit.ts';
import { setSelfPredicting } from '../src/circuits/self-predicting.ts';
import { initUniformWeights } from '../src/circuits/weight-init.ts';
import { createIntegrator } from '../src/integrators/create-integrator.ts';
import { LiveRunner } from '../src/live/live-runner.ts';
import { serveLive } from '../src/live/serve-live.ts';
import { PAPER_NEURON_PARAMETERS } from '../src/neurons/neuron-parameters.ts';
import { PAPER_REGRESSION_PLASTICITY } from '../src/plasticity/plasticity-config.ts';
import { Simulation } from '../src/simulation/simulation.ts';

const rounds = Number(process.argv[2] ?? 7);
const ROUND_MS = 1000;

function learningSim(): Simulation {
  const dims = [30, 50, 10];
  const shape = new CircuitShape(dims);
  const weights = initUniformWeights(shape, { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 1);
  setSelfPredicting(shape, weights, PAPER_NEURON_PARAMETERS);
  const circuit = new Microcircuit({ dims, neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.1 }, weights, plasticity: PAPER_REGRESSION_PLASTICITY });
  circuit.setInput(Array.from({ length: 30 }, (_, i) => (i % 7) / 7));
  circuit.setTarget(Array(10).fill(0.2));
  circuit.setPlasticity(true);
  return new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 1 });
}

/** Wall ms to advance `sim` by ROUND_MS under a LiveRunner. */
async function round(sim: Simulation, runner: { current: LiveRunner | null }): Promise<number> {
  const end = sim.t + ROUND_MS;
  runner.current = new LiveRunner(() => (sim.advanceTo(Math.min(end, sim.t + 10)), sim.t < end));
  const t0 = performance.now();
  await runner.current.run();
  return performance.now() - t0;
}

const bare = learningSim();
const served = learningSim();
const servedRunner: { current: LiveRunner | null } = { current: null };
const server = await serveLive(served, { every: 1 });
// The clients live in another process, as a browser would: 3 read, 1 stops reading.
const clientCount = Number(process.env.LIVE_CLIENTS ?? 4);
const clients = spawn(process.execPath, ['-e', `
  const WebSocket = require('ws');
  let open = 0;
  for (let i = 0; i < ${clientCount}; i++) {
    const ws = new WebSocket(${JSON.stringify(server.url.replace('http', 'ws').replace('/?', '/ws?'))});
    ws.on('message', (data) => JSON.parse(String(data)));
    ws.on('open', () => { if (i === 3) ws._socket.pause(); if (++open === ${clientCount}) console.log('open'); });
  }
`], { stdio: ['ignore', 'pipe', 'inherit'] });
if (clientCount > 0) await new Promise((resolve) => clients.stdout.once('data', resolve));
while (server.stats().clients < clientCount) await new Promise((r) => setTimeout(r, 10));

await round(bare, { current: null });
await round(served, servedRunner);
const costs: number[] = [];
for (let r = 0; r < rounds; r++) {
  const wallBare = await round(bare, { current: null });
  const wallServed = await round(served, servedRunner);
  costs.push(1 - wallBare / wallServed);
}
costs.sort((a, b) => a - b);
const stats = server.stats();
const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
const rssMB = process.memoryUsage().rss / 2 ** 20;
await server.close();
clients.kill();
process.stdout.write(`${JSON.stringify({ medianPercent: +(100 * costs[Math.floor(rounds / 2)]).toFixed(1), rounds, simulatedMs: served.t, rows: stats.rows, messages: stats.messages, drops: stats.drops, heapMB: +heapMB.toFixed(1), rssMB: +rssMB.toFixed(1) })}\n`);
