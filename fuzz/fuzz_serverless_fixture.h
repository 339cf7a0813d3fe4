/* fuzz_serverless_fixture.h: the fixed platform and workflow the serverless targets convert their
 * inputs against (those of tests/bad/serverless.lua: CPU nodes reg, c and d, node g with a GPU, on
 * sites s and t; a function with an image; a task with CPU and GPU variants, one CPU-only), built
 * once per process from Lua tables, and the contract every converted configuration must meet. */
#include <math.h>
#include <stdlib.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "fuzz_common.h"
#include "lua/hf_lua.h"

static const char FIXTURE_PLATFORM[] =
    "return { name = 'p', sites = {"
    " { name = 's', wan = { bandwidth = '1GBps', latency = '10ms' }, nodes = { { name = 'reg', "
    "speed = '1Gf' }, { name = 'c', speed = '1Gf' },"
    "   { name = 'g', speed = '1Gf', gpus = { { model = 'test', speed = '1Tf',"
    "     memory = '16GB' } } } } },"
    " { name = 't', wan = { bandwidth = '1GBps', latency = '10ms' }, nodes = { { name = 'd', speed "
    "= '1Gf', cores = 4 } } } } }";
static const char FIXTURE_WORKFLOW[] =
    "return { name = 'w', functions = { { name = 'f', image = 'img', image_size = '1GB',"
    "   init = '1s' } },"
    " tasks = { { name = 'x', fn = 'f', cpu = { flops = '1Gf' }, gpu = { seconds = 1 } },"
    "   { name = 'y', fn = 'f', cpu = { flops = '1Gf' }, after = { 'x' } } } }";

static hf_platform *fixture_p;
static hf_workflow *fixture_wf;

/* Build the fixture on first use; aborts when it cannot (the run would test nothing). */
static void fixture_init(void)
{
    if (fixture_p) return;
    lua_State *L = luaL_newstate();
    hf_ctx *ctx = hf_ctx_new();
    if (!L || !ctx) abort();
    luaL_openlibs(L);
    if (luaL_dostring(L, FIXTURE_PLATFORM) != LUA_OK ||
        hf_platform_from_lua(ctx, L, -1, &fixture_p) != HF_OK)
        hf_fuzz_fail("fixture platform", hf_ctx_errmsg(ctx));
    if (luaL_dostring(L, FIXTURE_WORKFLOW) != LUA_OK ||
        hf_workflow_from_lua(ctx, L, -1, &fixture_wf) != HF_OK)
        hf_fuzz_fail("fixture workflow", hf_ctx_errmsg(ctx));
    hf_ctx_free(ctx);
    lua_close(L); /* the models own copies of their names */
}

static int is_cpu_node(const hf_platform *p, int r)
{
    return r >= 0 && (size_t)r < p->nres && p->res[r].kind == HF_RES_CPU;
}

/* The contract of hf_serverless_from_lua and hf_serverless_load_trace (hf_serverless.h): the
 * events are in time order, finite, in hetflow's time range and on CPU nodes; endpoints have a
 * unique name, >= 1 node, nodes that are CPU nodes and in one endpoint only, counts >= 1 and
 * finite times >= 0; registry and monolith node are -1 or CPU nodes; pull rates finite > 0. */
static void fixture_check(const hf_serverless *s, const hf_platform *p)
{
    for (size_t i = 0; i < s->nevents; i++) {
        const hf_avail_event *e = &s->events[i];
        if (!(e->time >= 0) || !(e->time <= hf_units_max(HF_UNIT_TIME)))
            hf_fuzz_fail("event time out of range", NULL);
        if (i > 0 && e->time < s->events[i - 1].time) hf_fuzz_fail("events out of order", NULL);
        if (!is_cpu_node(p, e->node) || (e->join != 0 && e->join != 1))
            hf_fuzz_fail("event on no CPU node, or neither join nor leave", NULL);
    }
    if ((int)s->mode < HF_MODE_DIRECT || s->mode > HF_MODE_DECOMPOSED_HHA)
        hf_fuzz_fail("unknown mode", NULL);
    if (s->client_site < 0 || (size_t)s->client_site >= p->nsites)
        hf_fuzz_fail("client site out of range", NULL);
    if (s->registry != -1 && !is_cpu_node(p, s->registry))
        hf_fuzz_fail("registry is not a CPU node", NULL);
    if (s->monolith_node != -1 && !is_cpu_node(p, s->monolith_node))
        hf_fuzz_fail("monolith node is not a CPU node", NULL);
    const hf_pull_model *m = &s->pull;
    if (!(m->registry_bandwidth > 0) || !isfinite(m->registry_bandwidth) || !(m->unpack_rate > 0) ||
        !isfinite(m->unpack_rate))
        hf_fuzz_fail("pull rates not finite and > 0", NULL);
    for (size_t e = 0; e < s->neps; e++) {
        const hf_endpoint *ep = &s->eps[e];
        if (!ep->name || !ep->name[0] || ep->nnodes < 1 || ep->max_containers < 1 ||
            ep->concurrency < 1 || !(ep->overhead >= 0) || !isfinite(ep->overhead) ||
            !(ep->keep_alive >= 0) || !isfinite(ep->keep_alive))
            hf_fuzz_fail("endpoint out of its contract", ep->name);
        for (size_t o = 0; o < e; o++)
            if (strcmp(s->eps[o].name, ep->name) == 0) hf_fuzz_fail("endpoint twice", ep->name);
        for (int k = 0; k < ep->nnodes; k++) {
            if (!is_cpu_node(p, ep->nodes[k])) hf_fuzz_fail("endpoint node not a CPU node", NULL);
            for (size_t o = 0; o <= e; o++)
                for (int j = 0; j < (o == e ? k : s->eps[o].nnodes); j++)
                    if (s->eps[o].nodes[j] == ep->nodes[k])
                        hf_fuzz_fail("a node in two endpoints or twice", ep->name);
        }
    }
}
