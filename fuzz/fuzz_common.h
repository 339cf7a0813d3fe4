/* fuzz_common.h: helpers shared by the libFuzzer targets: per-process temp files for the loaders
 * that take a path, and the checks every workflow loader's result must pass. */
#ifndef HF_FUZZ_COMMON_H
#define HF_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "hetflow/hetflow.h"

/* The libFuzzer entry point each target defines (also called by replay.c). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write data to this process's temp file for this target (/tmp/hf-fuzz-<tag>-<pid><ext>,
 * created on first use, rewritten on each call, removed at exit) and return its path.
 * Aborts when /tmp cannot be written: the run would otherwise test nothing. */
const char *hf_fuzz_tmpfile(const char *tag, const char *ext, const uint8_t *data, size_t size);

/* Abort with a message (a contract violation, reported by libFuzzer as a crash). */
void hf_fuzz_fail(const char *what, const char *detail) __attribute__((noreturn));

/* Check what a loader returned against its contract: on success a finalized workflow whose DAG
 * statistics agree with its task count; on failure no workflow and a non-empty message. Frees
 * the workflow. */
void hf_fuzz_check_workflow(hf_ctx *ctx, hf_err rc, hf_workflow *wf);

#endif
