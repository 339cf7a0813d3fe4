#!/usr/bin/env python3
"""gen_wfformat.py: writes one seeded layered workflow as a WfCommons WfFormat instance (1.4/1.5/1.6).

Usage: gen_wfformat.py N SEED OUT.json [VERSION]   (VERSION 1.5 by default)

The shape follows gen_layered.c (bench/README.md): N tasks in layers of 1000, every task outside
layer 0 has 2 distinct parents drawn uniformly from the previous layer and reads their outputs,
every task writes one file of 10^6 bytes. Runtimes are uniform in [1, 10] s on one of 16 machines
of 2000 MHz (so 2e9 to 2e10 flop per task under hetflow's one-flop-per-cycle mapping,
docs/formats.md). Tasks carry the optional fields real instances have (command, avgCPU,
readBytes, writtenBytes, memoryInBytes), so the file is as large per task as a real one and the
parse is measured at a realistic size. Used to time hf_workflow_load_wfformat:

    python3 bench/gen_wfformat.py 100000 1 /tmp/wf-1e5.json
    BUILD/tests/test_wfformat /tmp/wf-1e5.json
"""
import json
import random
import sys

LAYER_WIDTH = 1000
FILE_BYTES = 1000000
MACHINES = 16
MHZ = 2000


def build(n, seed):
    """Returns (tasks, machines): tasks as dicts with the fields every version needs."""
    rng = random.Random(seed)
    tasks = []
    for i in range(n):
        layer = i // LAYER_WIDTH
        parents = []
        if layer > 0:
            lo = (layer - 1) * LAYER_WIDTH
            parents = sorted(rng.sample(range(lo, lo + LAYER_WIDTH), 2))
        tasks.append({
            "i": i,
            "parents": parents,
            "children": [],
            "runtime": round(rng.uniform(1.0, 10.0), 3),
            "machine": f"node-{rng.randrange(MACHINES) + 1}",
            "avgCPU": round(rng.uniform(50.0, 100.0), 2),
        })
    for t in tasks:
        for p in t["parents"]:
            tasks[p]["children"].append(t["i"])
    machines = [{"nodeName": f"node-{k + 1}", "system": "linux", "architecture": "x86_64",
                 "memoryInBytes": 68719476736} for k in range(MACHINES)]
    return tasks, machines


def extras(t):
    """Optional execution fields, ignored by hetflow but present in real instances."""
    return {"command": {"program": "bench_task", "arguments": ["--in", f"t{t['i']}", "--fast"]},
            "avgCPU": t["avgCPU"], "readBytes": FILE_BYTES * len(t["parents"]),
            "writtenBytes": FILE_BYTES, "memoryInBytes": 104857600}


def instance(n, seed, version):
    tasks, machines = build(n, seed)
    doc = {"name": f"layered-{n}-{seed}", "description": "hetflow bench: seeded layered DAG",
           "createdAt": "2024-01-01T00:00:00Z", "schemaVersion": version,
           "author": {"name": "hetflow bench", "email": "bench@hetflow.invalid"}}
    name = lambda i: f"t{i}"
    if version == "1.4":
        for m in machines:
            m["cpu"] = {"count": 32, "speed": MHZ}
        out = []
        for t in tasks:
            files = [{"link": "input", "name": f"f{p}", "sizeInBytes": FILE_BYTES}
                     for p in t["parents"]]
            files.append({"link": "output", "name": f"f{t['i']}", "sizeInBytes": FILE_BYTES})
            o = {"name": name(t["i"]), "id": f"ID{t['i']:07d}", "type": "compute",
                 "parents": [name(p) for p in t["parents"]],
                 "children": [name(c) for c in t["children"]], "files": files,
                 "runtimeInSeconds": t["runtime"], "cores": 1, "machine": t["machine"]}
            o.update(extras(t))
            out.append(o)
        doc["wms"] = {"name": "bench", "version": "1"}
        doc["workflow"] = {"makespanInSeconds": 0, "executedAt": "2024-01-01T00:00:00Z",
                           "machines": machines, "tasks": out}
        return doc
    for m in machines:
        m["cpu"] = {"coreCount": 32, "speedInMHz": MHZ}
    spec = [{"name": name(t["i"]), "id": name(t["i"]),
             "parents": [name(p) for p in t["parents"]],
             "children": [name(c) for c in t["children"]],
             "inputFiles": [f"f{p}" for p in t["parents"]], "outputFiles": [f"f{t['i']}"]}
            for t in tasks]
    files = [{"id": f"f{t['i']}", "sizeInBytes": FILE_BYTES} for t in tasks]
    execs = []
    for t in tasks:
        e = {"id": name(t["i"]), "runtimeInSeconds": t["runtime"], "coreCount": 1,
             "machines": [t["machine"]]}
        e.update(extras(t))
        execs.append(e)
    doc["runtimeSystem"] = {"name": "bench", "version": "1"}
    doc["workflow"] = {"specification": {"tasks": spec, "files": files},
                       "execution": {"makespanInSeconds": 0,
                                     "executedAt": "2024-01-01T00:00:00Z",
                                     "tasks": execs, "machines": machines}}
    return doc


def main(argv):
    if len(argv) not in (4, 5) or (len(argv) == 5 and argv[4] not in ("1.4", "1.5", "1.6")):
        sys.stderr.write(__doc__)
        return 2
    try:
        n, seed = int(argv[1]), int(argv[2])
    except ValueError:
        sys.stderr.write("gen_wfformat.py: N and SEED must be integers\n")
        return 2
    if n < 1:
        sys.stderr.write("gen_wfformat.py: N must be >= 1\n")
        return 2
    doc = instance(n, seed, argv[4] if len(argv) == 5 else "1.5")
    with open(argv[3], "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
