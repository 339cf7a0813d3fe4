/* lj.h: the nano-LAMMPS Lennard-Jones system of the harness: its parameters and the per-atom
 * bodies of its kernels, written once for the GPU kernels (validate/kernels.cu) and for the host
 * reference run of the unit test (validate/test_lj.c).
 *
 * Conditions of LAMMPS' LJ benchmark (workloads/nano_lammps.lua): reduced units (epsilon =
 * sigma = mass = 1), FCC lattice at rho* = 0.8442, cutoff 2.5, skin 0.3, time step 0.005,
 * periodic cube, full neighbour list (each pair stored twice, no Newton's third law), double
 * precision, one thread per atom. Arrays are structure-of-arrays: x[c * n + i] is component c
 * of atom i; the neighbour list is column-major (neigh[k * n + i] is atom i's k-th neighbour)
 * so that the threads of a warp read consecutive words. */
#ifndef HF_VALIDATE_LJ_H
#define HF_VALIDATE_LJ_H

#include <math.h>
#include <stdint.h>

#ifdef __CUDACC__
#define LJ_HD __host__ __device__
#else
#define LJ_HD
#endif

#ifdef __CUDA_ARCH__
#define LJ_LDG(p) __ldg(p)
#else
#define LJ_LDG(p) (*(p))
#endif

#define LJ_DENSITY 0.8442 /* reduced density rho* */
#define LJ_CUT 2.5        /* force cutoff r_c */
#define LJ_SKIN 0.3       /* neighbour skin: lists hold pairs within r_c + skin = 2.8 */
#define LJ_DT 0.005       /* time step */
#define LJ_TEMP 1.44      /* initial temperature (LAMMPS bench/in.lj) */
#define LJ_SEED 87287u    /* velocity seed (the one of bench/in.lj) */
#define LJ_MAXNB 160      /* neighbour-list slots per atom (78 expected; overflow is an error) */
#define LJ_BINCAP 64      /* atoms per bin (24 expected at 32,000 atoms; overflow is an error) */
#define LJ_EVERY 10       /* neighbour-list rebuild period, steps */

/* Geometry and constants of one system, passed by value to every kernel. */
typedef struct lj_params {
    int n;               /* atoms: 4 cells^3 */
    int cells;           /* FCC unit cells per box edge */
    double len, inv_len; /* box edge and its inverse */
    int nb;              /* bins per edge (edge / bin >= r_c + skin, so 27 bins cover a list) */
    double inv_bin;      /* 1 / bin edge */
    double cutneigh2;    /* (r_c + skin)^2 */
    double cutforce2;    /* r_c^2 */
    double dtf;          /* dt / 2m: velocity half step per unit force */
    double dtv;          /* dt: position step per unit velocity */
} lj_params;

/* The arrays of one system (device pointers on the GPU, host pointers in the test). */
typedef struct lj_arrays {
    double *x, *v, *f; /* positions (unwrapped), velocities, forces: 3n each */
    int *numneigh;     /* n: neighbours of each atom */
    int *neigh;        /* LJ_MAXNB * n, column-major */
    int *bincount;     /* nb^3 */
    int *binatoms;     /* nb^3 * LJ_BINCAP */
    int *overflow;     /* 1: a bin overflowed; 2: a neighbour list overflowed; 0: fine */
} lj_arrays;

#ifdef __cplusplus
extern "C" {
#endif

/* Fill p for an FCC box of cells^3 unit cells (4 atoms each) at LJ_DENSITY. cells >= 3 keeps
 * the box edge above 2 (r_c + skin) for minimum-image distances and 27 distinct bins. */
void lj_params_init(lj_params *p, int cells);

/* Fill x (3n) with the FCC lattice and v (3n) with velocities drawn uniformly from a fixed
 * seed, zero total momentum, scaled to temperature LJ_TEMP; zero f (3n). Deterministic. */
void lj_initial_state(const lj_params *p, double *x, double *v, double *f);

#ifdef __cplusplus
}
#endif

/* Bin coordinate (0 .. nb-1) of one position component, wrapped into the box. */
LJ_HD static inline int lj_bin_coord(const lj_params p, double x)
{
    double w = x - p.len * floor(x * p.inv_len);
    int b = (int)(w * p.inv_bin);
    return b < 0 ? 0 : (b >= p.nb ? p.nb - 1 : b);
}

/* Minimum-image component of a separation. */
LJ_HD static inline double lj_image(const lj_params p, double d)
{
    return d - p.len * rint(d * p.inv_len);
}

/* Kernel lj_bin_clear, one thread per bin b < nb^3. */
LJ_HD static inline void lj_bin_clear_one(const lj_params p, lj_arrays a, int b)
{
    a.bincount[b] = 0;
}

/* Kernel lj_bin_fill, one thread per atom: append atom i to its bin. */
LJ_HD static inline void lj_bin_fill_one(const lj_params p, lj_arrays a, int i)
{
    int n = p.n;
    int b = (lj_bin_coord(p, a.x[2 * n + i]) * p.nb + lj_bin_coord(p, a.x[n + i])) * p.nb +
            lj_bin_coord(p, a.x[i]);
#ifdef __CUDA_ARCH__
    int slot = atomicAdd(&a.bincount[b], 1);
#else
    int slot = a.bincount[b]++;
#endif
    if (slot < LJ_BINCAP)
        a.binatoms[b * LJ_BINCAP + slot] = i;
    else
        *a.overflow = 1;
}

/* Kernel lj_neighbor, one thread per atom: atom i's full list of atoms within r_c + skin,
 * searched in the 27 bins around its own. */
LJ_HD static inline void lj_neighbor_one(const lj_params p, lj_arrays a, int i)
{
    int n = p.n, nb = p.nb, k = 0;
    double xi = a.x[i], yi = a.x[n + i], zi = a.x[2 * n + i];
    int bx = lj_bin_coord(p, xi), by = lj_bin_coord(p, yi), bz = lj_bin_coord(p, zi);
    for (int dz = -1; dz <= 1; dz++) {
        int cz = (bz + dz + nb) % nb;
        for (int dy = -1; dy <= 1; dy++) {
            int cy = (by + dy + nb) % nb;
            for (int dx = -1; dx <= 1; dx++) {
                int b = (cz * nb + cy) * nb + (bx + dx + nb) % nb;
                int cnt = a.bincount[b] < LJ_BINCAP ? a.bincount[b] : LJ_BINCAP;
                for (int s = 0; s < cnt; s++) {
                    int j = a.binatoms[b * LJ_BINCAP + s];
                    if (j == i) continue;
                    double ddx = lj_image(p, xi - LJ_LDG(&a.x[j]));
                    double ddy = lj_image(p, yi - LJ_LDG(&a.x[n + j]));
                    double ddz = lj_image(p, zi - LJ_LDG(&a.x[2 * n + j]));
                    if (ddx * ddx + ddy * ddy + ddz * ddz < p.cutneigh2) {
                        if (k < LJ_MAXNB) a.neigh[k * n + i] = j;
                        k++;
                    }
                }
            }
        }
    }
    a.numneigh[i] = k < LJ_MAXNB ? k : LJ_MAXNB;
    if (k > LJ_MAXNB) *a.overflow = 2;
}

/* Kernel lj_initial_integrate: v += f dt/2m, x += v dt (12 flop, 120 bytes). */
LJ_HD static inline void lj_initial_one(const lj_params p, lj_arrays a, int i)
{
    for (int c = 0; c < 3; c++) {
        int o = c * p.n + i;
        double v = a.v[o] + p.dtf * a.f[o];
        a.v[o] = v;
        a.x[o] = a.x[o] + p.dtv * v;
    }
}

/* Kernel lj_pair: the Lennard-Jones force on atom i from its full list (within r_c). */
LJ_HD static inline void lj_pair_one(const lj_params p, lj_arrays a, int i)
{
    int n = p.n, nn = a.numneigh[i];
    double xi = a.x[i], yi = a.x[n + i], zi = a.x[2 * n + i];
    double fx = 0, fy = 0, fz = 0;
    for (int k = 0; k < nn; k++) {
        int j = a.neigh[k * n + i];
        double dx = lj_image(p, xi - LJ_LDG(&a.x[j]));
        double dy = lj_image(p, yi - LJ_LDG(&a.x[n + j]));
        double dz = lj_image(p, zi - LJ_LDG(&a.x[2 * n + j]));
        double rsq = dx * dx + dy * dy + dz * dz;
        if (rsq < p.cutforce2) {
            double r2inv = 1.0 / rsq;
            double r6inv = r2inv * r2inv * r2inv;
            double fpair = r6inv * (48.0 * r6inv - 24.0) * r2inv; /* -dU/dr / r */
            fx += dx * fpair;
            fy += dy * fpair;
            fz += dz * fpair;
        }
    }
    a.f[i] = fx;
    a.f[n + i] = fy;
    a.f[2 * n + i] = fz;
}

/* Kernel lj_final_integrate: v += f dt/2m (6 flop, 72 bytes). */
LJ_HD static inline void lj_final_one(const lj_params p, lj_arrays a, int i)
{
    for (int c = 0; c < 3; c++) {
        int o = c * p.n + i;
        a.v[o] = a.v[o] + p.dtf * a.f[o];
    }
}

#endif
