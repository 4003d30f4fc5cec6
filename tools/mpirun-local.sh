#!/usr/bin/env bash
# mpirun on this one machine, set up to work anywhere tests run: as root (CI), in a container with
# no usable network or ptrace, and with more ranks than cores. Usage: tools/mpirun-local.sh -np 2
# build/release/fmsim sweep FILE ... Every setting below can be overridden from the environment;
# for several machines call mpirun yourself (docs/sweeps.md, "Beyond one machine: MPI").
set -euo pipefail
# Open MPI refuses to start as root unless told twice.
export OMPI_ALLOW_RUN_AS_ROOT="${OMPI_ALLOW_RUN_AS_ROOT:-1}"
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}"
# More ranks than cores is allowed (a 1-core runner still runs -np 2).
export OMPI_MCA_rmaps_base_oversubscribe="${OMPI_MCA_rmaps_base_oversubscribe:-1}"
# Rank 0 runs threads beside its MPI loop: binding it to one core would squeeze them together.
export OMPI_MCA_hwloc_base_binding_policy="${OMPI_MCA_hwloc_base_binding_policy:-none}"
# Ranks talk through shared memory only (no TCP/InfiniBand probing), copying through the shared
# segment instead of cross-process reads, which containers often forbid.
export OMPI_MCA_pml="${OMPI_MCA_pml:-ob1}"
export OMPI_MCA_btl="${OMPI_MCA_btl:-self,vader}"
export OMPI_MCA_btl_vader_single_copy_mechanism="${OMPI_MCA_btl_vader_single_copy_mechanism:-none}"
exec "${MPIRUN:-mpirun}" "$@"
