"""The Python loader on files the TypeScript side has just written.

Runs ``npm run -s simulate`` (recordings in the result file, the weights as .npy), the same
command's entry point once per recording sink format, and ``npm run train``'s entry point (2 short
epochs) into a temporary folder, then checks
that every array the loader returns equals what the JSON files hold, value for value.

Run from the repository root: ``/usr/bin/python3 -m pytest python/`` (needs NumPy and pytest, e.g.
``apt-get install python3-numpy python3-pytest``, and the Node dependencies, ``npm ci``).
"""

import json
import os
import subprocess

import numpy as np
import pytest

import dendritic_loader as dl

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A noisy, learning 3-4-2 circuit: 3 patterns of 20 ms, two probes every 0.5 ms (the first with
# neuron indices out of order, to check that column names keep them).
EXPERIMENT = {
    "dims": [3, 4, 2],
    "neuron": {"noise": 0.1},
    "plasticity": {"eta": {"up": [0.01, 0.01], "ip": [0.01], "pi": [0.01]}},
    "protocol": {
        "tPattern": 20,
        "outputLag": 5,
        "patterns": [
            {"input": [0.1, 0.5, 0.9], "target": [0.2, -0.1]},
            {"input": [0.9, 0.5, 0.1], "target": [-0.3, 0.4]},
            {"input": [0.1, 0.5, 0.9], "target": None, "learn": False},
        ],
    },
    "record": {
        "every": 0.5,
        "probes": [
            {"population": "pyramidal", "layer": 1, "variable": "apical", "indices": [3, 1]},
            {"population": "pyramidal", "layer": 2, "variable": "rate"},
        ],
    },
    "seed": 3,
}
FRAMES = 3 * 20 * 2 + 1
COLUMNS = ["pyramidal 1 apical[3]", "pyramidal 1 apical[1]", "pyramidal 2 rate[0]", "pyramidal 2 rate[1]"]


def npm(*args):
    """Runs an npm script quietly (-s: no npm banner) from the repository root; returns stdout."""
    env = dict(os.environ, NO_PROGRESS="1")
    r = subprocess.run(["npm", "run", "-s", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    return r.stdout


def node(script, *args):
    """Runs a command's entry point with node directly (what the npm script runs, without npm's start-up)."""
    env = dict(os.environ, NO_PROGRESS="1")
    r = subprocess.run(["node", "--import", "tsx", script, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    return r.stdout


def simulate(folder, experiment, *extra, through_npm=False):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "experiment.json")
    with open(path, "w") as f:
        json.dump(experiment, f)
    args = [path, "--out", os.path.join(folder, "result.json"), *extra]
    return npm("simulate", "--", *args) if through_npm else node("src/cli/simulate.ts", *args)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = str(tmp_path_factory.mktemp("runs"))
    folders = {"memory": os.path.join(root, "memory")}
    stdout = simulate(folders["memory"], EXPERIMENT, "--weights-npy", os.path.join(folders["memory"], "weights"), through_npm=True)
    for fmt in ("npy", "csv", "ndjson"):
        folders[fmt] = os.path.join(root, fmt)
        # The sink path is relative to the experiment file, not to the working directory (the repository).
        exp = dict(EXPERIMENT, record=dict(EXPERIMENT["record"], sink={"format": fmt, "path": f"recording.{fmt}"}))
        simulate(folders[fmt], exp)
    folders["train"] = os.path.join(root, "train")
    train_stdout = node("src/cli/train.ts", "--data", "yinyang", "--model", "microcircuit", "--epochs", "2", "--limit-train", "200",
                       "--limit-test", "100", "--seed", "1", "--out", folders["train"])
    with open(os.path.join(folders["memory"], "result.json")) as f:
        raw = json.load(f)
    return {"folders": folders, "stdout": stdout, "train_stdout": train_stdout, "raw": raw}


def test_the_json_line_is_alone_on_stdout(runs):
    # With `npm run -s` stdout holds exactly the command's JSON line.
    lines = runs["stdout"].splitlines()
    assert len(lines) == 1
    line = json.loads(lines[0])
    assert line["patterns"] == 3
    assert line["simulatedMs"] == runs["raw"]["stats"]["simulatedMs"] == 60
    assert json.loads(runs["train_stdout"])["epochs"] == 2


def test_simulation_result_as_arrays(runs):
    raw = runs["raw"]
    r = dl.load_simulation_result(os.path.join(runs["folders"]["memory"], "result.json"))
    assert r["outputs"].shape == (3, 2)
    assert r["outputs"].dtype == np.float64
    assert np.array_equal(r["outputs"], np.array(raw["outputs"]))
    assert np.all(np.isfinite(r["outputs"]))
    shapes = {c: [m.shape for m in r["weights"][c]] for c in dl.CONNECTIONS}
    assert shapes == {"up": [(4, 3), (2, 4)], "down": [(4, 2)], "ip": [(2, 4)], "pi": [(4, 2)]}
    for c in dl.CONNECTIONS:
        for m, rows in zip(r["weights"][c], raw["weights"][c]):
            assert np.array_equal(m, np.array(rows))
    assert r["stats"]["steps"] == 600
    assert r["experiment"]["protocol"]["tau0"] == 3  # defaults are echoed
    assert r["recording_file"] is None


def test_recordings_in_the_result_keep_names_and_indices(runs):
    raw = runs["raw"]
    rec = dl.load_simulation_result(os.path.join(runs["folders"]["memory"], "result.json"))["recording"]
    assert len(rec) == FRAMES
    assert rec.columns == COLUMNS
    assert list(rec.probes) == ["pyramidal 1 apical", "pyramidal 2 rate"]
    assert rec.neuron_indices("pyramidal 1 apical") == [3, 1]
    assert np.array_equal(rec.times, np.array(raw["recordings"][0]["times"]))
    assert rec.times[0] == 0 and rec.times[-1] == pytest.approx(60, abs=1e-9)
    apical = np.array(raw["recordings"][0]["values"])
    rates = np.array(raw["recordings"][1]["values"])
    assert np.array_equal(rec.probe("pyramidal 1 apical"), apical)
    assert np.array_equal(rec["pyramidal 2 rate"], rates)
    assert np.array_equal(rec["pyramidal 1 apical[1]"], apical[:, 1])
    assert rec.as_table().shape == (FRAMES, 5)
    with pytest.raises(KeyError):
        rec["pyramidal 1 apical[2]"]


def test_weights_npy_equal_the_result_weights(runs):
    folder = runs["folders"]["memory"]
    w = dl.load_weights(os.path.join(folder, "weights"))
    r = dl.load_simulation_result(os.path.join(folder, "result.json"))
    for c in dl.CONNECTIONS:
        assert len(w[c]) == len(r["weights"][c])
        for a, b in zip(w[c], r["weights"][c]):
            assert a.dtype == np.float64
            assert np.array_equal(a, b)
    # Plasticity moved W^up; W^down (rate 0 by default) kept its start, so the two are not all equal.
    assert not np.array_equal(w["up"][0], np.zeros_like(w["up"][0]))


@pytest.mark.parametrize("fmt", ["npy", "csv", "ndjson"])
def test_each_sink_reads_back_as_the_in_memory_recording(runs, fmt):
    memory = dl.load_simulation_result(os.path.join(runs["folders"]["memory"], "result.json"))["recording"]
    folder = runs["folders"][fmt]
    result = dl.load_simulation_result(os.path.join(folder, "result.json"))
    assert result["recording"] is None
    assert result["recording_file"]["frames"] == FRAMES
    assert result["recording_file"]["path"] == os.path.join(folder, f"recording.{fmt}")
    rec = dl.load_recording(os.path.join(folder, f"recording.{fmt}"), result["experiment"]["record"]["probes"])
    assert rec.columns == COLUMNS
    assert dl.load_run(folder)["recordings"][f"recording.{fmt}"].columns == COLUMNS
    if fmt == "ndjson":  # without the probe specs, ndjson columns are numbered per probe
        assert dl.load_recording(os.path.join(folder, "recording.ndjson")).columns[:2] == ["pyramidal 1 apical[0]", "pyramidal 1 apical[1]"]
    assert list(rec.probes) == list(memory.probes)
    # Same seed, same run: the files hold exactly the in-memory numbers (text formats round-trip doubles).
    assert np.array_equal(rec.times, memory.times)
    assert np.array_equal(rec.data, memory.data)
    assert np.array_equal(result["outputs"], dl.load_simulation_result(os.path.join(runs["folders"]["memory"], "result.json"))["outputs"])


def test_load_run_and_the_npz_bundle(runs, tmp_path):
    run = dl.load_run(runs["folders"]["memory"])
    assert run["weights"] is not None and len(run["weights"]["up"]) == 2
    assert list(run["recordings"]) == ["result.json"]
    bundle = str(tmp_path / "run.npz")
    dl.save_npz(run, bundle)
    with np.load(bundle, allow_pickle=False) as z:
        assert np.array_equal(z["outputs"], run["result"]["outputs"])
        assert np.array_equal(z["weights/up_2"], run["weights"]["up"][1])
        assert np.array_equal(z["result.json/data"], run["recordings"]["result.json"].data)
        assert list(z["result.json/columns"]) == COLUMNS
    sink_run = dl.load_run(runs["folders"]["npy"])
    assert list(sink_run["recordings"]) == ["recording.npy"]
    assert sink_run["weights"] is None


def test_training_result_and_checkpoint(runs):
    folder = runs["folders"]["train"]
    with open(os.path.join(folder, "result.json")) as f:
        raw = json.load(f)
    t = dl.load_training_result(os.path.join(folder, "result.json"))
    assert list(t["history"]["epoch"]) == [1.0, 2.0]
    for key in ("trainLoss", "trainError", "testError", "trainMse", "testMse"):
        assert np.array_equal(t["history"][key], np.array([h[key] for h in raw["history"]], dtype=float))
    assert t["testAccuracy"] == raw["testAccuracy"]
    assert dl.load_run(folder)["result"]["history"]["testMse"][-1] == raw["testMse"]
    arrays = dl.load_training_checkpoint(folder)
    with open(os.path.join(folder, "checkpoint.json")) as f:
        index = json.load(f)
    header, blocks = dl.load_checkpoint(os.path.join(folder, f"checkpoint-{index['epoch']}.bin"))
    assert header["epoch"] == index["epoch"] == 2
    assert list(arrays) == list(blocks)
    # a flipped bit in the data is caught by the seal
    path = os.path.join(folder, f"checkpoint-{index['epoch']}.bin")
    with open(path, "rb") as f:
        sealed = bytearray(f.read())
    sealed[-3] ^= 1
    damaged = os.path.join(folder, "damaged.bin")
    with open(damaged, "wb") as f:
        f.write(sealed)
    with pytest.raises(ValueError, match="SHA-256"):
        dl.load_checkpoint(damaged)
    # The hidden layer's forward weights, 120 x (4 inputs + bias), all finite.
    assert arrays["up1"].size == raw["setup"]["dims"][1] * (raw["setup"]["dims"][0] + 1)
    assert np.all(np.isfinite(arrays["up1"]))


def test_records_to_arrays_and_non_finite_csv_values(tmp_path):
    a = dl.records_to_arrays([{"epoch": 1, "testError": None, "name": "x"}, {"epoch": 2, "testError": 0.25}])
    assert set(a) == {"epoch", "testError"}
    assert np.isnan(a["testError"][0]) and a["testError"][1] == 0.25
    # The CSV sink spells non-finite values NaN, Infinity, -Infinity.
    path = tmp_path / "r.csv"
    path.write_text("t,pyramidal 1 soma[0],pyramidal 1 soma[2]\n0,NaN,Infinity\n0.5,-Infinity,1e-300\n")
    rec = dl.load_recording(str(path))
    assert rec.neuron_indices("pyramidal 1 soma") == [0, 2]
    assert np.isnan(rec.data[0, 0]) and rec.data[0, 1] == np.inf and rec.data[1, 0] == -np.inf and rec.data[1, 1] == 1e-300


def test_the_readme_python_section_runs_as_written(tmp_path):
    """The README's "From Python" commands, with its output folder out/fixed moved to a temporary one."""
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    section = readme.split("## From Python", 1)[1].split("\n## ", 1)[0]
    sh = section.split("```sh\n", 1)[1].split("```", 1)[0].strip()
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    expected = section.split("```", 6)[-1].split("prints `", 1)[1].split("`", 1)[0]
    out = str(tmp_path / "fixed")
    assert sh.startswith("npm run -s simulate -- ") and "out/fixed" in sh and "out/fixed" in code
    env = dict(os.environ, NO_PROGRESS="1")
    r = subprocess.run(["bash", "-c", sh.replace("out/fixed", out)], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["patterns"] == 20
    import sys
    r = subprocess.run([sys.executable, "-c", code.replace("out/fixed", out)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == expected
    with np.load(os.path.join(out, "run.npz"), allow_pickle=False) as z:
        assert z["outputs"].shape == (20, 10)
