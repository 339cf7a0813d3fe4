#!/usr/bin/python3
"""h5py_check.py: read a hetflow results file with h5py (an independent HDF5 reader).

Usage: /usr/bin/python3 tests/unit/h5py_check.py FILE.h5 MAKESPAN NTASKS

Checks the format attributes, reads /metadata, /tasks, /resources, /transfers and /summary,
and asserts the makespan (relative 1e-12) and the number of task rows. Prints "h5py: ok".
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


def main(argv):
    if len(argv) != 4:
        fail("usage: h5py_check.py FILE.h5 MAKESPAN NTASKS")
    path, makespan, ntasks = argv[1], float(argv[2]), int(argv[3])
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
    print("h5py: ok")


if __name__ == "__main__":
    main(sys.argv)
