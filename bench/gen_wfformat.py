#!/usr/bin/env python3
"""gen_wfformat.py: writes one seeded layered workflow as a WfCommons WfFormat instance (1.4/1.5/1.6).

Usage: gen_wfformat.py N SEED OUT.json [VERSION]   (VERSION 1.5 by default)

The shape follows gen_layered.c (bench/README.md): N tasks in layers of 1000, every task outside
layer 0 has 2 distinct parents drawn uniformly from the previous layer and reads their outputs,
every task writes one file of 10^6 bytes. Runtimes are uniform in [1, 10] s on one of 16 machines
of 2000 MHz (so 2e9 to 2e10 flop per task under hetflow's one-flop-per-cycle mapping,
docs/formats.md). Tasks carry the optional fields real instances have (command, avgCPU,
readBytes, writtenBytes, memoryInBytes), so the file is as large per task as a real one and the
parse is measured at a realistic size. The instance is written element by element (10^6 tasks:
435 MB of JSON, 0.65 GiB and about a minute here). Used to time hf_workflow_load_wfformat:

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


def dumps(x):
    return json.dumps(x, separators=(",", ":"))


def write_array(out, items):
    """Writes a JSON array one element at a time (items: an iterable of JSON texts)."""
    out.write("[")
    for k, text in enumerate(items):
        if k:
            out.write(",")
        out.write(text)
    out.write("]")


def write_instance(out, n, seed, version):
    """Writes the instance to out element by element, the same bytes json.dump(doc, out,
    separators=(",", ":")) gives for the whole document, without holding it: 10^6 tasks take
    the memory of the task list only."""
    tasks, machines = build(n, seed)
    head = {"name": f"layered-{n}-{seed}", "description": "hetflow bench: seeded layered DAG",
            "createdAt": "2024-01-01T00:00:00Z", "schemaVersion": version,
            "author": {"name": "hetflow bench", "email": "bench@hetflow.invalid"}}
    name = lambda i: f"t{i}"
    out.write(dumps(head)[:-1])
    if version == "1.4":
        for m in machines:
            m["cpu"] = {"count": 32, "speed": MHZ}

        def task14(t):
            files = [{"link": "input", "name": f"f{p}", "sizeInBytes": FILE_BYTES}
                     for p in t["parents"]]
            files.append({"link": "output", "name": f"f{t['i']}", "sizeInBytes": FILE_BYTES})
            o = {"name": name(t["i"]), "id": f"ID{t['i']:07d}", "type": "compute",
                 "parents": [name(p) for p in t["parents"]],
                 "children": [name(c) for c in t["children"]], "files": files,
                 "runtimeInSeconds": t["runtime"], "cores": 1, "machine": t["machine"]}
            o.update(extras(t))
            return dumps(o)
        out.write(',"wms":' + dumps({"name": "bench", "version": "1"}))
        out.write(',"workflow":{"makespanInSeconds":0,"executedAt":"2024-01-01T00:00:00Z",'
                  '"machines":' + dumps(machines) + ',"tasks":')
        write_array(out, (task14(t) for t in tasks))
        out.write("}}")
        return
    for m in machines:
        m["cpu"] = {"coreCount": 32, "speedInMHz": MHZ}

    def spec(t):
        return dumps({"name": name(t["i"]), "id": name(t["i"]),
                      "parents": [name(p) for p in t["parents"]],
                      "children": [name(c) for c in t["children"]],
                      "inputFiles": [f"f{p}" for p in t["parents"]],
                      "outputFiles": [f"f{t['i']}"]})

    def execution(t):
        e = {"id": name(t["i"]), "runtimeInSeconds": t["runtime"], "coreCount": 1,
             "machines": [t["machine"]]}
        e.update(extras(t))
        return dumps(e)
    out.write(',"runtimeSystem":' + dumps({"name": "bench", "version": "1"}))
    out.write(',"workflow":{"specification":{"tasks":')
    write_array(out, (spec(t) for t in tasks))
    out.write(',"files":')
    write_array(out, (dumps({"id": f"f{t['i']}", "sizeInBytes": FILE_BYTES}) for t in tasks))
    out.write('},"execution":{"makespanInSeconds":0,"executedAt":"2024-01-01T00:00:00Z","tasks":')
    write_array(out, (execution(t) for t in tasks))
    out.write(',"machines":' + dumps(machines) + "}}}")


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
    with open(argv[3], "w") as f:
        write_instance(f, n, seed, argv[4] if len(argv) == 5 else "1.5")
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
