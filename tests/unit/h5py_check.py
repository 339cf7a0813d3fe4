#!/usr/bin/python3
"""h5py_check.py: read a hetflow results file with h5py (an independent HDF5 reader).

Usage: /usr/bin/python3 tests/unit/h5py_check.py FILE.h5 MAKESPAN NTASKS [NINVOCATIONS]

Checks the format attributes, reads /metadata, /tasks, /resources, /transfers, /invocations and
/summary, and asserts the makespan (relative 1e-12) and the number of task rows. With
NINVOCATIONS, the file must have the serverless parts (/metadata@mode, /invocations with that
many rows, the serverless /summary attributes); without it, they are checked when present
(files written before the serverless modes lack them). Prints "h5py: ok".
Exit status 0 on success, 1 on a failed check (with the reason on stderr).
"""
import math
import sys

import h5py


def fail(msg):
    print("h5py: FAILED: " + msg, file=sys.stderr)
    sys.exit(1)


def as_str(v):
    return v.decode("utf-8") if isinstance(v, bytes) else str(v)


SUMMARY_SERVERLESS = ("invocations", "cold_starts", "warm_starts", "cold_seconds",
                      "compile_seconds", "compiles", "redeployments")


def check_serverless(f, tasks, res_names, ninvocations):
    """/metadata@mode, /invocations and the serverless /summary attributes: required when
    ninvocations is given, else checked only when present."""
    meta, summary = f["metadata"].attrs, f["summary"].attrs
    required = ninvocations is not None
    if "mode" in meta:
        if as_str(meta["mode"]) not in ("direct", "monolith", "decomposed", "decomposed_hha"):
            fail("unknown mode %r" % as_str(meta["mode"]))
    elif required:
        fail("/metadata has no attribute mode")
    for key in SUMMARY_SERVERLESS:
        if key not in summary and required:
            fail("/summary has no attribute " + key)
    if "invocations" not in f:
        if required:
            fail("no /invocations table")
        return
    inv = f["invocations"][()]
    cols = ("task", "endpoint", "resource", "cold", "redeployed", "submit", "start", "latency",
            "overhead", "pull", "init", "compile")
    missing = [c for c in cols if c not in (inv.dtype.names or ())]
    if missing:
        fail("/invocations lacks columns %s" % ", ".join(missing))
    if required and len(inv) != ninvocations:
        fail("%d invocation rows, expected %d" % (len(inv), ninvocations))
    if "invocations" in summary and int(summary["invocations"]) != len(inv):
        fail("/summary@invocations does not match /invocations")
    task_names = {as_str(n) for n in tasks["name"]} if len(tasks) else set()
    cold = 0
    for row in inv:
        if as_str(row["task"]) not in task_names:
            fail("invocation of unknown task %s" % as_str(row["task"]))
        res = as_str(row["resource"])
        if res and res not in res_names:
            fail("invocation on unknown resource %s" % res)
        if not as_str(row["endpoint"]):
            fail("invocation of task %s has no endpoint" % as_str(row["task"]))
        cold += int(row["cold"]) != 0
    if "cold_starts" in summary and int(summary["cold_starts"]) != cold:
        fail("/summary@cold_starts %d, but %d cold rows" % (int(summary["cold_starts"]), cold))


def main(argv):
    if len(argv) not in (4, 5):
        fail("usage: h5py_check.py FILE.h5 MAKESPAN NTASKS [NINVOCATIONS]")
    path, makespan, ntasks = argv[1], float(argv[2]), int(argv[3])
    ninvocations = int(argv[4]) if len(argv) == 5 else None
    with h5py.File(path, "r") as f:
        if as_str(f.attrs.get("format", b"")) != "hetflow-results":
            fail("format attribute is not 'hetflow-results'")
        if int(f.attrs["format_version"]) != 1:
            fail("format_version is not 1")
        meta = f["metadata"]
        for key in ("hetflow_version", "simgrid_version", "scenario", "platform", "workflow",
                    "policy", "seed", "completed"):
            if key not in meta.attrs:
                fail("/metadata has no attribute " + key)
        dict(f["metadata/parameters"].attrs)

        tasks = f["tasks"][()]
        resources = f["resources"][()]
        transfers = f["transfers"][()]
        for name, table, cols in (
            ("tasks", tasks, ("name", "resource", "variant", "cores", "ready", "dispatch",
                              "start", "end", "bytes_in", "bytes_out", "energy")),
            ("resources", resources, ("name", "kind", "site", "cores", "speed", "tasks",
                                      "busy_time", "core_seconds", "utilisation", "energy")),
            ("transfers", transfers, ("file", "src", "dst", "task", "bytes", "start", "end")),
        ):
            missing = [c for c in cols if c not in (table.dtype.names or ())]
            if missing:
                fail("/%s lacks columns %s" % (name, ", ".join(missing)))

        summary = f["summary"].attrs
        got = float(summary["makespan"])
        if not math.isclose(got, makespan, rel_tol=1e-12, abs_tol=0.0):
            fail("makespan %r, expected %r" % (got, makespan))
        if len(tasks) != ntasks:
            fail("%d task rows, expected %d" % (len(tasks), ntasks))
        if int(summary["tasks"]) != len(tasks) or int(summary["transfers"]) != len(transfers):
            fail("/summary counts do not match the tables")
        names = {as_str(n) for n in resources["name"]} if len(resources) else set()
        for row in tasks:
            res = as_str(row["resource"])
            if res and res not in names:
                fail("task %s ran on unknown resource %s" % (as_str(row["name"]), res))
        if len(tasks) and max(tasks["end"]) > got:
            fail("a task ends after the makespan")
        check_serverless(f, tasks, names, ninvocations)
    print("h5py: ok")


if __name__ == "__main__":
    main(sys.argv)
