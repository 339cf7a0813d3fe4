# hetflow_core.cmake: what every build of the simulator library shares (the main build and
# fuzz/): dependencies, the embedded pure-Lua module, the list of library sources, and the
# libraries to link. Set HF_ROOT (the repository root) before including it.
# Defines: HF_LUA_EMBED (generated C file), HF_CORE_SOURCES (with the generated git revision:
# the library target must add_dependencies(... hf_git_revision)), HF_CORE_LIBS.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SIMGRID REQUIRED IMPORTED_TARGET simgrid)
pkg_check_modules(IGRAPH REQUIRED IMPORTED_TARGET igraph)
pkg_check_modules(LUA REQUIRED IMPORTED_TARGET lua5.4)
pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET jansson)
pkg_check_modules(YAJL REQUIRED IMPORTED_TARGET yajl) # streaming JSON: WfFormat (wfstream.c)
pkg_check_modules(GSL REQUIRED IMPORTED_TARGET gsl)
pkg_check_modules(CGRAPH REQUIRED IMPORTED_TARGET libcgraph)
pkg_check_modules(EXPAT REQUIRED IMPORTED_TARGET expat)
set(HDF5_PREFER_PARALLEL OFF)
find_package(HDF5 REQUIRED COMPONENTS C HL)

# The pure-Lua half of the hetflow module is embedded in the binary, so it runs from anywhere.
file(GLOB HF_LUA_SOURCES CONFIGURE_DEPENDS ${HF_ROOT}/lua/hetflow/*.lua)
set(HF_LUA_EMBED ${CMAKE_BINARY_DIR}/generated/lua_embed.c)
add_custom_command(
  OUTPUT ${HF_LUA_EMBED}
  COMMAND ${CMAKE_COMMAND} -DOUT=${HF_LUA_EMBED} -DSRC_DIR=${HF_ROOT}/lua/hetflow
          -P ${HF_ROOT}/cmake/embed_lua.cmake
  DEPENDS ${HF_LUA_SOURCES} ${HF_ROOT}/cmake/embed_lua.cmake
  COMMENT "Embedding lua/hetflow/*.lua")

# Every library source of the simulator (sim/cli holds the only main()).
file(GLOB_RECURSE HF_CORE_SOURCES CONFIGURE_DEPENDS
  ${HF_ROOT}/sim/core/*.c ${HF_ROOT}/sim/platform/*.c ${HF_ROOT}/sim/workflow/*.c
  ${HF_ROOT}/sim/engine/*.c ${HF_ROOT}/sim/exec/*.c ${HF_ROOT}/sim/calib/*.c
  ${HF_ROOT}/sim/policy/*.c ${HF_ROOT}/sim/results/*.c ${HF_ROOT}/sim/lua/*.c
  ${HF_ROOT}/sim/net/*.c)

# The git revision recorded in every result file (hf_git_revision): looked up at every build by
# the target hf_git_revision (which the library must depend on: add_dependencies) and rewritten,
# hence recompiled, only when it changed.
set(HF_GIT_REVISION_C ${CMAKE_BINARY_DIR}/generated/git_revision.c)
add_custom_target(hf_git_revision
  COMMAND ${CMAKE_COMMAND} -DOUT=${HF_GIT_REVISION_C} -DSRC_DIR=${HF_ROOT}
          -P ${HF_ROOT}/cmake/git_revision.cmake
  BYPRODUCTS ${HF_GIT_REVISION_C}
  COMMENT "Looking up the git revision")
list(APPEND HF_CORE_SOURCES ${HF_GIT_REVISION_C})

set(HF_CORE_LIBS PkgConfig::SIMGRID PkgConfig::IGRAPH PkgConfig::LUA PkgConfig::JANSSON
    PkgConfig::YAJL PkgConfig::GSL PkgConfig::CGRAPH PkgConfig::EXPAT ${HDF5_HL_LIBRARIES}
    ${HDF5_C_LIBRARIES} m)
