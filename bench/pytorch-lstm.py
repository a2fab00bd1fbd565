"""PyTorch's nn.LSTM on this CPU, the reference of the recurrent speed table (bench/recurrent.ts).

Same shapes and windows as bench/recurrent.ts: batch 20, input 28, windows of 100 steps, a linear
readout of 10 classes; inference is the forward pass under torch.no_grad(), training the forward
pass, cross-entropy at the last step, backward and an Adam step (lr 1e-4). float32, one thread
(torch.set_num_threads(1)). A rate is sequence steps (one sequence advancing one step) per second
of this process's CPU time (time.process_time), over at least `seconds` CPU seconds.

Needs PyTorch (Debian: `apt-get install python3-torch`, 1.13.1; or `pip install torch`). Debian's
torch does its matrix products through the system's libblas.so.3: with the reference BLAS
(libblas3) it runs about 10x slower than with OpenBLAS (`apt-get install libopenblas0-serial`,
single-threaded); the answers name the library loaded ("blas").

Two ways to run it:
    python3 bench/pytorch-lstm.py [--units 100 200] [--rounds 5] [--seconds 0.5]
        prints one JSON line per units (best round) and exits;
    python3 bench/pytorch-lstm.py --serve
        reads requests "<units> <inference|training> <seconds>" from stdin, one per line, and
        answers each with one JSON line {"units", "mode", "seqStepsPerCpuSecond",
        "seqStepsPerWallSecond"}; `npm run bench -- --pytorch` drives it this way so that its
        rounds alternate with ours in time.
"""

import argparse
import json
import sys
import time

try:
    import torch
except ImportError:
    sys.stderr.write(
        "PyTorch is not installed for this python3: `apt-get install -y python3-torch` (Debian, 1.13.1) "
        "or `pip install torch`\n"
    )
    sys.exit(3)

BATCH = 20
INPUT = 28
STEPS = 100
CLASSES = 10


class Case:
    """One LSTM of `units` units with its readout, optimiser and a fixed window of inputs."""

    def __init__(self, units):
        torch.manual_seed(1)
        self.lstm = torch.nn.LSTM(INPUT, units, batch_first=True)
        self.readout = torch.nn.Linear(units, CLASSES)
        params = list(self.lstm.parameters()) + list(self.readout.parameters())
        self.opt = torch.optim.Adam(params, lr=1e-4)
        self.x = torch.rand(BATCH, STEPS, INPUT) * 2 - 1
        self.y = torch.randint(0, CLASSES, (BATCH,))
        self.loss = torch.nn.CrossEntropyLoss()
        # warm-up: the first calls allocate and choose kernels
        self.infer()
        self.train()

    def infer(self):
        with torch.no_grad():
            out, _ = self.lstm(self.x)
            self.readout(out)

    def train(self):
        self.opt.zero_grad()
        out, _ = self.lstm(self.x)
        loss = self.loss(self.readout(out[:, -1, :]), self.y)
        loss.backward()
        self.opt.step()


def blas_library():
    """The BLAS library this process loaded (Debian's torch uses whatever libblas.so.3 points to)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
        for key in ("libopenblas", "libmkl", "libblis", "libblas"):
            for path in sorted(paths):
                if key in path:
                    return path
        return "none found"
    except OSError:
        return "unknown"


def rate(run, seconds):
    """(CPU-time rate, wall-time rate) in sequence steps per second of `run` over >= `seconds` CPU s."""
    windows = 0
    start = time.process_time()
    wall = time.perf_counter()
    while True:
        run()
        windows += 1
        elapsed = time.process_time() - start
        if elapsed >= seconds:
            break
    wall = time.perf_counter() - wall
    steps = windows * BATCH * STEPS
    return steps / elapsed, steps / wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--serve", action="store_true", help="answer timing requests from stdin")
    parser.add_argument("--units", type=int, nargs="+", default=[100, 200])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=0.5)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    cases = {}

    def case(units):
        if units not in cases:
            cases[units] = Case(units)
        return cases[units]

    if args.serve:
        sys.stdout.write(json.dumps({"ready": True, "torch": torch.__version__, "blas": blas_library()}) + "\n")
        sys.stdout.flush()
        for line in sys.stdin:
            parts = line.split()
            if len(parts) != 3 or parts[1] not in ("inference", "training"):
                sys.stdout.write(json.dumps({"error": f"bad request {line.strip()!r}: want '<units> <inference|training> <seconds>'"}) + "\n")
                sys.stdout.flush()
                continue
            units, mode, seconds = int(parts[0]), parts[1], float(parts[2])
            c = case(units)
            cpu, wall = rate(c.infer if mode == "inference" else c.train, seconds)
            sys.stdout.write(json.dumps({"units": units, "mode": mode, "seqStepsPerCpuSecond": cpu, "seqStepsPerWallSecond": wall}) + "\n")
            sys.stdout.flush()
        return
    for units in args.units:
        c = case(units)
        inference = max(rate(c.infer, args.seconds)[0] for _ in range(args.rounds))
        training = max(rate(c.train, args.seconds)[0] for _ in range(args.rounds))
        print(json.dumps({"torch": torch.__version__, "blas": blas_library(), "units": units, "batch": BATCH, "input": INPUT, "steps": STEPS, "inferenceSeqStepsPerCpuSecond": round(inference), "trainingSeqStepsPerCpuSecond": round(training)}))


if __name__ == "__main__":
    main()
