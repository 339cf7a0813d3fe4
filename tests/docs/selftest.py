#!/usr/bin/python3
"""selftest.py HETFLOW OUTDIR: the doc-block runner itself (run_doc_blocks.py) passes a page whose
blocks are all right (fixtures/good.md) and reports, by page and line, every defect of
fixtures/broken.md: so that a broken example can never pass for a running one."""
import os
import subprocess
import sys

here = os.path.dirname(os.path.realpath(__file__))
hetflow, out = sys.argv[1], sys.argv[2]


def runner(page):
    p = subprocess.run(["/usr/bin/python3", os.path.join(here, "run_doc_blocks.py"), "--hetflow",
                        hetflow, "--out", out, os.path.join(here, "fixtures", page)],
                       capture_output=True, text=True)
    return p.returncode, p.stdout + p.stderr


failures = []
rc, text = runner("good.md")
if rc != 0 or "5 ran, 0 failed, 1 skipped, 2 not runnable" not in text:
    failures.append(f"good.md: exit {rc}, expected 0 with 5 ran, 1 skipped, 2 not runnable")
rc, text = runner("broken.md")
page = "tests/docs/fixtures/broken.md"
want = {  # line: what the report must say
    3: "ok (lua",
    8: "FAIL: fence without an info string",
    12: "FAIL: lua block exited with status 1 (a piece of a scenario or table is a 'lua fragment')",
    16: "FAIL: unknown attribute 'strange'",
    20: "FAIL: sh block exited with status 1",
    22: "false",  # the trace names the failing command by its page line
    26: "FAIL: output of `echo one` differs",
    30: "FAIL: 'skip' needs a reason",
    34: "FAIL: no runner for 'c' blocks",
    40: "FAIL: not in sim/include/hetflow/hf_policy.h: int no_such_field;",
    43: "FAIL: file=unused.lua: no later block of the page that runs names it",
    47: "FAIL: lua block exited with status 1",
    49: "cannot open no/such/platform.lua",  # a position inside the block, as a page line
    54: "FAIL: indented code block",
}
if rc != 1:
    failures.append(f"broken.md: exit {rc}, expected 1")
for line, fragment in want.items():
    if not any(f"{page}:{line}: " in l and fragment in l for l in text.split("\n")):
        failures.append(f"broken.md: no '{page}:{line}: ... {fragment}' in the report")
if "1 ran, 11 failed, 0 skipped" not in text:
    failures.append("broken.md: expected 1 block to run and 11 failures")
for f in failures:
    print("FAIL:", f)
if failures:
    print("--- report:\n" + text)
    sys.exit(1)
print("doc-block runner: ok")
