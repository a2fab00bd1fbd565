"""Load the files the dendritic-microcircuits simulator writes into NumPy arrays and dicts.

NumPy only (no pandas). Run with a Python that has NumPy, e.g. Debian's ``/usr/bin/python3`` after
``apt-get install python3-numpy``. What the TypeScript side writes, and what this module reads:

* ``npm run simulate -- exp.json --out result.json``: ``result.json`` with ``outputs`` (one row of
  mean output potentials per pattern), the final ``weights`` (lists of rows, post x pre), ``stats``,
  ``recordings`` (when the experiment records without a sink) and the resolved ``experiment``.
  ``load_simulation_result`` turns it into arrays.
* ``--weights-npy DIR``: ``DIR/up_1.npy``, ``down_1.npy``, ``ip_1.npy``, ``pi_1.npy``, ... (float64,
  numbered from 1 as in the paper). ``load_weights``.
* ``record.sink``: a ``.npy`` array (frames x columns, column 0 the time in ms) with a
  ``.columns.json`` sidecar, a ``.csv`` file with a header line, or ``.ndjson`` (one object per
  frame). ``load_recording`` reads any of them into a ``Recording``.
* ``npm run train``: ``result.json`` with a per-epoch ``history``; ``load_training_result`` gives the
  history as one array per metric. ``load_training_checkpoint`` reads the learner's arrays.
* ``load_run(folder)`` gathers whatever of the above a folder holds; ``save_npz`` bundles a run's
  outputs, weights and recordings into one ``.npz`` file (no pickled objects).

The file formats are described in docs/experiment-format.md.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np

__all__ = [
    "CONNECTIONS",
    "Recording",
    "load_simulation_result",
    "load_weights",
    "load_recording",
    "load_training_result",
    "load_training_checkpoint",
    "records_to_arrays",
    "load_run",
    "save_npz",
]

#: The four kinds of weight matrix, in the order the simulator lists them.
CONNECTIONS = ("up", "down", "ip", "pi")

_COLUMN = re.compile(r"^(?P<probe>.*)\[(?P<index>\d+)\]$")


class Recording:
    """Probe recordings of one run: frame times and one column per recorded neuron.

    ``times``: shape (frames,), simulation time in ms. ``data``: shape (frames, neurons), the values
    without the time column. ``columns``: one name per column of ``data``, ``"<probe>[<index>]"``
    as the simulator writes them (e.g. ``"pyramidal 1 apical[0]"``). ``probes``: probe label ->
    (start, stop) column range in ``data``.
    """

    def __init__(self, times: np.ndarray, data: np.ndarray, columns: Sequence[str], probes: Optional[Mapping[str, Sequence[int]]] = None):
        times = np.asarray(times, dtype=np.float64)
        data = np.asarray(data, dtype=np.float64).reshape(len(times), len(columns))
        self.times = times
        self.data = data
        self.columns = list(columns)
        self.probes: Dict[str, tuple] = dict((k, tuple(v)) for k, v in probes.items()) if probes is not None else _probes_from_columns(self.columns)

    def __getitem__(self, name: str) -> np.ndarray:
        """A column by its name (``rec["pyramidal 1 apical[0]"]``), or a probe by its label (2-D)."""
        if name in self.probes:
            return self.probe(name)
        if name in ("t", "time", "times"):
            return self.times
        try:
            return self.data[:, self.columns.index(name)]
        except ValueError:
            raise KeyError(f"no column or probe {name!r}; columns are {self.columns}") from None

    def probe(self, label: str) -> np.ndarray:
        """The values of one probe: shape (frames, neurons of that probe)."""
        start, stop = self.probes[label]
        return self.data[:, start:stop]

    def neuron_indices(self, label: str) -> List[int]:
        """The neuron indices a probe recorded, read from its column names."""
        start, stop = self.probes[label]
        return [int(_COLUMN.match(c).group("index")) for c in self.columns[start:stop]]

    def as_table(self) -> np.ndarray:
        """Time and values in one array, (frames, 1 + neurons): the layout of the ``.npy`` sink."""
        return np.column_stack([self.times, self.data])

    def __len__(self) -> int:
        return len(self.times)

    def __repr__(self) -> str:
        return f"Recording({len(self)} frames, probes {list(self.probes)})"


def _probes_from_columns(columns: Sequence[str]) -> Dict[str, tuple]:
    """Probe label -> column range, from names ``"<label>[<index>]"`` (consecutive per probe)."""
    probes: Dict[str, tuple] = {}
    for i, name in enumerate(columns):
        m = _COLUMN.match(name)
        label = m.group("probe") if m else name
        start, _ = probes.get(label, (i, i))
        probes[label] = (start, i + 1)
    return probes


def _read_json(path: str) -> Any:
    with open(path, "r", encoding="utf-8") as f:
        return json.load(f)


def _matrices(rows_list: Iterable[Any]) -> List[np.ndarray]:
    return [np.array(m, dtype=np.float64, ndmin=2) for m in rows_list]


def load_simulation_result(path: str) -> Dict[str, Any]:
    """``result.json`` of ``npm run simulate`` as arrays.

    Returns a dict with ``outputs`` (patterns x outputs), ``weights`` ({"up": [W^up_1, ...], ...}, each
    post x pre), ``stats`` and ``experiment`` (as written), ``recording`` (a ``Recording`` of every
    probe, or None) and ``recording_file`` (where a sink wrote, or None).
    """
    raw = _read_json(path)
    if "outputs" not in raw or "weights" not in raw:
        raise ValueError(f"{path}: not a result of `npm run simulate` (expected the fields outputs and weights)")
    outputs = np.array(raw["outputs"], dtype=np.float64, ndmin=2)
    weights = {c: _matrices(raw["weights"].get(c, [])) for c in CONNECTIONS}
    recording = None
    if raw.get("recordings"):
        recs = raw["recordings"]
        times = np.array(recs[0]["times"], dtype=np.float64)
        blocks, columns, probes, start = [], [], {}, 0
        spec = (raw.get("experiment", {}).get("record") or {}).get("probes", [])
        for k, r in enumerate(recs):
            values = np.array(r["values"], dtype=np.float64).reshape(len(times), r["width"])
            indices = spec[k].get("indices") if k < len(spec) else None
            indices = indices if indices is not None else range(r["width"])
            label = r["probe"]
            if label in probes:  # repeated probes are told apart as the sinks do it
                n = 2
                while f"{label} ({n})" in probes:
                    n += 1
                label = f"{label} ({n})"
            blocks.append(values)
            columns.extend(f"{label}[{i}]" for i in indices)
            probes[label] = (start, start + r["width"])
            start += r["width"]
        recording = Recording(times, np.hstack(blocks) if blocks else np.zeros((len(times), 0)), columns, probes)
    return {
        "outputs": outputs,
        "weights": weights,
        "stats": raw.get("stats", {}),
        "experiment": raw.get("experiment"),
        "recording": recording,
        "recording_file": raw.get("recordingFile"),
    }


def load_weights(folder: str) -> Dict[str, List[np.ndarray]]:
    """The matrices ``simulate --weights-npy`` wrote: {"up": [up_1, up_2, ...], "down": [...], ...}."""
    found: Dict[str, Dict[int, np.ndarray]] = {c: {} for c in CONNECTIONS}
    for name in os.listdir(folder):
        m = re.match(r"^(up|down|ip|pi)_(\d+)\.npy$", name)
        if m:
            found[m.group(1)][int(m.group(2))] = np.load(os.path.join(folder, name), allow_pickle=False)
    out: Dict[str, List[np.ndarray]] = {}
    for c, by_index in found.items():
        indices = sorted(by_index)
        if indices != list(range(1, len(indices) + 1)):
            raise ValueError(f"{folder}: {c} matrices numbered {indices}, expected 1..{len(indices)}")
        out[c] = [by_index[i] for i in indices]
    if not any(out.values()):
        raise ValueError(f"{folder}: no weight files (up_1.npy, ...)")
    return out


def load_recording(path: str, probes: Optional[Sequence[Mapping[str, Any]]] = None) -> Recording:
    """A recording written by ``record.sink``: ``.npy`` (with ``.columns.json``), ``.csv`` or ``.ndjson``.

    An ``.ndjson`` file does not store which neurons a probe with ``indices`` recorded: pass the
    experiment's ``record.probes`` as ``probes`` to name the columns by them (``load_run`` does this
    from the result file); without it the columns are numbered 0, 1, ... per probe.
    """
    if path.endswith(".npy"):
        table = np.load(path, allow_pickle=False)
        sidecar = path[: -len(".npy")] + ".columns.json"
        meta = _read_json(sidecar)
        columns = meta["columns"]
        if table.ndim != 2 or table.shape[1] != len(columns):
            raise ValueError(f"{path}: shape {table.shape} does not match the {len(columns)} columns of {sidecar}")
        probes = {p["key"]: (p["start"] - 1, p["start"] - 1 + p["width"]) for p in meta["probes"]}
        return Recording(table[:, 0], table[:, 1:], columns[1:], probes)
    if path.endswith(".csv"):
        with open(path, "r", encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split(",")
            # Python's float() reads the sink's NaN and Infinity spellings.
            rows = [[float(x) for x in line.rstrip("\n").split(",")] for line in f if line.strip()]
        table = np.array(rows, dtype=np.float64).reshape(len(rows), len(header))
        if header[0] != "t":
            raise ValueError(f"{path}: expected the first column to be t, got {header[0]!r}")
        return Recording(table[:, 0], table[:, 1:], header[1:])
    if path.endswith(".ndjson"):
        times: List[float] = []
        rows = []
        labels: Optional[List[str]] = None
        widths: List[int] = []
        with open(path, "r", encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                frame = json.loads(line)
                if labels is None:
                    labels = [k for k in frame if k != "t"]
                    widths = [len(frame[k]) for k in labels]
                times.append(frame["t"])
                # JSON has no NaN: the sink writes non-finite values as null.
                rows.append([np.nan if v is None else v for k in labels for v in frame[k]])
        labels = labels or []
        columns = []
        for p, (k, w) in enumerate(zip(labels, widths)):
            given = probes[p].get("indices") if probes is not None and p < len(probes) else None
            columns.extend(f"{k}[{j}]" for j in (given if given is not None else range(w)))
        ranges, start = {}, 0
        for k, w in zip(labels, widths):
            ranges[k] = (start, start + w)
            start += w
        return Recording(np.array(times, dtype=np.float64), np.array(rows, dtype=np.float64).reshape(len(times), len(columns)), columns, ranges)
    raise ValueError(f"{path}: expected a .npy, .csv or .ndjson recording")


def records_to_arrays(records: Sequence[Mapping[str, Any]]) -> Dict[str, np.ndarray]:
    """A list of flat dicts (epochs, seeds, sweep points) as one array per numeric key (None -> NaN)."""
    keys: List[str] = []
    for r in records:
        keys.extend(k for k in r if k not in keys)
    out: Dict[str, np.ndarray] = {}
    for k in keys:
        values = [r.get(k) for r in records]
        if all(v is None or isinstance(v, (int, float, bool)) for v in values):
            out[k] = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    return out


def load_training_result(path: str) -> Dict[str, Any]:
    """``result.json`` of ``npm run train``: the file as a dict, plus ``history`` as arrays per metric
    (``epoch``, ``trainLoss``, ``trainError``, ``testError``, ``trainMse``, ``testMse``, ``trainSeconds``;
    errors are NaN for regression data)."""
    raw = _read_json(path)
    if "history" not in raw:
        raise ValueError(f"{path}: not a result of `npm run train` (no history)")
    out = dict(raw)
    out["history_records"] = raw["history"]
    out["history"] = records_to_arrays(raw["history"])
    return out


def load_checkpoint(path: str) -> Tuple[Dict[str, Any], Dict[str, np.ndarray]]:
    """A sealed checkpoint (``simulate --checkpoint-every``, ``train``): its header and its named
    float64 blocks. The file is ``DMCKPT01``, the stored header's length (u32 LE), the stored header
    (JSON: ``header``, ``blocks`` with name/offset/length, ``sha256``) and the little-endian data;
    the SHA-256 covers the header and block list as written, then the data, and is checked here."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:8] != b"DMCKPT01" or len(raw) < 12:
        raise ValueError(f"{path}: not a checkpoint (no DMCKPT01 magic)")
    n = int.from_bytes(raw[8:12], "little")
    text = raw[12 : 12 + n].decode("utf-8")
    data = raw[12 + n :]
    stored = json.loads(text)
    # the digest was taken over {"header":…,"blocks":…}: the stored text without its sha256 member
    cut = text.rindex(',"sha256":')
    if hashlib.sha256(text[:cut].encode("utf-8") + b"}" + data).hexdigest() != stored["sha256"]:
        raise ValueError(f"{path}: the checkpoint's SHA-256 does not match (truncated or altered)")
    blocks = {}
    for b in stored["blocks"]:
        blocks[b["name"]] = np.frombuffer(data, dtype="<f8", count=b["length"], offset=b["offset"]).copy()
    return stored["header"], blocks


def load_training_checkpoint(folder: str) -> Dict[str, np.ndarray]:
    """The learner's arrays of a ``npm run train`` checkpoint (``checkpoint.json`` names the epoch of
    the sealed ``checkpoint-<epoch>.bin``): name -> flat float64 array, in stored order (weights
    ``up1``, ``down1``, ..., optimizer moments). Shapes are the learner's and are not stored; see the
    run's ``setup.dims``."""
    index = _read_json(os.path.join(folder, "checkpoint.json"))
    _, blocks = load_checkpoint(os.path.join(folder, f"checkpoint-{index['epoch']}.bin"))
    return blocks


def load_run(folder: str, weights: Optional[str] = None) -> Dict[str, Any]:
    """Everything a run folder holds, as arrays.

    * ``result``: ``result.json`` loaded with ``load_simulation_result`` or ``load_training_result``
      (any other result.json, e.g. an example's, as plain JSON);
    * ``weights``: from ``weights`` (a folder) if given, else from the folder itself or its first
      subfolder holding ``up_1.npy``; None if there is none;
    * ``recordings``: file name -> ``Recording`` for every sink file in the folder (``.npy`` with a
      ``.columns.json`` sidecar, ``.csv``, ``.ndjson``), plus ``"result.json"`` for the recordings
      held in the result file.
    """
    out: Dict[str, Any] = {"result": None, "weights": None, "recordings": {}}
    result_path = os.path.join(folder, "result.json")
    if os.path.exists(result_path):
        raw = _read_json(result_path)
        if "outputs" in raw and "weights" in raw:
            out["result"] = load_simulation_result(result_path)
            if out["result"]["recording"] is not None:
                out["recordings"]["result.json"] = out["result"]["recording"]
        elif "history" in raw:
            out["result"] = load_training_result(result_path)
        else:
            out["result"] = raw
    if weights is None:
        candidates = [folder] + sorted(os.path.join(folder, d) for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)))
        weights = next((d for d in candidates if os.path.exists(os.path.join(d, "up_1.npy"))), None)
    if weights is not None:
        out["weights"] = load_weights(weights)
    result = out["result"]
    sink_file = result.get("recording_file") if isinstance(result, dict) else None
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        # The result names the probes of the sink it wrote (the ndjson format does not hold indices).
        probes = None
        if sink_file is not None and os.path.abspath(sink_file["path"]) == os.path.abspath(path):
            probes = ((result.get("experiment") or {}).get("record") or {}).get("probes")
        if name.endswith(".npy") and os.path.exists(path[: -len(".npy")] + ".columns.json"):
            out["recordings"][name] = load_recording(path)
        elif name.endswith(".csv") or name.endswith(".ndjson"):
            out["recordings"][name] = load_recording(path, probes)
    return out


def save_npz(run: Mapping[str, Any], path: str, compressed: bool = True) -> None:
    """Bundle a run (as ``load_run`` returns it) into one ``.npz`` file, loadable without pickle.

    Keys: ``outputs``; ``weights/up_1``, ``weights/down_1``, ...; per recording ``<name>/t``,
    ``<name>/data`` and ``<name>/columns`` (strings); for a training run ``history/<metric>``.
    """
    arrays: Dict[str, np.ndarray] = {}
    result = run.get("result")
    if isinstance(result, Mapping):
        if isinstance(result.get("outputs"), np.ndarray):
            arrays["outputs"] = result["outputs"]
        if isinstance(result.get("history"), Mapping):
            for k, v in result["history"].items():
                arrays[f"history/{k}"] = v
    weights = run.get("weights") or (result.get("weights") if isinstance(result, Mapping) and isinstance(result.get("weights"), Mapping) else None)
    if weights:
        for c in CONNECTIONS:
            for i, m in enumerate(weights.get(c, [])):
                arrays[f"weights/{c}_{i + 1}"] = np.asarray(m, dtype=np.float64)
    for name, rec in (run.get("recordings") or {}).items():
        arrays[f"{name}/t"] = rec.times
        arrays[f"{name}/data"] = rec.data
        arrays[f"{name}/columns"] = np.array(rec.columns, dtype=str)
    (np.savez_compressed if compressed else np.savez)(path, **arrays)
