#!/usr/bin/python3
"""metadata_h5.py: /metadata of hetflow results files read with h5py (an independent reader).

  metadata_h5.py diff A.h5 B.h5 ATTR VA VB
      Every attribute of /metadata and of its groups, and every row of /metadata/inputs, must be
      equal in A and B except /metadata@ATTR, which must be VA in A and VB in B (floats).
  metadata_h5.py attr FILE.h5 PATH NAME VALUE
      Attribute NAME of group PATH must be the string VALUE.
  metadata_h5.py inputs FILE.h5 LISTING
      /metadata/inputs must hold exactly the rows of LISTING, one "KIND BYTES SHA256 PATH" line
      each, in that order (written by the test from sha256sum and stat).
  metadata_h5.py corrupt_sha FILE.h5
      Rewrite /metadata/inputs row 0's sha256 as "not-a-hash" (for the reader's error test).
Prints "metadata: ok"; exit 1 with the reason on a failed check.
"""
import sys

import h5py
import numpy as np


def fail(msg):
    print("metadata: FAILED: " + msg, file=sys.stderr)
    sys.exit(1)


def text(v):
    return v.decode("utf-8") if isinstance(v, bytes) else v


def flatten(path):
    """{"/metadata@name": value, "/metadata/cfg@name": value, "/metadata/inputs[i]": row}"""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            where = "/" + name
            for k, v in obj.attrs.items():
                out[where + "@" + k] = text(v) if not isinstance(v, np.ndarray) else v.tolist()
            if isinstance(obj, h5py.Dataset):
                for i, row in enumerate(obj[()]):
                    out["%s[%d]" % (where, i)] = tuple(text(x) if isinstance(x, bytes) else
                                                       float(x) for x in row)
        meta = f["metadata"]
        visit("metadata", meta)
        meta.visititems(lambda n, o: visit("metadata/" + n, o))
    return out


def reseal(path):
    """Seal path again after an edit (docs/results-format.md, "The file on disk"), as a hetflow
    that wrote the bad row would have: the reader's own checks are under test, not the seal."""
    import struct
    data = open(path, "rb").read()
    if not data.startswith(b"hetflow-sealed-hdf5 1\n"):
        return
    rest = data[512:]
    a = b = 0
    for (w,) in struct.iter_unpack("<I", rest + b"\0" * (-len(rest) % 4)):
        a = (a + w) % 0xFFFFFFFF
        b = (b + a) % 0xFFFFFFFF
    block = b"hetflow-sealed-hdf5 1\nfletcher64 %016x bytes %d\n" % (b << 32 | a, len(rest))
    open(path, "wb").write(block.ljust(512, b"\0") + rest)


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "diff":
        a, b, attr, va, vb = sys.argv[2:7]
        ma, mb = flatten(a), flatten(b)
        keys = set(ma) | set(mb)
        differ = sorted(k for k in keys if ma.get(k, "<absent>") != mb.get(k, "<absent>"))
        want = "/metadata@" + attr
        if differ != [want]:
            fail("/metadata of %s and %s differ in %s, expected only in %s" % (a, b, differ, want))
        if float(ma[want]) != float(va) or float(mb[want]) != float(vb):
            fail("%s is %r and %r, expected %s and %s" % (want, ma[want], mb[want], va, vb))
        if "/metadata/inputs[0]" not in ma:
            fail("no /metadata/inputs rows in " + a)
    elif cmd == "attr":
        path, group, name, value = sys.argv[2:6]
        with h5py.File(path, "r") as f:
            if name not in f[group].attrs:
                fail("%s has no attribute %s" % (group, name))
            got = text(f[group].attrs[name])
            if got != value:
                fail("%s@%s is %r, expected %r" % (group, name, got, value))
    elif cmd == "inputs":
        path, listing = sys.argv[2:4]
        want = []
        with open(listing) as f:
            for line in f:
                kind, nbytes, sha, p = line.rstrip("\n").split(" ", 3)
                want.append((p, kind, float(nbytes), sha))
        with h5py.File(path, "r") as f:
            t = f["metadata/inputs"][()]
            got = [(text(r["path"]), text(r["kind"]), float(r["bytes"]), text(r["sha256"]))
                   for r in t]
        if got != want:
            fail("/metadata/inputs is\n  %s\nexpected\n  %s" % ("\n  ".join(map(str, got)),
                                                             "\n  ".join(map(str, want))))
    elif cmd == "corrupt_sha":
        with h5py.File(sys.argv[2], "r+") as f:
            t = f["metadata/inputs"][()]
            t[0]["sha256"] = b"not-a-hash"
            f["metadata/inputs"][0] = t[0]
        reseal(sys.argv[2])
    else:
        fail("usage: metadata_h5.py diff|attr|inputs|corrupt_sha ...")
    print("metadata: ok")


if __name__ == "__main__":
    main()
