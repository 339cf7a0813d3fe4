#!/usr/bin/python3
"""run_doc_blocks.py: run the code blocks of Markdown pages, so that the documentation's examples
cannot rot (docs/writing-docs.md).

usage: run_doc_blocks.py --hetflow PATH [--out DIR] [--root DIR] [--list] PAGE.md...

Every fenced block must say what it is in its info string: LANG [ATTRIBUTES]

  lua              a complete scenario: `hetflow run BLOCK.lua -q --force -o BLOCK.h5`
  sh, bash         commands: run with bash -e -o pipefail; every command must succeed
  console          a transcript: each `$ COMMAND` line (continued by a trailing backslash) is run
                   and what it prints (stdout and stderr) must be the lines that follow it; a line
                   `...` stands for any number of lines. The exit status is not checked.
  python           run with /usr/bin/python3
  dot              a DOT workflow: checked with `hetflow dag BLOCK.dot`
  text             never run: an equation, a diagram, a layout, output shown for reading
  any other LANG   needs `fragment` or `excerpt=PATH` (c, json, ...)

Attributes (after LANG, any order; skip last):
  file=NAME        save the block as NAME in the page's directory instead of running it; a later
                   block of the page that runs must name it (it runs it, reads it, dofile()s it)
  fragment         not standalone (a piece of a table or a scenario): not run
  excerpt=PATH     lines copied from PATH (repository-relative): each line of the block, without
                   comments and with blanks collapsed, must occur in PATH
  timeout=SECONDS  for a slow block (default 120)
  skip REASON      not run, for REASON (a GPU, minutes of run time, a file no test has); the rest
                   of the info string is the reason, which must be given

The blocks of one page run in order, in one scratch directory per page (OUT/<page>/): a copy of
the repository (without .git and build directories) where `build` links to the build directory.
So paths such as platforms/quickstart.lua, build/hetflow or results/ work as in the repository,
whatever a block writes stays in the copy, and `hetflow` is on PATH. An indented code block (4 spaces), which cannot carry an info string, is an error, as is
a fence without an info string. Failures are reported as PAGE:LINE with the block's output; the
exit status is 1 when any block failed.
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import time

RUNNABLE = {"lua", "sh", "bash", "console", "python", "dot"}
NEVER_RUN = {"text"}
DEFAULT_TIMEOUT = 120

FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
LIST_ITEM = re.compile(r"^\s{0,3}([-*+]|\d+[.)])\s")


class Block:
    def __init__(self, page, line, info, lines):
        self.page, self.line, self.info, self.lines = page, line, info.strip(), lines
        self.lang, self.file, self.fragment, self.excerpt = "", None, False, None
        self.skip, self.timeout, self.error = None, DEFAULT_TIMEOUT, None
        self.parse_info()

    def parse_info(self):
        words = self.info.split()
        if not words:
            self.error = ("fence without an info string: say what the block is "
                          "(lua, sh, console, text, lua fragment, ...; docs/writing-docs.md)")
            return
        self.lang = words[0].lower()
        i = 1
        while i < len(words):
            w = words[i]
            if w == "skip":
                self.skip = " ".join(words[i + 1:])
                if not self.skip:
                    self.error = "'skip' needs a reason after it"
                break
            elif w == "fragment":
                self.fragment = True
            elif w.startswith("file=") and len(w) > 5:
                self.file = w[5:]
            elif w.startswith("excerpt=") and len(w) > 8:
                self.excerpt = w[8:]
            elif w.startswith("timeout=") and w[8:].isdigit():
                self.timeout = int(w[8:])
            else:
                self.error = (f"unknown attribute '{w}' in info string '{self.info}' (known: "
                              "file=NAME, fragment, excerpt=PATH, timeout=SECONDS, skip REASON)")
                return
            i += 1
        if self.error:
            return
        if self.lang in NEVER_RUN and self.excerpt:
            self.error = f"a {self.lang} block is never run: excerpt= makes no sense"
        elif (self.lang not in RUNNABLE and self.lang not in NEVER_RUN and not self.fragment
              and not self.excerpt and not self.skip and not self.file):
            self.error = (f"no runner for '{self.lang}' blocks: mark it 'fragment', "
                          f"'excerpt=PATH' or 'skip REASON', or use text")

    @property
    def text(self):
        return "\n".join(self.lines) + "\n"


def parse_page(path, rel):
    """Blocks of a page, and the errors found while reading it (unclosed fences, indented code)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    blocks, errors = [], []
    i, in_list, prev_blank = 0, False, True
    while i < len(lines):
        line = lines[i]
        m = FENCE.match(line)
        if m and not (m.group("fence")[0] == "`" and "`" in m.group("info")):
            fence, indent = m.group("fence"), len(m.group("indent").expandtabs(4))
            start, body, i = i + 1, [], i + 1
            closed = False
            while i < len(lines):
                c = FENCE.match(lines[i])
                if (c and c.group("fence")[0] == fence[0] and len(c.group("fence")) >= len(fence)
                        and not c.group("info").strip()):
                    closed = True
                    break
                raw = lines[i].expandtabs(4) if indent else lines[i]
                body.append(raw[indent:] if raw[:indent].strip() == "" else raw.lstrip())
                i += 1
            if not closed:
                errors.append((start, "fence never closed"))
            blocks.append(Block(rel, start, m.group("info"), body))
            i += 1
            prev_blank = False
            continue
        stripped = line.strip()
        if not stripped:
            prev_blank = True
        else:
            if LIST_ITEM.match(line):
                in_list = True
            elif not line[0].isspace():
                in_list = False
            elif prev_blank and not in_list and line.expandtabs(4).startswith("    "):
                errors.append((i + 1, "indented code block: use a fence with an info string "
                                      "(text for an equation or output shown for reading)"))
                while i + 1 < len(lines) and (not lines[i + 1].strip()
                                              or lines[i + 1].expandtabs(4).startswith("    ")):
                    i += 1
            prev_blank = False
        i += 1
    return blocks, errors


def git_files(root):
    """The files git sees in root (tracked, and untracked but not ignored), or None outside a
    git checkout: a scratch copy needs what a fresh clone has, not build outputs or bundles."""
    try:
        p = subprocess.run(["git", "-C", root, "ls-files", "-z", "-co", "--exclude-standard"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        return None
    if p.returncode != 0:
        return None
    return [f for f in p.stdout.decode("utf-8", "surrogateescape").split("\0") if f]


def make_scratch(root, build, scratch, out):
    """A copy of the repository (what git sees; outside git, everything but .git and build
    directories) with `build` linking to the build directory: blocks may write anywhere in it
    without touching the repository."""
    shutil.rmtree(scratch, ignore_errors=True)
    leave = {os.path.realpath(build), os.path.realpath(out)}

    def skipped(top):
        return (top in (".git", ".doc-blocks", "build") or top.startswith("build-"))

    files = git_files(root)
    if files is None:
        def ignore(d, names):
            return {n for n in names
                    if n in (".git", ".doc-blocks")
                    or (os.path.realpath(d) == os.path.realpath(root) and skipped(n))
                    or os.path.realpath(os.path.join(d, n)) in leave}

        shutil.copytree(root, scratch, symlinks=True, ignore=ignore)
    else:
        os.makedirs(scratch)
        for f in files:
            src = os.path.join(root, f)
            if skipped(f.split("/", 1)[0]) or not os.path.lexists(src):
                continue
            dst = os.path.join(scratch, f)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if os.path.islink(src):
                os.symlink(os.readlink(src), dst)
            else:
                shutil.copy2(src, dst)
    os.symlink(build, os.path.join(scratch, "build"))
    os.makedirs(os.path.join(scratch, ".doc-blocks"))


def run(cmd, cwd, env, timeout):
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout, stdin=subprocess.DEVNULL)
        return p.returncode, p.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        return None, out + f"\n(killed after {timeout} s: mark the block timeout=SECONDS or skip)"


def console_steps(block):
    """[(line, command, expected lines)] of a console block."""
    steps, i, lines = [], 0, block.lines
    while i < len(lines):
        if not lines[i].startswith("$ "):
            if lines[i].strip():
                raise ValueError(f"{block.page}:{block.line + i + 1}: output before any '$ ' command")
            i += 1
            continue
        at, cmd = block.line + i + 1, lines[i][2:]
        while cmd.endswith("\\") and i + 1 < len(lines):
            i += 1
            cmd = cmd[:-1] + "\n" + lines[i]
        i += 1
        expected = []
        while i < len(lines) and not lines[i].startswith("$ "):
            expected.append(lines[i])
            i += 1
        steps.append((at, cmd, expected))
    return steps


def matches(expected, actual):
    """expected lines, with '...' lines matching any run of lines, against actual lines."""
    if not expected:
        return not actual
    if expected[0].strip() == "...":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


def trim(lines):
    lines = [l.rstrip() for l in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def normalize_code(line, lang):
    line = re.sub(r"/\*.*?\*/", "", line)
    line = re.sub(r"//.*$", "", line) if lang in ("c", "cpp", "h") else line
    line = re.sub(r"--.*$", "", line) if lang == "lua" else line
    line = re.sub(r"#.*$", "", line) if lang in ("sh", "python", "cmake") else line
    return " ".join(line.split())


class Runner:
    def __init__(self, args):
        self.hetflow = os.path.abspath(args.hetflow)
        self.root = os.path.abspath(args.root)
        self.build = os.path.abspath(args.build or os.path.dirname(self.hetflow))
        self.out = os.path.abspath(args.out)
        self.env = dict(os.environ)
        self.env["PATH"] = os.path.dirname(self.hetflow) + os.pathsep + self.env.get("PATH", "")
        self.failed = self.ran = self.skipped = self.notrun = 0

    def fail(self, where, what, output=""):
        self.failed += 1
        print(f"{where}: FAIL: {what}")
        if output.strip():
            for l in output.rstrip("\n").split("\n"):
                print("    | " + l)

    def page(self, path):
        rel = os.path.relpath(os.path.realpath(path), self.root)
        blocks, errors = parse_page(path, rel)
        scratch = os.path.join(self.out, re.sub(r"[^A-Za-z0-9_.-]", "_", rel))
        make_scratch(self.root, self.build, scratch, self.out)
        for n, b in enumerate(blocks):
            where = f"{rel}:{b.line}"
            while errors and errors[0][0] < b.line:
                self.fail(f"{rel}:{errors[0][0]}", errors.pop(0)[1])
            if b.error:
                self.fail(where, b.error)
                continue
            if b.skip:
                self.skipped += 1
                print(f"{where}: skip ({b.lang}): {b.skip}")
                continue
            if b.excerpt:
                self.check_excerpt(where, b)
                continue
            if b.file:
                self.save_file(where, b, blocks[n + 1:], scratch)
                continue
            if b.fragment or b.lang in NEVER_RUN:
                self.notrun += 1
                continue
            t0 = time.monotonic()
            ok = self.run_block(where, b, scratch)
            if ok:
                self.ran += 1
                print(f"{where}: ok ({b.lang}, {time.monotonic() - t0:.1f} s)")
        for line, what in errors:
            self.fail(f"{rel}:{line}", what)

    def save_file(self, where, b, later, scratch):
        users = [x for x in later if not x.error and not x.skip and not x.fragment
                 and x.lang in RUNNABLE and os.path.basename(b.file) in x.text]
        if not users:
            self.fail(where, f"file={b.file}: no later block of the page that runs names it")
            return
        dst = os.path.join(scratch, b.file)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if os.path.islink(dst):
            os.unlink(dst)
        with open(dst, "w", encoding="utf-8") as f:
            f.write(b.text)
        self.notrun += 1

    def check_excerpt(self, where, b):
        path = os.path.join(self.root, b.excerpt)
        try:
            with open(path, encoding="utf-8") as f:
                source = [normalize_code(l, b.lang) for l in f.read().split("\n")]
        except OSError as e:
            self.fail(where, f"excerpt={b.excerpt}: {e.strerror}")
            return
        for k, line in enumerate(b.lines):
            code = normalize_code(line, b.lang)
            if code and not any(code in s for s in source):
                self.fail(f"{b.page}:{b.line + k + 1}", f"not in {b.excerpt}: {line.strip()}")
                return
        self.ran += 1
        print(f"{where}: ok (excerpt of {b.excerpt})")

    def run_block(self, where, b, scratch):
        if b.lang == "console":
            return self.run_console(where, b, scratch)
        ext = {"lua": ".lua", "python": ".py", "dot": ".dot"}.get(b.lang, ".sh")
        name = os.path.join(".doc-blocks", f"line{b.line}{ext}")  # relative: short chunk names
        text = b.text
        if ext == ".sh":  # trace each command with its line of the page, to tell which one failed
            text = f"PS4='+ {b.page}:$(({b.line - 1} + LINENO)): '; set -x\n" + text
        with open(os.path.join(scratch, name), "w", encoding="utf-8") as f:
            f.write(text)
        if b.lang == "lua":
            cmd = [self.hetflow, "run", name, "-q", "--force", "-o", name[:-4] + ".h5"]
        elif b.lang == "python":
            cmd = ["/usr/bin/python3", name]
        elif b.lang == "dot":
            cmd = [self.hetflow, "dag", name]
        else:
            cmd = ["bash", "-e", "-o", "pipefail", name]
        rc, out = run(cmd, scratch, self.env, b.timeout)
        if rc != 0:
            # positions inside the block file, as lines of the page
            out = re.sub(re.escape(name) + r"\"?(?:\])?:(\d+):",
                         lambda m: f"{b.page}:{b.line + int(m.group(1))}:", out)
            out = out.replace(name, f"(the block at {where})")
            hint = ""
            if b.lang == "lua" and "never called hetflow.run" in out:
                hint = " (a piece of a scenario or table is a 'lua fragment')"
            self.fail(where, f"{b.lang} block exited with status {rc}{hint}", out)
            return False
        return True

    def run_console(self, where, b, scratch):
        try:
            steps = console_steps(b)
        except ValueError as e:
            self.fail(where, str(e))
            return False
        if not steps:
            self.fail(where, "console block without a '$ ' command")
            return False
        for at, cmd, expected in steps:
            rc, out = run(["bash", "-o", "pipefail", "-c", cmd], scratch, self.env, b.timeout)
            actual, expected = trim(out.split("\n")), trim(expected)
            if rc is None or not matches(expected, actual):
                diff = "\n".join(difflib.unified_diff(expected, actual, "page", "actual",
                                                      lineterm=""))
                self.fail(f"{b.page}:{at}", f"output of `{cmd}` differs (exit status {rc})",
                          diff or out)
                return False
        return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--hetflow", required=True, help="the built hetflow binary")
    ap.add_argument("--build", help="the build directory (default: the binary's directory)")
    ap.add_argument("--root", default=os.path.join(os.path.dirname(os.path.realpath(__file__)),
                                                   "..", ".."),
                    help="the repository root (default: two levels above this file)")
    ap.add_argument("--out", default="/tmp/hetflow-doc-blocks", help="scratch directories")
    ap.add_argument("--list", action="store_true", help="list the blocks, run nothing")
    ap.add_argument("pages", nargs="+")
    args = ap.parse_args()
    if args.list:
        for p in args.pages:
            blocks, errors = parse_page(p, p)
            for b in blocks:
                print(f"{p}:{b.line}: {b.info or '(no info string)'}")
            for line, what in errors:
                print(f"{p}:{line}: {what}")
        return 0
    r = Runner(args)
    for p in args.pages:
        r.page(p)
    print(f"doc blocks: {r.ran} ran, {r.failed} failed, {r.skipped} skipped, "
          f"{r.notrun} not runnable (text, fragment, file=)")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
