/* eft.h: when each resource's cores are expected to free up, and the earliest-finish search over
 * them (docs/policies.md, "Earliest finish at scale").
 *
 * Policies that want estimates book each placed task on the cores of its resource that free up
 * first, until its estimated finish; the next estimate on that resource starts no earlier.
 * This module owns those booked times and, for the earliest-finish policies (earliest_finish,
 * heft), answers "which candidate finishes first" without estimating every candidate:
 *
 * Resources that agree on everything an estimate reads form a class: kind, site, cores, speed,
 * memory, memory bandwidth, own link (NIC, or PCIe for a GPU) and the node's NIC, and for GPUs
 * what the kernel-level model reads (share, bandwidth share, the physical GPU's peak, bandwidth
 * and SMs, launch overhead). For a ready task, the estimated finish on a resource m is
 *     EFT(m) = max(free(m), now) + S(m) + C(m)
 * with free(m) the time the task's need-th core of m frees up, S the stage-in estimate, C the
 * compute time. C is the same over a class; so is S over the members that hold no copy of the
 * task's inputs and share no node with such a copy (routes from a copy to two such members cross
 * the same links: hf_platform_route). Among those "generic" members only the one with the
 * smallest max(free, now), lowest index on ties, can win, and a segment tree per (class, need)
 * over members' free times finds it in O(log members). The few other members are estimated one by
 * one. A decision then costs O(classes x log members + copies) instead of O(resources).
 */
#ifndef HF_EFT_H
#define HF_EFT_H

#include <stddef.h>

#include "hetflow/hf_platform.h"

typedef struct hf_eft hf_eft;

/* Classes and booked times (all 0) for the resources of p. NULL when out of memory. */
hf_eft *hf_eft_new(const hf_platform *p);

/* Free everything. Accepts NULL. */
void hf_eft_free(hf_eft *e);

/* Number of classes; class of resource res; the members of class cls (ascending resource
 * indices, n of them). */
size_t hf_eft_nclasses(const hf_eft *e);
int hf_eft_class(const hf_eft *e, int res);
const int *hf_eft_members(const hf_eft *e, int cls, size_t *n);

/* The resources on node node (a CPU node's resource index): the node and its GPUs, n of them. */
const int *hf_eft_node(const hf_eft *e, int node, size_t *n);

/* Time the need-th earliest-free core of res frees up (1 <= need <= its cores). */
double hf_eft_free_at(const hf_eft *e, int res, int need);

/* In free, n free times in ascending order (cores, or an endpoint's slots), make the need
 * earliest busy until finish, keeping the order. O(n). */
void hf_slots_book(double *free, int n, int need, double finish);

/* Book the need earliest-free cores of res until finish (need <= its cores). O(cores +
 * indexes of its class x log members). */
void hf_eft_book(hf_eft *e, int res, int need, double finish);

/* The member m of class cls that minimises (max(hf_eft_free_at(m, need), now), m), leaving out
 * the resources skip[0..nskip) (any class; others are ignored). -1 when every member is left
 * out. O((1 + nskip) x log members); the first call for a (class, need) builds its index.
 * Returns -2 when out of memory. */
int hf_eft_best(hf_eft *e, int cls, int need, double now, const int *skip, size_t nskip);

/* The lowest-index member of class cls whose need-th core frees up at or before limit, leaving
 * out skip[0..nskip) as hf_eft_best does; -1 when none, -2 when out of memory. */
int hf_eft_first_free_by(hf_eft *e, int cls, int need, double limit, const int *skip, size_t nskip);

#endif
