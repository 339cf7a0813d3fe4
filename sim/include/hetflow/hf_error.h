/* hf_error.h: error codes shared by every hetflow module. */
#ifndef HF_ERROR_H
#define HF_ERROR_H

/* Functions that can fail return hf_err and leave a message in their hf_ctx. */
typedef int hf_err;

enum {
    HF_OK = 0,     /* success */
    HF_EINPUT = 1, /* bad user input: file, field, value; the CLI exits 1 */
    HF_ENOMEM = 2, /* allocation failed */
    HF_EIO = 3,    /* file could not be read or written */
    HF_ESIM = 4,   /* the simulation could not be carried out (policy failure, engine error) */
    HF_EUSAGE = 5  /* bad command-line usage; the CLI exits 2 */
};

#endif
