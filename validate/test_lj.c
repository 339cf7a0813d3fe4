/* test_lj.c: the harness's Lennard-Jones kernel bodies (lj.h), run on the host for a small box,
 * against what must hold for a correct MD code: the lattice's 78 neighbours, neighbour lists equal
 * to a brute-force search, zero total force, and total energy conserved over 200 steps.
 *
 * 6^3 FCC cells = 864 atoms, box edge 6 (4 / 0.8442)^(1/3) = 10.078, so 3 bins per edge of 3.359
 * (>= 2.8). On the FCC lattice (a = 1.6796) the shells within r_c + skin = 2.8 are at
 * a/sqrt2 = 1.188 (12), a = 1.680 (6), a sqrt(3/2) = 2.057 (24), a sqrt2 = 2.375 (12) and
 * a sqrt(5/2) = 2.656 (24), the next at a sqrt3 = 2.909: 12 + 6 + 24 + 12 + 24 = 78 neighbours,
 * the count workloads/nano_lammps.lua assumes. */
#include <stdio.h>
#include <stdlib.h>

#include "lj.h"

static int failures;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static void rebuild(const lj_params *p, lj_arrays a)
{
    for (int b = 0; b < p->nb * p->nb * p->nb; b++)
        lj_bin_clear_one(*p, a, b);
    for (int i = 0; i < p->n; i++)
        lj_bin_fill_one(*p, a, i);
    for (int i = 0; i < p->n; i++)
        lj_neighbor_one(*p, a, i);
}

/* Brute-force neighbours of atom i within r (minimum image). */
static int count_within(const lj_params *p, const double *x, int i, double r2)
{
    int n = p->n, c = 0;
    for (int j = 0; j < n; j++) {
        if (j == i) continue;
        double dx = lj_image(*p, x[i] - x[j]), dy = lj_image(*p, x[n + i] - x[n + j]);
        double dz = lj_image(*p, x[2 * n + i] - x[2 * n + j]);
        c += dx * dx + dy * dy + dz * dz < r2;
    }
    return c;
}

/* Total energy: kinetic plus the LJ potential shifted to 0 at r_c (the forces are those of the
 * truncated potential, and the shift makes the energy continuous where pairs cross r_c). */
static double energy(const lj_params *p, const double *x, const double *v)
{
    int n = p->n;
    double e = 0, rc6inv = 1.0 / (p->cutforce2 * p->cutforce2 * p->cutforce2);
    double shift = 4.0 * rc6inv * (rc6inv - 1.0);
    for (int i = 0; i < 3 * n; i++)
        e += 0.5 * v[i] * v[i];
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double dx = lj_image(*p, x[i] - x[j]), dy = lj_image(*p, x[n + i] - x[n + j]);
            double dz = lj_image(*p, x[2 * n + i] - x[2 * n + j]);
            double rsq = dx * dx + dy * dy + dz * dz;
            if (rsq < p->cutforce2) {
                double r6inv = 1.0 / (rsq * rsq * rsq);
                e += 4.0 * r6inv * (r6inv - 1.0) - shift;
            }
        }
    return e;
}

int main(void)
{
    lj_params p;
    lj_params_init(&p, 6);
    CHECK(p.n == 864 && p.nb == 3, "n %d nb %d, expected 864 and 3", p.n, p.nb);
    int n = p.n, nbins = p.nb * p.nb * p.nb, overflow = 0;
    lj_arrays a = {0};
    a.x = calloc(3 * n, sizeof(double));
    a.v = calloc(3 * n, sizeof(double));
    a.f = calloc(3 * n, sizeof(double));
    a.numneigh = calloc(n, sizeof(int));
    a.neigh = calloc((size_t)LJ_MAXNB * n, sizeof(int));
    a.bincount = calloc(nbins, sizeof(int));
    a.binatoms = calloc((size_t)nbins * LJ_BINCAP, sizeof(int));
    a.overflow = &overflow;
    if (!a.x || !a.v || !a.f || !a.numneigh || !a.neigh || !a.bincount || !a.binatoms) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    lj_initial_state(&p, a.x, a.v, a.f);
    double ke = 0, mom = 0;
    for (int i = 0; i < 3 * n; i++) {
        ke += 0.5 * a.v[i] * a.v[i];
        mom += a.v[i];
    }
    /* T = 2 KE / (3 (n - 1)) = 1.44, total momentum 0 */
    CHECK(fabs(2 * ke / (3.0 * (n - 1)) - LJ_TEMP) < 1e-9, "temperature %g",
          2 * ke / (3.0 * (n - 1)));
    CHECK(fabs(mom) < 1e-9, "momentum %g", mom);

    rebuild(&p, a);
    for (int i = 0; i < n; i++)
        if (a.numneigh[i] != 78) {
            CHECK(0, "lattice atom %d has %d neighbours, expected 78", i, a.numneigh[i]);
            break;
        }
    for (int i = 0; i < n; i++)
        lj_pair_one(p, a, i);
    double e0 = energy(&p, a.x, a.v);

    /* 200 steps in nano_lammps.lua's order: every 10 steps a rebuild first, then initial, pair,
     * final */
    for (int step = 0; step < 200; step++) {
        if (step % LJ_EVERY == 0) {
            rebuild(&p, a);
            for (int i = 0; i < n; i += 37) /* a sample of atoms against brute force */
                if (a.numneigh[i] != count_within(&p, a.x, i, p.cutneigh2)) {
                    CHECK(0, "step %d: atom %d has %d neighbours, brute force %d", step, i,
                          a.numneigh[i], count_within(&p, a.x, i, p.cutneigh2));
                    break;
                }
        }
        for (int i = 0; i < n; i++)
            lj_initial_one(p, a, i);
        for (int i = 0; i < n; i++)
            lj_pair_one(p, a, i);
        for (int i = 0; i < n; i++)
            lj_final_one(p, a, i);
    }
    double fsum[3] = {0, 0, 0}, fabs_sum = 0;
    for (int i = 0; i < 3 * n; i++) {
        fsum[i / n] += a.f[i];
        fabs_sum += fabs(a.f[i]);
    }
    for (int c = 0; c < 3; c++)
        CHECK(fabs(fsum[c]) < 1e-9 * fabs_sum, "total force %c = %g", 'x' + c, fsum[c]);
    CHECK(fabs_sum > n, "forces vanish in the liquid (%g)", fabs_sum);
    double e1 = energy(&p, a.x, a.v);
    /* velocity Verlet at dt = 0.005 conserves the shifted energy to about 1e-5 of |E| here; a
     * wrong force, list or half step drifts by far more */
    CHECK(fabs(e1 - e0) < 1e-4 * fabs(e0), "energy %.6f -> %.6f", e0, e1);
    CHECK(overflow == 0, "overflow flag %d", overflow);
    printf("test_lj: %d atoms, E %.4f -> %.4f over 200 steps, %s\n", n, e0, e1,
           failures ? "FAILED" : "ok");
    free(a.x);
    free(a.v);
    free(a.f);
    free(a.numneigh);
    free(a.neigh);
    free(a.bincount);
    free(a.binatoms);
    return failures ? 1 : 0;
}
