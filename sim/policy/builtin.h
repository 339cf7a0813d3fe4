/* builtin.h: the built-in policies' operation tables (one file each). */
#ifndef HF_POLICY_BUILTIN_H
#define HF_POLICY_BUILTIN_H

#include "hetflow/hf_policy.h"

extern const hf_policy_ops hf_policy_round_robin;     /* round_robin.c */
extern const hf_policy_ops hf_policy_random;          /* random.c */
extern const hf_policy_ops hf_policy_earliest_finish; /* earliest_finish.c */
extern const hf_policy_ops hf_policy_heft;            /* heft.c */
extern const hf_policy_ops hf_policy_min_min;         /* min_min.c */
extern const hf_policy_ops hf_policy_max_min;         /* min_min.c */
extern const hf_policy_ops hf_policy_data_locality;   /* data_locality.c */
extern const hf_policy_ops hf_policy_carbon_min;      /* carbon_min.c */
extern const hf_policy_ops hf_policy_carbon_weighted; /* carbon_weighted.c */
extern const hf_policy_ops hf_policy_carbon_deadline; /* carbon_deadline.c */

#endif
