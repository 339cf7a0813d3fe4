/* test_eft.c: resource classes, core booking and the earliest-free search (sim/exec/eft.h). */
#include <math.h>

#include "check.h"
#include "exec/eft.h"
#include "hetflow/hetflow.h"

static hf_resource node(const char *name, int site, int cores, double speed, double nic_bw)
{
    hf_resource r = {0};
    r.name = (char *)name;
    r.kind = HF_RES_CPU;
    r.site = site;
    r.cores = cores;
    r.speed = speed;
    r.link = (hf_link_spec){nic_bw, 1e-5};
    return r;
}

static hf_resource gpu(const char *name, int at)
{
    hf_resource r = {0};
    r.name = (char *)name;
    r.kind = HF_RES_GPU;
    r.node = at;
    r.cores = 1;
    r.speed = 1e13;
    r.mem_bw = 1e12;
    r.link = (hf_link_spec){2.5e10, 1e-6};
    return r;
}

int main(void)
{
    hf_ctx *ctx = hf_ctx_new();
    hf_platform *p = hf_platform_new("t");
    CHECK(hf_platform_add_site(ctx, p, "A", (hf_link_spec){1e9, 1e-3}) == 0);
    CHECK(hf_platform_add_site(ctx, p, "B", (hf_link_spec){1e9, 1e-3}) == 1);
    /* 0 a1, 1 a2, 2 a3: alike (one class); 3 fast: another speed; 4 wide: 2 cores;
     * 5 g (a node like a1 but with GPUs 6, 7, 8 gnic: like g but a faster NIC, with GPU 9);
     * 10 b1 on site B, otherwise like a1 */
    hf_resource rs[] = {node("a1", 0, 1, 1e9, 1e9),
                        node("a2", 0, 1, 1e9, 1e9),
                        node("a3", 0, 1, 1e9, 1e9),
                        node("fast", 0, 1, 2e9, 1e9),
                        node("wide", 0, 2, 1e9, 1e9),
                        node("g", 0, 1, 1e9, 1e9),
                        gpu("g-gpu0", 5),
                        gpu("g-gpu1", 5),
                        node("gnic", 0, 1, 1e9, 1e10),
                        gpu("gnic-gpu0", 8),
                        node("b1", 1, 1, 1e9, 1e9)};
    for (size_t i = 0; i < sizeof rs / sizeof *rs; i++)
        CHECK(hf_platform_add_resource(ctx, p, &rs[i]) == (int)i);
    hf_eft *e = hf_eft_new(p);
    CHECK(e != NULL);

    /* classes: {a1, a2, a3, g}, {fast}, {wide}, {gnic}, {b1}, {g-gpu0, g-gpu1}, {gnic-gpu0} */
    CHECK(hf_eft_nclasses(e) == 7);
    int ca = hf_eft_class(e, 0);
    CHECK(hf_eft_class(e, 1) == ca && hf_eft_class(e, 2) == ca && hf_eft_class(e, 5) == ca);
    CHECK(hf_eft_class(e, 3) != ca && hf_eft_class(e, 4) != ca && hf_eft_class(e, 8) != ca);
    CHECK(hf_eft_class(e, 10) != ca); /* another site */
    CHECK(hf_eft_class(e, 6) == hf_eft_class(e, 7));
    CHECK(hf_eft_class(e, 9) != hf_eft_class(e, 6)); /* its node's NIC differs */
    size_t n;
    const int *m = hf_eft_members(e, ca, &n);
    CHECK(n == 4 && m[0] == 0 && m[1] == 1 && m[2] == 2 && m[3] == 5);
    m = hf_eft_node(e, 5, &n); /* g and its two GPUs */
    CHECK(n == 3 && m[0] == 5 && m[1] == 6 && m[2] == 7);
    m = hf_eft_node(e, 10, &n);
    CHECK(n == 1 && m[0] == 10);

    /* all free at 0: the lowest index wins */
    CHECK(hf_eft_best(e, ca, 1, 0.0, NULL, 0) == 0);
    /* booked: a1 until 5, a2 until 3, a3 until 4, g until 2 */
    hf_eft_book(e, 0, 1, 5);
    hf_eft_book(e, 1, 1, 3);
    hf_eft_book(e, 2, 1, 4);
    hf_eft_book(e, 5, 1, 2);
    CHECK(hf_eft_free_at(e, 1, 1) == 3);
    /* now 1: nobody free, g frees first (2) */
    CHECK(hf_eft_best(e, ca, 1, 1.0, NULL, 0) == 5);
    /* now 3.5: a2 (3) and g (2) are both free: max(F, now) ties at 3.5, lower index a2 */
    CHECK(hf_eft_best(e, ca, 1, 3.5, NULL, 0) == 1);
    /* leave out a2 and g (and b1, another class): a3 (4) before a1 (5) */
    int skip[] = {1, 5, 10};
    CHECK(hf_eft_best(e, ca, 1, 3.5, skip, 3) == 2);
    /* left-out members come back afterwards */
    CHECK(hf_eft_best(e, ca, 1, 1.0, NULL, 0) == 5);
    /* all left out */
    int all[] = {0, 1, 2, 5};
    CHECK(hf_eft_best(e, ca, 1, 0.0, all, 4) == -1);

    /* two cores, both free at 0: one 1-core task until 7 -> {0, 7}; a 2-core task then needs
     * the second core (7); a 1-core task until 3 -> {3, 7}; one until 10 takes core 3 -> {7, 10}
     * after re-sorting; a 2-core task until 12 -> {12, 12} */
    int cw = hf_eft_class(e, 4);
    CHECK(hf_eft_best(e, cw, 2, 0.0, NULL, 0) == 4);
    hf_eft_book(e, 4, 1, 7);
    CHECK(hf_eft_free_at(e, 4, 1) == 0 && hf_eft_free_at(e, 4, 2) == 7);
    hf_eft_book(e, 4, 1, 3);
    CHECK(hf_eft_free_at(e, 4, 1) == 3 && hf_eft_free_at(e, 4, 2) == 7);
    hf_eft_book(e, 4, 1, 10);
    CHECK(hf_eft_free_at(e, 4, 1) == 7 && hf_eft_free_at(e, 4, 2) == 10);
    hf_eft_book(e, 4, 2, 12);
    CHECK(hf_eft_free_at(e, 4, 1) == 12 && hf_eft_free_at(e, 4, 2) == 12);

    /* an index built before a booking follows it: class of a1 with need 1, book a3 until 1 */
    hf_eft_book(e, 2, 1, 1);
    CHECK(hf_eft_best(e, ca, 1, 0.5, NULL, 0) == 2); /* a3 frees at 1, before g at 2 */

    hf_eft_free(e);
    hf_platform_free(p);
    hf_ctx_free(ctx);
    return hf_check_summary();
}
