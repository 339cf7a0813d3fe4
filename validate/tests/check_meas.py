"""check_meas.py FILE MIN_REPS [ORIGIN]: FILE is a hetflow measurement file
(sim/include/hetflow/hf_meas.h) of origin ORIGIN (default "measured": written on a real GPU),
every experiment has at least MIN_REPS positive samples and at least one kernel group (copies:
none), and the LJ pair descriptor, where measured, is nano_lammps.lua's for the run's atoms."""
import sys

import h5py
import numpy as np


def s(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def main():
    path, min_reps = sys.argv[1], int(sys.argv[2])
    origin = sys.argv[3] if len(sys.argv) > 3 else "measured"
    errors = []
    with h5py.File(path, "r") as f:
        if s(f.attrs.get("format", "")) != "hetflow-measurements":
            errors.append("format attribute is %r" % f.attrs.get("format"))
        meta = f["metadata"].attrs
        if s(meta["origin"]) != origin or s(meta["tool"]) != "hetflow-validate":
            errors.append("origin/tool: %s/%s" % (s(meta["origin"]), s(meta["tool"])))
        if f["device"].attrs["sms"] < 1:
            errors.append("device sms < 1")
        exps = f["experiments"][()]
        kernels = f["kernels"][()]
        samples = f["samples"][()]
        names = [s(n) for n in exps["name"]]
        kexp = np.array([s(n) for n in kernels["experiment"]])
        sexp = np.array([s(n) for n in samples["experiment"]])
        for i, name in enumerate(names):
            sec = samples["seconds"][sexp == name]
            if len(sec) < min_reps or not np.all(sec > 0):
                errors.append("%s: %d samples (>= %d positive expected)" % (name, len(sec), min_reps))
            nk = int(np.sum(kexp == name))
            copy = s(exps["mechanism"][i]) == "copy"
            if (nk == 0) != copy:
                errors.append("%s: %d kernel groups" % (name, nk))
        # nano_lammps.lua's pair kernel for 4 C^3 atoms (C = --lj-cells, default 20: 32,000
        # atoms, 57.6 Mflop, 11.52 MB, 250 blocks), when the run measured it
        cmd = s(meta["command"]).split()
        cells = int(cmd[cmd.index("--lj-cells") + 1]) if "--lj-cells" in cmd else 20
        n = 4 * cells ** 3
        pair = kernels[kexp == "lj_pair@1.00"]
        if "lj_pair@1.00" in names and (
                len(pair) != 1 or pair["flops"][0] != 1800.0 * n or pair["bytes"][0] != 360.0 * n
                or pair["blocks"][0] != -(-n // 128) or pair["count"][0] != 20
                or ("kernel" in kernels.dtype.names and s(pair["kernel"][0]) != "lj_pair")):
            errors.append("lj_pair@1.00 kernel group for %d atoms: %r" % (n, pair))
        print("%s: %d experiments, %d samples" % (path, len(names), len(samples)))
    for e in errors:
        print("FAIL:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
