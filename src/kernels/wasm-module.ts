import { existsSync, readFileSync } from 'node:fs';

/**
 * Loading a compiled kernel module (build/*.wasm, made by `npm run build:kernels`) and
 * instantiating it over a linear memory of its own, for the microcircuit's and the recurrent
 * core's kernels alike.
 */

/** A WebAssembly linear memory; `buffer` is a SharedArrayBuffer when the memory is shared. */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}
/** A compiled WebAssembly module (opaque). */
export interface WasmModule {
  readonly __wasmModule: unique symbol;
}
/** The part of the WebAssembly JS API used here (Node's type definitions declare only its types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const PAGE_BYTES = 65536;
const compiled = new Map<string, WasmModule | null>();

/** The module compiled from `path`, once per path; null when the file is missing or this runtime lacks SIMD. */
export function compiledWasm(path: string): WasmModule | null {
  let module = compiled.get(path);
  if (module !== undefined) return module;
  module = null;
  if (existsSync(path)) {
    try {
      module = new wasm.Module(readFileSync(path));
    } catch {
      module = null;
    }
  }
  compiled.set(path, module);
  return module;
}

/** An instance of `module` over a new memory of at least `bytes` (whole pages, never grown): its buffer and exports. */
export function instantiateWasm<Exports>(module: WasmModule, bytes: number): { buffer: ArrayBuffer; exports: Exports } {
  const memory = new wasm.Memory({ initial: Math.ceil(bytes / PAGE_BYTES) });
  const exports = new wasm.Instance(module, { env: { memory, abort: () => undefined } }).exports as Exports;
  return { buffer: memory.buffer as ArrayBuffer, exports };
}

/**
 * An instance of `module` (built with --sharedMemory) over a new shared memory of at least `bytes`,
 * whole pages, never grown; the memory itself is returned too, for other threads to instantiate the
 * same module on it. Throws where this runtime has no WebAssembly threads.
 */
export function instantiateSharedWasm<Exports>(module: WasmModule, bytes: number): { memory: WasmMemory; buffer: SharedArrayBuffer; exports: Exports } {
  const pages = Math.ceil(bytes / PAGE_BYTES);
  const memory = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
  const exports = new wasm.Instance(module, { env: { memory, abort: () => undefined } }).exports as Exports;
  return { memory, buffer: memory.buffer as SharedArrayBuffer, exports };
}
