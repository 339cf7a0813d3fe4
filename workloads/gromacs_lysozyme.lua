-- gromacs_lysozyme.lua: the GROMACS "Lysozyme in water" tutorial (J. Lemkul,
-- http://www.mdtutorials.com/gmx/lysozyme/) as a hetflow workflow of serverless functions, for the
-- paper's Figure 4 (monolith vs decomposed execution vs heterogeneity-aware decomposition).
--
--   local lyso = dofile("workloads/gromacs_lysozyme.lua")
--   local wf = lyso.workflow {}                         -- the tutorial as published, 1 replica
--   local wf8 = lyso.workflow { replicas = 8 }          -- an 8-member MD ensemble
--   local fast = lyso.workflow { gpu_ns_per_day = 900 } -- any default below can be overridden
--   for k, v in pairs(lyso.defaults) do print(k, v) end
--
-- The workflow is a chain of 13 tasks, each reading the files the previous steps wrote:
--   pdb2gmx -> editconf -> solvate -> grompp_ions -> genion -> grompp_em -> mdrun_em
--     -> grompp_nvt -> mdrun_nvt -> grompp_npt -> mdrun_npt -> grompp_md -> mdrun_md
-- They run six functions (pdb2gmx, editconf, solvate, grompp, genion, mdrun): grompp and mdrun
-- serve four tasks each. Every function is the same `gmx` binary, so by default all of them
-- share one container image (pulled once per node); `prep_image` gives the five preparation
-- tools an image of their own. Only the four mdrun tasks have a GPU variant.
-- With replicas > 1 the chain is repeated, every task and file name prefixed "r<k>_"
-- (k = 1..replicas), the functions shared: N independent copies, as in an MD ensemble.
--
-- The tutorial edits topol.top in place three times (pdb2gmx writes it, solvate and genion
-- append molecules); a hetflow file has one writer, so the versions are topol.top,
-- topol_solv.top and topol_ions.top. The tutorial's `grep -v HOH` step is folded into pdb2gmx.
--
-- Costs. Each mdrun takes  setup + steps x dt / throughput  seconds (energy minimisation:
-- setup + em_steps x em_step_cost x dt / throughput); the preparation tools a few tenths of a
-- second to a second each. CPU variants are wall seconds on `cpu_cores` cores of speed
-- `reference_speed` (hetflow scales them to a node's speed), GPU variants seconds on one GPU (or
-- on a GPU of speed `gpu_reference_speed` when that is set). Every figure below says where it
-- comes from; "assumed" marks the ones for which no published measurement was found, and
-- "measured here" the ones measured while writing this file with the Debian GROMACS 2022.5
-- package on a 2-vCPU Intel Xeon VM, on an SPC/E water box of the tutorial's size
-- (7.01 nm cube, 33,789 atoms; the 1AKI structure could not be downloaded there).
local M = {}

local NS_PER_FS = 1e-6
local SECONDS_PER_DAY = 86400

--- Default parameters (all optional in M.workflow). Sources and derivations in the comments.
-- The two whose default is nil (gpu_reference_speed, prep_image) are absent from the table.
M.defaults = {
  name = "lysozyme",
  replicas = 1, -- independent copies of the chain (an MD ensemble when > 1)

  -- System. 1AKI (hen egg-white lysozyme, 129 residues) processed with OPLS-AA: 1,960 atoms
  -- with hydrogens, net charge +8 (the tutorial's pdb2gmx output, "qtot 8"). Cubic box 1.0 nm
  -- from the protein: 7.01 nm edge. SPC/E water, then genion -neutral replaces 8 waters with
  -- Cl-. Files of a GROMACS 2022.4 run of this tutorial end with 10,659 SOL + 8 CL:
  -- 1,960 + 3 x 10,659 + 8 = 33,945 atoms (PSDI-UK/aiida-gromacs test data: tests/input_files/
  -- grompp2_1AKI_solvated_ions.gro, 33,945 atoms, box 7.01008 nm; grompp2_1AKI_topology.top,
  -- SOL 10659, CL 8). The tutorial page shows solvate adding 10,832 waters (an older GROMACS):
  -- 34,440 atoms after genion, +1.5 %.
  atoms = 33945,        -- total atoms after genion
  protein_atoms = 1960, -- OPLS-AA lysozyme with hydrogens
  ions = 8,             -- Cl- added by genion -neutral (each replaces one water)

  -- Steps, with the tutorial's .mdp files (tutorial-files/lysozyme/nvt.mdp and npt.mdp of
  -- github.com/jalemkul/gmx_tutorials_livecoms; md.mdp from the tutorial's Files/ directory):
  -- NVT 50,000 and NPT 50,000 steps of 2 fs (100 ps each), production 500,000 steps (1 ns).
  -- Minimisation (steepest descent, emtol 1000, nsteps 50,000 as a cap) stops when converged:
  -- two public write-ups of this tutorial report 566 and 759 steps (the second with CHARMM36 and
  -- TIP3P instead of OPLS-AA and SPC/E); 750 is used.
  em_steps = 750,
  nvt_steps = 50000,
  npt_steps = 50000,
  md_steps = 500000,
  dt_fs = 2,
  -- Output frequencies, which set the trajectory, energy and log sizes: NVT/NPT write x and v
  -- every 500 steps to .trr (nstxout = nstvout = 500) and energies/log every 500; production
  -- writes no .trr (nstxout = 0), compressed x of the whole system every 5,000 steps to .xtc,
  -- energies/log every 5,000.
  eq_nstxout = 500,
  eq_nstenergy = 500,
  md_nstxout_compressed = 5000,
  md_nstenergy = 5000,

  -- CPU throughput: 100 ns/day on 32 cores. Derivation: the Princeton Research Computing
  -- benchmark (github.com/jdh4/running_gromacs, 03_benchmarks/README.md, GROMACS 2019.4)
  -- measured the RNase cubic system (24,040 atoms, 0.9 nm cut-off, PME, 2 fs) at 179.8 ns/day
  -- with 32 MPI ranks on one node of its CPU cluster (tigerCpu, Intel Xeon) and 109.9 ns/day
  -- with 16. This system has 1.41x the atoms and a 1.0 nm cut-off (1.37x the pairs per atom)
  -- but a coarser PME grid (0.16 vs 0.1125 nm spacing): about 1.75x the work per step, so
  -- 179.8 / 1.75 = 103 -> 100 ns/day. Cross-check: CSC's chem-benchmarks
  -- (github.com/rkronberg/chem-benchmarks, results/gromacs.md, GROMACS 2023.2) give for the
  -- ADH benchmark 46.6 ns/day on 40 cores (Puhti, Intel Xeon) and 127.9 ns/day on 128 cores
  -- (Mahti, AMD EPYC), 1.3e5-1.6e5 atom-ns/day per core if that is the 134k-atom cubic ADH
  -- (the repository does not say), against 1.06e5 here with the longer cut-off.
  cpu_ns_per_day = 100,
  cpu_cores = 32,
  reference_speed = "50Gf", -- flop/s per core of the CPU node type cpu_ns_per_day is for: give
                            -- that node type this speed in the platform (a label more than a
                            -- measurement: only ratios of node speeds change the times)

  -- GPU throughput: 600 ns/day on one A100-class GPU, GROMACS >= 2020 with the whole step on
  -- the GPU. Derivation, each factor published: (1) Princeton (above): RNase on one V100 with
  -- 8-16 cores, GROMACS 2019.4 (non-bonded and PME on the GPU, update on the CPU): 399-413
  -- ns/day -> / 1.75 for this system = 230 ns/day; (2) NHR@FAU, hpc.fau.de/2021/06/18/
  -- multi-gpu-gromacs-jobs-on-tinygpu/: one 65,209-atom system on one RTX 2080 Ti ran at 134
  -- ns/day with GROMACS 2019 and 229 / 233 ns/day with 2020 / 2021 (GPU-resident steps): x1.7
  -- -> 390 ns/day on a V100; (3) CSC chem-benchmarks (above), ADH with GROMACS 2022.4: 216
  -- ns/day on a V100 (Puhti), 336 on an A100 (Mahti): x1.56 -> 600 ns/day. Newer GPUs (H100,
  -- H200) are faster on large systems, much less on 34k atoms, which do not fill them; set
  -- gpu_reference_speed to scale by GPU speed, or give a measured gpu_ns_per_day.
  gpu_ns_per_day = 600,
  gpu_reference_speed = nil, -- nil: gpu seconds are the same on every GPU
  gpu_memory = "1GB",        -- assumed: 34k atoms need a few hundred MB of device memory plus
                             -- the CUDA context; only filters GPUs (MIG slices) too small
  throughput_atoms = 33945,  -- system size the two throughputs are for: for another `atoms`
                             -- they are scaled by throughput_atoms / atoms (cost per step
                             -- linear in atoms, first order)

  -- mdrun start-up, paid once per run: reading the .tpr, setting up domains, PME and (GPU)
  -- the CUDA context and device buffers. CPU: measured here, 0.6 s for a 0-step run of the
  -- 33,789-atom box -> 1 s. GPU: assumed 2 s (context creation and GPU set-up on top).
  mdrun_setup_cpu_s = 1,
  mdrun_setup_gpu_s = 2,
  -- A steepest-descent step costs more than an MD step: pair search every step (nstlist = 1),
  -- energies every step. Measured here (two runs each): 0.16-0.22 s per EM step vs
  -- 0.032-0.040 s per MD step -> 5.
  em_step_cost = 5,

  -- Preparation tools, seconds on one core at reference_speed. Measured here (single runs,
  -- 33,789-atom water box unless stated; a shared VM, so +-50 %): solvate 0.39 s, grompp
  -- 0.46-0.70 s, genion 0.11 s, editconf 0.01-0.05 s on a 1,962-atom file. The protein adds
  -- to grompp (its topology, the position-restraint reference) and solvate (overlap checks):
  -- 1.0 s and 0.5 s assumed. pdb2gmx (not measurable there: it reads the force field database
  -- and builds 129 residues): assumed 1 s.
  pdb2gmx_s = 1.0,
  editconf_s = 0.1,
  solvate_s = 0.5,
  grompp_s = 1.0,
  genion_s = 0.2,

  -- Container image of every function (GROMACS with CUDA; its CPU code runs on CPU-only nodes
  -- too). 1.5 GB compressed, assumed from its parts: GROMACS itself is small (conda-forge
  -- gromacs 2024.2 CUDA build 40.9 MB, 2026.0 CUDA build 61.9 MB, CPU-only 2024.3 31.3 MB:
  -- anaconda.org/conda-forge/gromacs/files), the CUDA runtime dominates (an nvidia/cuda base
  -- brings "2 big layers, about 700MB each": github.com/PointCloudLibrary/pcl/pull/3581; the
  -- CUDA 7.0 image held 1.5 GB of CUDA files: github.com/NVIDIA/nvidia-docker/issues/12).
  -- No published size of NVIDIA's NGC GROMACS image (nvcr.io/hpc/gromacs) was found.
  image = "gromacs-2023-cuda",
  image_size = "1.5GB",
  prep_image = nil,       -- nil: the preparation tools use `image`; else their own image name
  prep_image_size = "0.3GB", -- used with prep_image: assumed CPU-only image (OS + GROMACS +
                             -- FFTW/MPI libraries, no CUDA)
  -- Initialisation of a new container (start, plus the function worker's own start), not
  -- counting the image pull, which hetflow derives from image_size and its pull model
  -- (docs/models/serverless.md#image-pulls: 24.8 s for 1.5 GB by default). Assumed 2 s,
  -- within the published range: a lightweight runtime's cold start ~200 ms
  -- (github.com/orgs/appwrite/discussions/11509); Huawei's production trace, 11.9 M cold
  -- starts, up to 3 s in one region (mostly pod allocation) and up to 7 s in another
  -- (dependency deployment and scheduling) ("Serverless Cold Starts and Where to Find Them",
  -- arXiv:2410.06145).
  -- With the pull: 40 s for a 1.13 GB image on Cloud Run (github.com/ahmetb/cloud-run-faq/
  -- issues/45); ~20 s to load a 15 GB image on a warm node (github.com/tensorfuse/
  -- tensorfuse-examples/issues/1).
  init_s = 2,
  -- One-time compile of mdrun per (variant, node type). GROMACS ships compiled CPU code and
  -- CUDA kernels (SASS) for the architectures it was built for; on a GPU the image has no SASS
  -- for, the driver JIT-compiles the embedded PTX at first launch and caches it on the node.
  -- No measured figure found: 0 by default; set compile_gpu_s to model such a node type.
  compile_cpu_s = 0,
  compile_gpu_s = 0,
}

-- File sizes, bytes. Formats: .gro lines are fixed-width text; .trr, .cpt and .tpr hold
-- single-precision x (12 bytes/atom) and v (12 bytes/atom); .xtc compresses x to 0.001 nm.
local SIZE = {
  -- 1AKI.pdb from the PDB: the crystal-water-free copy is 95,531 bytes (PSDI-UK/aiida-gromacs
  -- examples/gromacs_files/1AKI_clean.pdb), plus 78 water HETATM records (REMARK 3: 78 solvent
  -- atoms) of 81 bytes: 101,849.
  pdb = 101849,
  -- pdb2gmx's OPLS-AA topology: 553,082 bytes in the aiida-gromacs test data (genion_1AKI_
  -- topology.top, pdb2gmx 2022.4; solvate and genion only add a line each).
  top = 553082,
  -- posre.itp: one line of ~31 bytes per heavy atom (1,001: REMARK 3 of 1AKI) + a header.
  posre = 1001 * 31 + 200,
  gro_header = 55, -- title, atom count and box lines ("LYSOZYME in water", box 7.01008 nm)
  gro_atom = 45,   -- "%5d%-5s%5s%5d%8.3f%8.3f%8.3f\n": the aiida-gromacs 33,945-atom file
                   -- is 1,527,580 bytes = 55 + 45 x 33,945
  gro_atom_v = 69, -- + "%8.4f" x 3 velocities (mdrun's final .gro after MD); measured here:
                   -- 2,331,221 bytes for 33,789 atoms
  -- .tpr: x and v, 24 bytes/atom (measured here: 829,212 bytes for the 33,789-atom box, the
  -- same with or without velocities), plus the topology: 18 kB measured for water and ions,
  -- plus an assumed 0.5 MB (+-50 %) for the protein's OPLS-AA molecule block (atoms,
  -- bonded lists, exclusions, parameters): ~1.3 MB in all.
  tpr_atom = 24,
  tpr_topology = 18e3 + 500e3,
  trr_frame_atom_xv = 24, -- x and v; measured here: 810,960 bytes/frame for 33,789 atoms
  trr_frame_atom_x = 12,  -- x only: minimisation writes its final frame (405,540 bytes here)
  trr_frame_header = 100,
  xtc_frame_atom = 3.6,   -- measured here: 121,620 bytes/frame for 33,789 atoms (3.6 B/atom,
                          -- 0.3 of the 12 bytes of uncompressed x)
  xtc_frame_header = 90,
  cpt_atom = 24,          -- x and v; measured here: 812,420 bytes for 33,789 atoms
  cpt_extra = 1500,       -- thermostat/barostat state, header
  -- Energy files: ~630 bytes per MD frame measured here for water (3 frames: 1,884 bytes); the
  -- protein adds bonded and restraint terms: 800 assumed. Minimisation writes a frame per
  -- step (12 frames for 13 steps here, ~200 bytes each): 250 assumed.
  edr_frame = 800,
  edr_em_frame = 250,
  -- Logs: ~20 kB of header (measured here: 19-23 kB) and ~1.2 kB per energy print.
  log_base = 20e3,
  log_frame = 1200,
  -- .mdp inputs, as in the tutorial (with comments): nvt.mdp 2,369 and npt.mdp 2,591 bytes
  -- (gmx_tutorials_livecoms copies); md.mdp 2,737 (aiida-gromacs copy); ions/minim ~1 kB.
  mdp = { ions = 1000, minim = 1100, nvt = 2369, npt = 2591, md = 2737 },
}

-- Parameter checks: kind of value per key. Every key of M.defaults is a parameter.
local KIND = {
  name = "name", image = "name", prep_image = "name?",
  replicas = "count", atoms = "count", protein_atoms = "count", ions = "count0",
  em_steps = "count0", nvt_steps = "count0", npt_steps = "count0", md_steps = "count0",
  eq_nstxout = "count", eq_nstenergy = "count", md_nstxout_compressed = "count",
  md_nstenergy = "count", cpu_cores = "count", throughput_atoms = "count",
  dt_fs = "positive", cpu_ns_per_day = "positive", gpu_ns_per_day = "positive",
  em_step_cost = "positive",
  mdrun_setup_cpu_s = "nonneg", mdrun_setup_gpu_s = "nonneg", pdb2gmx_s = "nonneg",
  editconf_s = "nonneg", solvate_s = "nonneg", grompp_s = "nonneg", genion_s = "nonneg",
  init_s = "nonneg", compile_cpu_s = "nonneg", compile_gpu_s = "nonneg",
  reference_speed = "quantity", gpu_reference_speed = "quantity?", gpu_memory = "quantity",
  image_size = "quantity", prep_image_size = "quantity",
}

local DESCRIBE = {
  name = "a non-empty string", ["name?"] = "nil or a non-empty string",
  count = "an integer >= 1", count0 = "an integer >= 0", positive = "a number > 0",
  nonneg = "a number >= 0",
  quantity = "a number > 0 or a unit string such as \"1.5GB\"",
  ["quantity?"] = "nil, a number > 0 or a unit string such as \"19.5Tf\"",
}

local function finite(v)
  return type(v) == "number" and v == v and v > -math.huge and v < math.huge
end

local function valid(kind, v)
  if kind:sub(-1) == "?" then
    if v == nil then return true end
    kind = kind:sub(1, -2)
  end
  if kind == "name" then return type(v) == "string" and v ~= "" end
  if kind == "quantity" then
    return (type(v) == "string" and v:match("^%s*[%d.]") ~= nil) or (finite(v) and v > 0)
  end
  if not finite(v) then return false end
  if kind == "count" then return v >= 1 and v == math.floor(v) end
  if kind == "count0" then return v >= 0 and v == math.floor(v) end
  if kind == "positive" then return v > 0 end
  return v >= 0 -- nonneg
end

-- The defaults overlaid with p, checked. Returns the table, or nil and a message.
local function resolve(p)
  if p ~= nil and type(p) ~= "table" then
    return nil, "parameters must be a table, got " .. type(p)
  end
  p = p or {}
  for k in pairs(p) do
    if KIND[k] == nil then
      return nil, "unknown parameter '" .. tostring(k) .. "'"
    end
  end
  local q = {}
  for k, kind in pairs(KIND) do
    local v = p[k]
    if v == nil then v = M.defaults[k] end
    if not valid(kind, v) then
      local got = type(v) == "string" and string.format("%q", v) or tostring(v)
      return nil, string.format("%s must be %s, got %s", k, DESCRIBE[kind], got)
    end
    q[k] = v
  end
  if q.protein_atoms + q.ions > q.atoms then
    return nil, string.format("atoms must be >= protein_atoms + ions (%d), got %d",
                              q.protein_atoms + q.ions, q.atoms)
  end
  return q
end

local function round(x) return math.floor(x + 0.5) end

-- Frames written over `steps` steps every `every` steps: step 0 and each multiple of every
-- (mdrun also writes the last step, which the tutorial's step counts make a multiple).
local function frames(steps, every) return steps // every + 1 end

-- Seconds of the four mdrun tasks for resolved parameters q:
-- { em = {cpu = s, gpu = s}, nvt = ..., npt = ..., md = ... }.
local function costs(q)
  local scale = q.atoms / q.throughput_atoms
  -- seconds of one MD step: dt / throughput, throughput in ns/day
  local step_cpu = q.dt_fs * NS_PER_FS / q.cpu_ns_per_day * SECONDS_PER_DAY * scale
  local step_gpu = q.dt_fs * NS_PER_FS / q.gpu_ns_per_day * SECONDS_PER_DAY * scale
  local function run(steps, cost)
    return { cpu = q.mdrun_setup_cpu_s + steps * cost * step_cpu,
             gpu = q.mdrun_setup_gpu_s + steps * cost * step_gpu }
  end
  return {
    em = run(q.em_steps, q.em_step_cost),
    nvt = run(q.nvt_steps, 1),
    npt = run(q.npt_steps, 1),
    md = run(q.md_steps, 1),
  }
end

-- The files and tasks of one chain, names prefixed by `pre`, appended to files and tasks.
local function chain(q, pre, files, tasks)
  local n = q.atoms
  local n_solv = n + 2 * q.ions -- before genion: each ion took the place of a 3-site water
  local function gro(atoms, vel)
    return SIZE.gro_header + atoms * (vel and SIZE.gro_atom_v or SIZE.gro_atom)
  end
  local tpr = function(atoms) return SIZE.tpr_topology + SIZE.tpr_atom * atoms end
  local cpt = SIZE.cpt_extra + SIZE.cpt_atom * n
  local function trr(steps, every, per_atom)
    return frames(steps, every) * (SIZE.trr_frame_header + per_atom * n)
  end
  local function edr(steps, every) return frames(steps, every) * SIZE.edr_frame end
  local function log(steps, every) return SIZE.log_base + frames(steps, every) * SIZE.log_frame end

  local function file(name, size)
    files[#files + 1] = { name = pre .. name, size = round(size) }
    return pre .. name
  end
  local function names(list)
    local out = {}
    for i, f in ipairs(list) do out[i] = pre .. f end
    return out
  end

  -- initial inputs
  file("1AKI.pdb", SIZE.pdb)
  for _, m in ipairs({ "ions", "minim", "nvt", "npt", "md" }) do
    file(m .. ".mdp", SIZE.mdp[m])
  end
  -- preparation outputs
  file("1AKI_processed.gro", gro(q.protein_atoms, false))
  file("topol.top", SIZE.top)
  file("posre.itp", SIZE.posre)
  file("1AKI_newbox.gro", gro(q.protein_atoms, false))
  file("1AKI_solv.gro", gro(n_solv, false))
  file("topol_solv.top", SIZE.top)
  file("ions.tpr", tpr(n_solv))
  file("1AKI_solv_ions.gro", gro(n, false))
  file("topol_ions.top", SIZE.top)
  -- minimisation
  file("em.tpr", tpr(n))
  file("em.gro", gro(n, false))
  file("em.trr", SIZE.trr_frame_header + SIZE.trr_frame_atom_x * n)
  file("em.edr", SIZE.edr_em_frame * q.em_steps)
  file("em.log", SIZE.log_base)
  -- equilibration and production
  for _, phase in ipairs({ "nvt", "npt" }) do
    local steps = q[phase .. "_steps"]
    file(phase .. ".tpr", tpr(n))
    file(phase .. ".gro", gro(n, true))
    file(phase .. ".cpt", cpt)
    file(phase .. ".trr", trr(steps, q.eq_nstxout, SIZE.trr_frame_atom_xv))
    file(phase .. ".edr", edr(steps, q.eq_nstenergy))
    file(phase .. ".log", log(steps, q.eq_nstenergy))
  end
  file("md_0_1.tpr", tpr(n))
  file("md_0_1.gro", gro(n, true))
  file("md_0_1.cpt", cpt)
  file("md_0_1.xtc", frames(q.md_steps, q.md_nstxout_compressed)
                     * (SIZE.xtc_frame_header + SIZE.xtc_frame_atom * n))
  file("md_0_1.edr", edr(q.md_steps, q.md_nstenergy))
  file("md_0_1.log", log(q.md_steps, q.md_nstenergy))

  local ref = q.reference_speed
  local function tool(name, fn, seconds, inputs, outputs)
    tasks[#tasks + 1] = { name = pre .. name, fn = fn, cores = 1,
                          cpu = { seconds = seconds, reference_speed = ref },
                          inputs = names(inputs), outputs = names(outputs) }
  end
  local c = costs(q)
  local function mdrun(name, cost, inputs, outputs)
    tasks[#tasks + 1] = { name = pre .. name, fn = "mdrun", cores = q.cpu_cores,
                          cpu = { seconds = cost.cpu, reference_speed = ref },
                          gpu = { seconds = cost.gpu, reference_speed = q.gpu_reference_speed },
                          gpu_memory = q.gpu_memory,
                          inputs = names(inputs), outputs = names(outputs) }
  end

  tool("pdb2gmx", "pdb2gmx", q.pdb2gmx_s, { "1AKI.pdb" },
       { "1AKI_processed.gro", "topol.top", "posre.itp" })
  tool("editconf", "editconf", q.editconf_s, { "1AKI_processed.gro" }, { "1AKI_newbox.gro" })
  tool("solvate", "solvate", q.solvate_s, { "1AKI_newbox.gro", "topol.top" },
       { "1AKI_solv.gro", "topol_solv.top" })
  tool("grompp_ions", "grompp", q.grompp_s, { "1AKI_solv.gro", "topol_solv.top", "ions.mdp" },
       { "ions.tpr" })
  tool("genion", "genion", q.genion_s, { "ions.tpr", "topol_solv.top" },
       { "1AKI_solv_ions.gro", "topol_ions.top" })
  tool("grompp_em", "grompp", q.grompp_s, { "1AKI_solv_ions.gro", "topol_ions.top", "minim.mdp" },
       { "em.tpr" })
  mdrun("mdrun_em", c.em, { "em.tpr" }, { "em.gro", "em.trr", "em.edr", "em.log" })
  tool("grompp_nvt", "grompp", q.grompp_s, { "em.gro", "topol_ions.top", "posre.itp", "nvt.mdp" },
       { "nvt.tpr" })
  mdrun("mdrun_nvt", c.nvt, { "nvt.tpr" },
        { "nvt.gro", "nvt.cpt", "nvt.trr", "nvt.edr", "nvt.log" })
  tool("grompp_npt", "grompp", q.grompp_s,
       { "nvt.gro", "nvt.cpt", "topol_ions.top", "posre.itp", "npt.mdp" }, { "npt.tpr" })
  mdrun("mdrun_npt", c.npt, { "npt.tpr" },
        { "npt.gro", "npt.cpt", "npt.trr", "npt.edr", "npt.log" })
  tool("grompp_md", "grompp", q.grompp_s, { "npt.gro", "npt.cpt", "topol_ions.top", "md.mdp" },
       { "md_0_1.tpr" })
  mdrun("mdrun_md", c.md, { "md_0_1.tpr" },
        { "md_0_1.gro", "md_0_1.cpt", "md_0_1.xtc", "md_0_1.edr", "md_0_1.log" })
end

--- The workflow table for parameters p (nil or a table overriding M.defaults). Raises
-- "gromacs_lysozyme: <param> must be ..." on a bad or unknown parameter.
function M.workflow(p)
  local q, msg = resolve(p)
  if not q then error("gromacs_lysozyme: " .. msg, 2) end

  local prep_image = q.prep_image or q.image
  local prep_size = q.prep_image and q.prep_image_size or q.image_size
  local functions = {}
  for _, fn in ipairs({ "pdb2gmx", "editconf", "solvate", "grompp", "genion" }) do
    functions[#functions + 1] = { name = fn, image = prep_image, image_size = prep_size,
                                  init = q.init_s, compile = { cpu = 0, gpu = 0 } }
  end
  functions[#functions + 1] = { name = "mdrun", image = q.image, image_size = q.image_size,
                                init = q.init_s,
                                compile = { cpu = q.compile_cpu_s, gpu = q.compile_gpu_s } }

  local files, tasks = {}, {}
  for k = 1, q.replicas do
    chain(q, q.replicas > 1 and ("r" .. k .. "_") or "", files, tasks)
  end
  return { name = q.name, functions = functions, files = files, tasks = tasks }
end

--- CPU and GPU seconds of the four mdrun tasks for parameters p (as M.workflow takes them):
-- { em = {cpu = s, gpu = s}, nvt = ..., npt = ..., md = ... }. For READMEs and tests.
function M.mdrun_seconds(p)
  local q, msg = resolve(p)
  if not q then error("gromacs_lysozyme: " .. msg, 2) end
  return costs(q)
end

return M
