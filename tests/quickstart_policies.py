#!/usr/bin/python3
"""quickstart_policies.py HETFLOW OUTDIR: the quickstart scenario (lua/examples/quickstart.lua,
what `make run` runs) is one where the DAG policy matters.

1. A reduced case, 2 ensemble members (--set members=2), worked out by hand below for
   round_robin, earliest_finish and heft: makespans and placements.
2. The default case (4 members): heft < earliest_finish < round_robin, and why (where the
   features and simulate tasks ran).
3. The table `make run` prints (scripts/quickstart.sh) shows the makespans of the result files.

Results are read from the HDF5 files with h5py, independently of what the scenario prints.

Figures of the quickstart lab (platforms/quickstart.lua) and workflow (workloads/quickstart.lua):
  cores 40 Gflop/s; A100 9.7 Tflop/s, 1555 GB/s; NICs cpu-1, cpu-2 12.5 GB/s 2 us, gpu 25 GB/s
  2 us; PCIe 25 GB/s 1 us. Resources in platform order: cpu-1, cpu-2, gpu, gpu-gpu0, gpu-gpu1.
  ingest 1 s (8 cores, on cpu-1 where raw.dat is), writes input_i (1 GB)
  features_i: 3 s on 8 cores, 2 s on a GPU (3.11 TB / 1555 GB/s); writes feat_i (100 MB)
  simulate_i: 60.625 s on 8 cores (19.4 Tflop / 320 Gflop/s), 2 s on a GPU; writes traj_i (4 GB)
  analyze_i 1 s (8 cores) reads traj_i, feat_i, writes stats_i (10 MB); report 1 s (1 core)
  Routes: cpu-1 -> GPU: 12.5 GB/s, 5 us; GPU -> its host `gpu`: 25 GB/s, 1 us;
  cpu-1 or cpu-2 <-> gpu: 12.5 GB/s, 4 us. SimGrid's CM02 model shares a link among the flows
  crossing it in inverse proportion to their route latency (docs/models/network.md), and a flow
  takes no bandwidth during its latency.
"""
import os
import subprocess
import sys

import h5py

HETFLOW, OUT = sys.argv[1], sys.argv[2]
SCENARIO = "lua/examples/quickstart.lua"
GB = 1e9
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def near(x, want, what, rel=1e-9):
    check(abs(x - want) <= rel * max(1.0, abs(want)), f"{what} = {x!r}, expected {want!r}")


def run(policy, members):
    path = os.path.join(OUT, f"qs-{policy}-{members}.h5")
    subprocess.run([HETFLOW, "run", SCENARIO, "--set", f"policy={policy}", "--set",
                    f"members={members}", "-q", "--force", "-o", path], check=True)
    with h5py.File(path, "r") as f:
        makespan = float(f["summary"].attrs["makespan"])
        tasks = {row["name"].decode(): (row["resource"].decode(), row["variant"].decode(),
                                        float(row["end"])) for row in f["tasks"][()]}
    return makespan, tasks


os.makedirs(OUT, exist_ok=True)
gpus = ("gpu-gpu0", "gpu-gpu1")

# ---- 1. two members, by hand ----
# heft: at t = 1 the batch {features1, simulate1, features2, simulate2} is decided in decreasing
# upward rank; simulate's mean compute time over the 5 resources, (3 x 60.625 + 2 x 2) / 5 =
# 37.2 s, is far above features' (3 x 3 + 2 x 2) / 5 = 2.6 s, so the simulates go first, one
# per GPU (estimated end 1 + 0.08 + 2). Each features then ends sooner on cpu-1, where its input
# is (1 + 3 = 4 s), than queued on a GPU (>= 5.16 s). input1 and input2 leave cpu-1 together
# (same latency: half its NIC each): simulates start at 1 + 5e-6 + 1e9 / 6.25e9 = 1.160005,
# end at 3.160005. analyze_i waits for features_i (4 s) and runs on `gpu`, next to traj_i:
# traj_i over its own PCIe link (4e9 / 25e9 + 1e-6), then both feat files from cpu-1 share its NIC
# (1e8 / 6.25e9 + 4e-6); analyze 1 s; report 1 s on `gpu` where the stats are.
heft_want = 4 + (4 * GB / 25e9 + 1e-6) + (0.1 * GB / 6.25e9 + 4e-6) + 1 + 1  # 6.176005
# earliest_finish: the same batch in declaration order. features1 ends sooner on a GPU
# (1 + 0.08 + 2 = 3.08) than on cpu-1 (4): it takes one GPU, simulate1 the other; features2
# then goes to cpu-1 (4 < 5.16) and simulate2 queues behind a GPU's first task (5.16, against
# 61.6 on a CPU). Both copies of input1 share cpu-1's NIC: the first two tasks end at 3.160005.
# simulate2 then fetches input2 alone (1e9 / 12.5e9 + 5e-6) and ends 2 s later; analyze2 runs on
# `gpu` (traj2 over PCIe, feat2 from cpu-1 alone: 1e8 / 12.5e9 + 4e-6), then report.
t_sim2 = 1.160005 + 2 + (GB / 12.5e9 + 5e-6) + 2
ef_want = t_sim2 + (4 * GB / 25e9 + 1e-6) + (0.1 * GB / 12.5e9 + 4e-6) + 1 + 1  # 7.408015
# round_robin: a cursor over cpu-1, cpu-2, gpu, gpu-gpu0, gpu-gpu1. ingest -> cpu-1; features1
# -> cpu-2, simulate1 -> gpu (its CPU variant: 60.625 s), features2 -> gpu-gpu0, simulate2 ->
# gpu-gpu1; analyze2 (ready first) -> cpu-1, analyze1 -> cpu-2, report -> gpu. The four inputs
# leave cpu-1 at t = 1: two with 4 us of latency (to cpu-2 and gpu) start sharing at 1.000004,
# alone for 1 us (6250 B each at 6.25 GB/s), then with the two of 5 us (to the GPUs): shares
# 1/4 : 1/5, i.e. 12.5 GB/s x 0.25 / 0.9 each for the 4 us flows until they end.
t_in1 = 1.000005 + (GB - 6250) / (12.5e9 * 0.25 / 0.9)          # 1.2880032
# simulate1 on gpu, traj1 to cpu-2 (gpu NIC, cpu-2 NIC: 12.5 GB/s, 4 us), analyze1 there, then
# report on gpu fetches stats1 from cpu-2 and stats2 from cpu-1, one after the other.
rr_want = t_in1 + 60.625 + (4 * GB / 12.5e9 + 4e-6) + 1 + 2 * (0.01 * GB / 12.5e9 + 4e-6) + 1

got = {p: run(p, 2) for p in ("round_robin", "earliest_finish", "heft")}
near(got["heft"][0], heft_want, "heft makespan, 2 members")
near(got["earliest_finish"][0], ef_want, "earliest_finish makespan, 2 members")
near(got["round_robin"][0], rr_want, "round_robin makespan, 2 members")
t = got["heft"][1]
check(t["features1"][0] == "cpu-1" and t["features2"][0] == "cpu-1", "heft: features on cpu-1")
check({t["simulate1"][0], t["simulate2"][0]} == set(gpus), "heft: one simulate per GPU")
t = got["earliest_finish"][1]
check({t["features1"][0], t["simulate1"][0]} == set(gpus), "earliest_finish: features1, simulate1 on the GPUs")
check(t["features2"][0] == "cpu-1" and t["simulate2"][0] in gpus, "earliest_finish: features2 on cpu-1, simulate2 queued on a GPU")
t = got["round_robin"][1]
want_rr = {"ingest": "cpu-1", "features1": "cpu-2", "simulate1": "gpu", "features2": "gpu-gpu0",
           "simulate2": "gpu-gpu1", "analyze1": "cpu-2", "analyze2": "cpu-1", "report": "gpu"}
check({k: t[k][0] for k in want_rr} == want_rr, f"round_robin placements: {t}")

# ---- 2. four members (the default): the order, and why ----
got = {p: run(p, 4) for p in ("round_robin", "earliest_finish", "heft")}
rr, ef, heft = (got[p][0] for p in ("round_robin", "earliest_finish", "heft"))
print(f"4 members: round_robin {rr:.6f} s, earliest_finish {ef:.6f} s, heft {heft:.6f} s")
check(heft < ef < rr, "4 members: heft < earliest_finish < round_robin")
# heft: every simulate on a GPU, every features on a CPU node
t = got["heft"][1]
check(all(t[f"simulate{i}"][1] == "gpu" and t[f"features{i}"][1] == "cpu" for i in range(1, 5)),
      "heft: simulates on GPUs, features on CPUs")
# earliest_finish: features1 took a GPU, so two simulates queue on one GPU: the last simulate
# ends at least 3 GPU tasks (6 s) after the inputs arrive, against 2 tasks for heft
t = got["earliest_finish"][1]
check(t["features1"][1] == "gpu", "earliest_finish: features1 on a GPU")
last = lambda tt: max(tt[f"simulate{i}"][2] for i in range(1, 5))
check(last(t) >= 1 + 6 and last(got["heft"][1]) < 1 + 6, "last simulate: earliest_finish >= 7 s > heft")
# round_robin: a simulate on a CPU node costs 60.625 s
t = got["round_robin"][1]
check(any(t[f"simulate{i}"][1] == "cpu" for i in range(1, 5)) and rr > 1 + 60.625,
      "round_robin: a simulate on a CPU, makespan > 61.625 s")

# ---- 3. the table make run prints ----
table = subprocess.run(["bash", "scripts/quickstart.sh", HETFLOW, os.path.join(OUT, "table")],
                       check=True, capture_output=True, text=True).stdout
rows = {}
for line in table.splitlines():
    words = line.split()
    if len(words) >= 2 and words[0] in ("round_robin", "earliest_finish", "heft"):
        try:
            rows[words[0]] = float(words[1])
        except ValueError:
            pass  # the explanation under the table
check(list(rows) == ["round_robin", "earliest_finish", "heft"], f"table rows: {list(rows)}")
for p, want in (("round_robin", rr), ("earliest_finish", ef), ("heft", heft)):
    check(p in rows and abs(rows[p] - want) < 5e-4, f"table: {p} makespan {rows.get(p)} != {want:.3f}")

if failures:
    print(table)
    sys.exit(1)
print("quickstart policies: ok")
