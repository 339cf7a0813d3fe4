/* session.h: one hetflow invocation's run: options from the command line, the single
 * simulation, and where its results go. Shared by Lua scenarios and --platform/--workflow. */
#ifndef HF_SESSION_H
#define HF_SESSION_H

#include "hetflow/hetflow.h"

typedef struct hf_session {
    hf_ctx *ctx;            /* borrowed */
    const char *output;     /* result file path (-o), NULL: results are not written */
    int force;              /* --force: an existing result file is replaced (else refused) */
    const char *scenario;   /* label recorded in the metadata */
    const char *const *cfg; /* SimGrid --cfg options, NULL-terminated (borrowed) */
    const char *log;        /* SimGrid log control string or NULL */
    int quiet;              /* no progress line, no summary */
    double ref_speed; /* --reference-speed (flop/s per core) for WfFormat runtimes, 0 = none */
    const char *sandbox_dir; /* --sandbox: the only directory files may be written to, or NULL */
    int ran;                 /* 1 once hf_session_run was called */
    int transfer;            /* the run's transfer mode (hf_run_spec.transfer), set by the
                                caller of hf_session_run; 0 = direct */
    int stage_in;            /* the run's stage-in (hf_run_spec.stage_in), set likewise;
                                0 = sequential */
    hf_results *results;     /* owned; set by a successful run */
    int record_inputs;       /* 1: hf_session_add_input records (a run that saves its results);
                                0: it does nothing (dag, platform, compare) */
    hf_input_rec *inputs;    /* files read so far, in order of first read (owned); moved into
                                the results by hf_session_save */
    size_t ninputs, cap_inputs;
} hf_session;

/* Run the one simulation of this process (serverless: NULL for direct mode, borrowed); on success
 * s->results holds its results. They are written by hf_session_save once the whole scenario has
 * succeeded, so a scenario that fails after its run leaves no result file. platform, workflow and
 * policy stay owned by the caller. Fails if called twice (SimGrid runs one simulation per process).
 */
hf_err hf_session_run(hf_session *s, hf_platform *platform, hf_workflow *workflow,
                      hf_policy *policy, hf_serverless *serverless);

/* When s->record_inputs is set, record that this invocation read the file at path (borrowed) as
 * kind (see hf_input_rec): its size and SHA-256 (hf_sha256_file), unless the same path with the
 * same content is recorded already. Call it when the file is read, so that the hash is of the
 * content used. A path that cannot be opened is skipped when missing_ok (the caller's own reading
 * reports it), else HF_EIO; a read error is HF_EIO ("cannot read 'P' to record its SHA-256:
 * <reason>") and running out of memory HF_ENOMEM, with ctx set. O(size + recorded inputs). */
hf_err hf_session_add_input(hf_session *s, const char *path, const char *kind, int missing_ok);

/* Complete s->results with what the session knows and the executor does not (git revision,
 * --reference-speed, --cfg options, the input files, which move into the results) and write them
 * to s->output (atomically). Fails when no run completed. */
hf_err hf_session_save(hf_session *s);

/* Free what the session owns (its results and inputs). Accepts NULL. */
void hf_session_destroy(hf_session *s);

#endif
