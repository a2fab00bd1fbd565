/**
 * Cost of the live view to the run, measured so that the machine's load cancels out: two
 * simulations of the same 30-50-10 learning circuit, both driven by a LiveRunner in steps of 10 ms
 * simulated, one served by serveLive (1 ms rows) to three reading WebSocket clients and one that has
 * stopped reading (in a child process, as browsers would be), the other not served; advanced in
 * alternating rounds in one process. The cost is the median over rounds of
 * 1 − (rate served)/(rate not served), in wall time and in this process's CPU time (the second
 * leaves out the clients' process, which on a loaded machine takes CPU share from this one where a
 * browser would run on another core). The stalled client stops reading from its first message to
 * the end (the default 21 rounds of 10 s simulated take over 30 s of wall time). Also prints the
 * heap and RSS after the run: with the ring and each client's send queue bounded, they stay flat.
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

const rounds = Number(process.argv[2] ?? 21);
const ROUND_MS = 10_000;

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

/** Wall ms and CPU ms of this process to advance `sim` by ROUND_MS under a LiveRunner. */
async function round(sim: Simulation, runner: { current: LiveRunner | null }): Promise<{ wall: number; cpu: number }> {
  const end = sim.t + ROUND_MS;
  runner.current = new LiveRunner(() => (sim.advanceTo(Math.min(end, sim.t + 10)), sim.t < end));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await runner.current.run();
  const cpu = process.cpuUsage(cpu0);
  return { wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000 };
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
const cpuCosts: number[] = [];
const heapBefore = process.memoryUsage().heapUsed / 2 ** 20;
const wallStart = performance.now();
for (let r = 0; r < rounds; r++) {
  const b = await round(bare, { current: null });
  const s = await round(served, servedRunner);
  costs.push(1 - b.wall / s.wall);
  cpuCosts.push(1 - b.cpu / s.cpu);
}
costs.sort((a, b) => a - b);
cpuCosts.sort((a, b) => a - b);
const stats = server.stats();
const heapMB = process.memoryUsage().heapUsed / 2 ** 20;
const rssMB = process.memoryUsage().rss / 2 ** 20;
await server.close();
clients.kill();
process.stdout.write(`${JSON.stringify({ medianPercent: +(100 * costs[Math.floor(rounds / 2)]).toFixed(1), cpuMedianPercent: +(100 * cpuCosts[Math.floor(rounds / 2)]).toFixed(1), rounds, clients: clientCount, stalledWallSeconds: clientCount > 3 ? +((performance.now() - wallStart) / 1000).toFixed(1) : 0, simulatedMs: served.t, rows: stats.rows, messages: stats.messages, drops: stats.drops, heapBeforeMB: +heapBefore.toFixed(1), heapMB: +heapMB.toFixed(1), rssMB: +rssMB.toFixed(1) })}\n`);
