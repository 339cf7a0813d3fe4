/* h5meta.h: the /metadata group of a results file (docs/results-format.md): what was run and
 * everything else that changes a result (versions, git revision, seed, --set parameters, --cfg
 * options, reference speed, input files and their SHA-256). Written and read for h5.c, on h5io's
 * plumbing; internal to sim/results/. */
#ifndef HF_RESULTS_H5META_H
#define HF_RESULTS_H5META_H

#include "hetflow/hf_results.h"
#include "results/h5io.h"

/* The start of h5.c's results reader: h5io's reader first (h5io's callbacks are cast back to
 * it), then the results being filled, so that the /metadata/inputs callbacks find them. */
typedef struct h5meta_reader {
    h5io_reader base;
    hf_results *r; /* being filled */
} h5meta_reader;

/* Check what the metadata writer relies on: unique --cfg names, every input with a path, a
 * kind, bytes >= 0 and a sha256 of 64 lowercase hex digits or "". HF_EIO with
 * "cannot write 'PATH': ..." in ctx. */
hf_err h5meta_check(hf_ctx *ctx, const hf_results *r, const char *path);

/* Write /metadata, /metadata/parameters, /metadata/cfg and /metadata/inputs. HF_OK or HF_EIO. */
hf_err h5meta_write(h5io_writer *w, const hf_results *r);

/* Read them into rd->r. Attributes, groups and the table that files written before them lack
 * read as their defaults (mode "direct", git_revision "unknown", reference speed 0, no --cfg
 * options, no inputs). HF_EINPUT (naming the file and the field), HF_EIO or HF_ENOMEM with ctx
 * set. */
hf_err h5meta_read(h5meta_reader *rd);

#endif
