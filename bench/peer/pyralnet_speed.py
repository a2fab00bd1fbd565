"""Speed of the public NumPy reference of the microcircuit, for `npm run bench -- --peer`.

    NEURO_BACKPROP_DIR=/path/to/Neuro-Backprop python3 bench/peer/pyralnet_speed.py 784-500-500-10 3

Times `Net.run` of `backprop/PyraLNet.py` (github.com/phll/Neuro-Backprop, float32, forward Euler
at dt 0.1 ms) on random patterns of 100 ms with learning on (rates 0.01), noise 0.1 and a target
on every pattern: the settings of the reference measurements in docs/references.md. Prints one JSON
line: simulated ms per wall second. The reference's own progress lines go to stderr.
"""
import contextlib
import importlib.util
import json
import os
import sys
import time
import types


def usage(message):
    sys.stderr.write(f"{message}\nusage: NEURO_BACKPROP_DIR=<folder of a Neuro-Backprop checkout> python3 bench/peer/pyralnet_speed.py <dims, e.g. 30-50-10> <patterns>\n")
    sys.exit(2)


if len(sys.argv) != 3:
    usage("expected two arguments")
folder = os.environ.get("NEURO_BACKPROP_DIR")
if not folder or not os.path.isfile(os.path.join(folder, "backprop", "PyraLNet.py")):
    usage(f"NEURO_BACKPROP_DIR must name a checkout of github.com/phll/Neuro-Backprop (with backprop/PyraLNet.py); got {folder!r}")
try:
    dims = [int(x) for x in sys.argv[1].split("-")]
    patterns = int(sys.argv[2])
except ValueError:
    usage("dims are whole numbers joined by '-', patterns a whole number")
if len(dims) < 3 or patterns < 1:
    usage("dims need at least three layers and patterns at least 1")

# PyraLNet.py imports matplotlib and its Dataset module (torch) at the top for plots and data sets
# that Net.run does not use: stand-ins keep the timing runnable without them.
if importlib.util.find_spec("matplotlib") is None:
    sys.modules["matplotlib"] = types.ModuleType("matplotlib")
    sys.modules["matplotlib.pyplot"] = sys.modules["matplotlib"].pyplot = types.ModuleType("matplotlib.pyplot")
if importlib.util.find_spec("torch") is None:
    sys.modules["Dataset"] = types.ModuleType("Dataset")
sys.path.insert(0, os.path.join(folder, "backprop"))
import numpy as np  # noqa: E402

with contextlib.redirect_stdout(sys.stderr):
    import PyraLNet  # noqa: E402

    N = len(dims) - 1
    params = {
        "dims": dims, "dt": 0.1, "gl": 0.1, "gb": 1.0, "ga": 0.8, "gd": 1.0, "gsom": 0.8,
        "eta": {"up": [0.01] * N, "pi": [0.01] * (N - 1) + [0.0], "ip": [0.01] * (N - 1) + [0.0]},
        "bias": {"on": False, "val": 0.0},
        "init_weights": {"up": 0.1, "down": 0.1, "pi": 0.1, "ip": 0.1},
        "tau_w": 30, "noise": 0.1, "t_pattern": 100, "out_lag": 70, "tau_0": 3, "learning_lag": 0, "reset_deltas": False,
    }
    net = PyraLNet.Net(params, seed=1)
    rng = np.random.default_rng(2)
    inputs = rng.random((patterns, dims[0])).astype(np.float32)
    targets = np.hstack((rng.uniform(-1, 1, (patterns, dims[-1])), np.ones((patterns, 1)))).astype(np.float32)
    start = time.perf_counter()
    net.run(inputs, trgt_seq=targets, info_update=10**9)
    seconds = time.perf_counter() - start

simulated = patterns * params["t_pattern"]
print(json.dumps({"dims": sys.argv[1], "simulatedMs": simulated, "wallSeconds": seconds, "simulatedMsPerWallSecond": simulated / seconds, "numpy": np.__version__}))
