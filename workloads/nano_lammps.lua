-- nano_lammps.lua: a nano-LAMMPS-like GPU workflow (Lennard-Jones liquid) as kernel launches,
-- for the GPU partition study of the paper's Figure 5 (docs/models/gpu.md, results/fig5/).
--
--   local lammps = dofile("workloads/nano_lammps.lua")
--   local task = lammps.task { name = "md1", atoms = 32000, steps = 6000 }   -- one GPU task
--   local k = lammps.kernels(32000)                                          -- the kernels
--
-- One workflow is one GPU task: the MD loop runs on the GPU, driven by one host process. Per
-- time step: initial_integrate, pair (LJ forces), final_integrate, then host work (fixes,
-- thermo, MPI: `host_us` microseconds); every `every` steps (20, as LAMMPS' bench/in.lj:
-- neigh_modify every 20) the neighbour list is rebuilt first: the bins cleared and filled, then
-- the neighbour build.
--
-- Kernel descriptors from the atom count N, for LAMMPS' LJ benchmark conditions (bench/in.lj:
-- reduced density rho* = 0.8442, cutoff r_c = 2.5 sigma, skin 0.3 sigma, 32,000 atoms), double
-- precision, one thread per atom:
--   neighbours per atom within r_c + skin: 4/3 pi (2.8)^3 x 0.8442 = 77.6 -> 78 (full list)
--   pair:     78 pairs x 23 flop (distance, cutoff test, r^-6, r^-12, force, accumulate)
--             = 1794 -> 1800 flop per atom; DRAM bytes per atom: own position read (24), its
--             78 neighbour indices (312), force written (24) = 360 (neighbour positions are
--             re-read from cache: a system of this size fits in L2); 128 threads per block
--   initial_integrate: v += f dt / 2m, x += v dt: 12 flop; reads x, v, f, writes x, v (5 x 24
--             = 120 bytes); 256 threads per block
--   final_integrate:   v += f dt / 2m: 6 flop; reads v, f, writes v (72 bytes); 256 per block
--   neighbour build: distance tests against the 27 bins around the atom's, each bin an
--             (r_c + skin)^3 cube of 2.8^3 x 0.8442 = 18.5 atoms: 500 candidates x 8 flop =
--             4000 flop; bytes: position read (24) + list written (312) = 336; 128 per block
--   bin_clear: one 4-byte store per bin; the box edge is (N / rho*)^(1/3), with floor(edge / 2.8)
--             bins per edge (33.59 and 11 at 32,000 atoms: 1331 bins); 256 per block
--   bin_fill:  per atom 12 flop (wrap and scale 3 components), 36 bytes (position 24, the bin
--             counter's atomic update 8, the index 4); 256 per block
-- These are first-order counts, not measurements. Every launch carries its kernel's name
-- ("lj_pair", ...): on a GPU calibrated by `hetflow calibrate` (platforms/calibrated/), the
-- kernel profiles measured by the validation harness (validate/, which runs these very kernels)
-- correct them by name (docs/models/gpu.md#kernel-profiles).
local M = {}

local function ceil_div(a, b) return (a + b - 1) // b end

--- The kernels for n atoms: flops and bytes per launch, thread blocks, name.
function M.kernels(n)
  local edge = (n / 0.8442) ^ (1 / 3)
  local nb = math.max(3, math.floor(edge / 2.8))
  local bins = nb * nb * nb
  return {
    neighbor = { name = "lj_neighbor", flops = 4000 * n, bytes = 336 * n, blocks = ceil_div(n, 128) },
    initial_integrate = { name = "lj_initial_integrate", flops = 12 * n, bytes = 120 * n,
                          blocks = ceil_div(n, 256) },
    pair = { name = "lj_pair", flops = 1800 * n, bytes = 360 * n, blocks = ceil_div(n, 128) },
    final_integrate = { name = "lj_final_integrate", flops = 6 * n, bytes = 72 * n,
                        blocks = ceil_div(n, 256) },
    bin_clear = { name = "lj_bin_clear", flops = 0, bytes = 4 * bins, blocks = ceil_div(bins, 256) },
    bin_fill = { name = "lj_bin_fill", flops = 12 * n, bytes = 36 * n, blocks = ceil_div(n, 256) },
  }
end

--- The kernel sequence of one MD run: a list of groups for a task's gpu.kernels.
-- p.atoms (default 32000), p.steps (default 6000), p.every (neighbour rebuild period, default
-- 20), p.host_us (host time per step, default 10 us), p.binning (default true: the rebuild
-- clears and fills the bins before the neighbour build; false: the neighbour build alone).
function M.sequence(p)
  local n, steps = p.atoms or 32000, p.steps or 6000
  local every, host = p.every or 20, (p.host_us or 10) * 1e-6
  local binning = p.binning ~= false
  assert(n >= 1 and steps >= 1 and every >= 1 and host >= 0, "nano_lammps: bad parameters")
  local k = M.kernels(n)
  local function launch(kernel, gap)
    return { count = 1, flops = kernel.flops, bytes = kernel.bytes, blocks = kernel.blocks,
             gap = gap or 0, name = kernel.name }
  end
  local seq = {}
  for step = 1, steps do
    if (step - 1) % every == 0 then
      if binning then
        seq[#seq + 1] = launch(k.bin_clear)
        seq[#seq + 1] = launch(k.bin_fill)
      end
      seq[#seq + 1] = launch(k.neighbor)
    end
    seq[#seq + 1] = launch(k.initial_integrate)
    seq[#seq + 1] = launch(k.pair)
    seq[#seq + 1] = launch(k.final_integrate, host)
  end
  return seq
end

--- One workflow as one GPU task table (name required; other fields as in M.sequence;
-- p.release: the time it may start, default 0).
function M.task(p)
  return { name = assert(p.name, "nano_lammps.task: name required"),
           gpu = { kernels = M.sequence(p) }, gpu_memory = p.gpu_memory or "1GB",
           after = p.after, release = p.release }
end

return M
