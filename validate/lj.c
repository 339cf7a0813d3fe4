/* lj.c: geometry and initial state of the harness's Lennard-Jones system (host side). */
#include "lj.h"

#include <string.h>

void lj_params_init(lj_params *p, int cells)
{
    memset(p, 0, sizeof *p);
    p->cells = cells;
    p->n = 4 * cells * cells * cells;
    /* FCC: 4 atoms per cubic cell of edge a, so rho = 4 / a^3 */
    p->len = cells * cbrt(4.0 / LJ_DENSITY);
    p->inv_len = 1.0 / p->len;
    p->nb = (int)floor(p->len / (LJ_CUT + LJ_SKIN));
    p->inv_bin = p->nb / p->len;
    p->cutneigh2 = (LJ_CUT + LJ_SKIN) * (LJ_CUT + LJ_SKIN);
    p->cutforce2 = LJ_CUT * LJ_CUT;
    p->dtf = 0.5 * LJ_DT; /* mass 1 */
    p->dtv = LJ_DT;
}

/* splitmix64: a small, well-mixed generator; a fixed seed makes every run start alike */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void lj_initial_state(const lj_params *p, double *x, double *v, double *f)
{
    static const double basis[4][3] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
    int n = p->n, c = p->cells, i = 0;
    double a = p->len / c, sum[3] = {0, 0, 0}, sq = 0;
    uint64_t seed = LJ_SEED;
    for (int cz = 0; cz < c; cz++)
        for (int cy = 0; cy < c; cy++)
            for (int cx = 0; cx < c; cx++)
                for (int b = 0; b < 4; b++, i++) {
                    x[i] = (cx + basis[b][0]) * a;
                    x[n + i] = (cy + basis[b][1]) * a;
                    x[2 * n + i] = (cz + basis[b][2]) * a;
                }
    for (i = 0; i < 3 * n; i++) {
        v[i] = (double)(next_u64(&seed) >> 11) * 0x1.0p-53 - 0.5;
        sum[i / n] += v[i];
        f[i] = 0;
    }
    for (i = 0; i < 3 * n; i++) {
        v[i] -= sum[i / n] / n; /* zero total momentum */
        sq += v[i] * v[i];
    }
    /* kinetic energy 3/2 (n - 1) T with the momentum's 3 degrees of freedom removed */
    double scale = sqrt(3.0 * (n - 1) * LJ_TEMP / sq);
    for (i = 0; i < 3 * n; i++)
        v[i] *= scale;
}
