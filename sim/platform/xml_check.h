/* xml_check.h: preflight of a user's SimGrid XML platform (values SimGrid takes but cannot
 * simulate), before SimGrid parses it. */
#ifndef HF_XML_CHECK_H
#define HF_XML_CHECK_H

#include "hetflow/hf_ctx.h"

/* Read the SimGrid XML platform at path and refuse, with "<path>:<line>: <element> '<id>': ...",
 * the first of: a host, peer, cluster or cabinet speed that is not positive; a link, backbone
 * or cluster bandwidth that is not positive; a negative latency; a quantity outside hetflow's
 * ranges (hf_units_check); a zone (or AS) with no host or router in it or its sub-zones. Values
 * that are not numbers and malformed XML are left to SimGrid's parser (its message names the line).
 * HF_OK when none is found. O(file size). */
hf_err hf_xml_check(hf_ctx *ctx, const char *path);

#endif
