// SPDX-License-Identifier: GPL-2.0-or-later
#include "plan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>


static const char *const action_names[] = {
	[ACT_CHANGE] = "change", [ACT_KEEP] = "keep", [ACT_SKIP] = "skip",
};

const char *plan_action_name(enum plan_action a)
{
	return action_names[a];
}

char *sysview_absent_reason(const struct sysview *sv, const struct knob *k, const char *key)
{
	struct kver v;

	if (k && k->removed && sv->kernel.known && !kver_parse(k->removed, &v) && kver_cmp(&sv->kernel, &v) >= 0)
		return xasprintf("removed in Linux %s; this kernel is %d.%d", k->removed,
				 sv->kernel.major, sv->kernel.minor);
	if (k && k->obsolete)
		return xstrdup("obsolete: this key does not exist on current kernels");
	if (k && k->added && sv->kernel.known && !kver_parse(k->added, &v) && kver_cmp(&sv->kernel, &v) < 0)
		return xasprintf("added in Linux %s; this kernel is %d.%d", k->added,
				 sv->kernel.major, sv->kernel.minor);
	if (k && k->module) {
		/* the module's directory ("net.netfilter") holds the key */
		char *dir = xstrdup(key), *dot = strrchr(dir, '.');
		bool present;

		if (dot)
			*dot = '\0';
		present = sv->dir_exists(sv->ctx, dir);
		free(dir);
		if (!present)
			return xasprintf("module %s is not loaded (modprobe %s)", k->module, k->module);
	}
	if (k && k->netns == NETNS_ABSENT && sv->child_netns)
		return xstrdup("global knob, absent in this network namespace: set it on the host");
	if (k && k->pattern)
		return xstrdup("absent here: the interface does not exist in this network namespace");
	return xstrdup("absent on this kernel");
}

/* Parse a text for the knob; false (and v untouched) when it does not parse. */
static bool parse_for(const struct knob *k, const char *text, int hz, struct value *v)
{
	if (knob_parse(k, text, hz, v, NULL, NULL, 0) == VS_OK)
		return true;
	value_free(v);
	return false;
}

static void plan_item_decide(struct plan_item *it, const struct sysview *sv)
{
	const struct setting *s = it->s;
	const struct knob *k = it->k;
	struct value cur, lo, hi, want;
	bool have_cur, have_lo = false, have_hi = false;
	char *raw = NULL;
	mode_t mode = 0;
	int r, i;

	memset(&cur, 0, sizeof(cur));
	memset(&want, 0, sizeof(want));
	memset(&lo, 0, sizeof(lo));
	memset(&hi, 0, sizeof(hi));
	r = sv->mode(sv->ctx, s->key, &mode);
	if (r == 0)
		r = sv->read(sv->ctx, s->key, &raw);
	if (r == -ENOENT) {
		it->action = ACT_SKIP;
		it->reason = sysview_absent_reason(sv, k, s->key);
		goto out;
	}
	if (r) {
		it->action = ACT_SKIP;
		it->reason = xasprintf("cannot read it: %s", strerror(-r));
		goto out;
	}
	have_cur = parse_for(k, raw, sv->hz, &cur);
	it->current = have_cur ? value_canonical(&cur) : xstrdup(raw);
	if (!(mode & 0222)) {
		it->action = ACT_SKIP;
		if (sv->child_netns && k->netns == NETNS_READONLY)
			it->reason = xstrdup("global knob, read-only in this network namespace: set it on the host");
		else
			it->reason = xstrdup("read-only on this kernel");
		goto out;
	}
	if (s->value) {
		parse_for(k, s->value, sv->hz, &want);
		it->want = value_conf_form(&want);
		it->desired = value_canonical(&want);
		if (have_cur && value_equal(&cur, &want)) {
			it->action = ACT_KEEP;
			it->reason = xstrdup("already set");
		} else {
			it->action = ACT_CHANGE;
			it->reason = xstrdup(have_cur ? "differs from the desired value" : "current value is unreadable");
		}
		goto out;
	}
	have_lo = s->at_least && parse_for(k, s->at_least, sv->hz, &lo);
	have_hi = s->at_most && parse_for(k, s->at_most, sv->hz, &hi);
	if (have_lo && have_hi)
		it->want = xasprintf(">= %s, <= %s", s->at_least, s->at_most);
	else
		it->want = xasprintf("%s %s", have_lo ? ">=" : "<=", have_lo ? s->at_least : s->at_most);
	if (!have_cur) {
		/* nothing to compare with: write the bound itself */
		value_copy(&want, have_lo ? &lo : &hi);
	} else {
		/* field by field: keep what already satisfies the bound */
		value_copy(&want, &cur);
		for (i = 0; i < want.nfields; i++) {
			if (have_lo && i < lo.nfields && want.num[i] < lo.num[i])
				want.num[i] = lo.num[i];
			if (have_hi && i < hi.nfields && want.num[i] > hi.num[i])
				want.num[i] = hi.num[i];
		}
	}
	it->desired = value_canonical(&want);
	if (have_cur && value_equal(&cur, &want)) {
		it->action = ACT_KEEP;
		it->reason = xasprintf("already %s", it->want);
	} else {
		it->action = ACT_CHANGE;
		it->reason = xasprintf(have_cur ? "outside the bound %s" : "current value is unreadable; %s",
				       it->want);
	}
out:
	free(raw);
	value_free(&cur);
	value_free(&want);
	value_free(&lo);
	value_free(&hi);
}

/* Rule environment: the state after the plan, over the running kernel. */
struct plan_env {
	const struct plan *pl;
	const struct profile *p;
	const struct catalog *cat;
	const struct sysview *sv;
};

static const struct plan_item *item_for(const struct plan *pl, const char *key)
{
	size_t i;

	for (i = 0; i < pl->n; i++)
		if (strcmp(pl->items[i].s->key, key) == 0)
			return &pl->items[i];
	return NULL;
}

static bool env_get(void *ctx, const char *key, struct value *out)
{
	struct plan_env *e = ctx;
	const struct plan_item *it = item_for(e->pl, key);
	const struct knob *k = catalog_find(e->cat, key);
	char *raw = NULL;
	bool ok;

	if (!k)
		return false;
	if (it && it->desired)
		return parse_for(k, it->desired, e->sv->hz, out);
	if (e->sv->read(e->sv->ctx, key, &raw))
		return false;
	ok = parse_for(k, raw, e->sv->hz, out);
	free(raw);
	return ok;
}

static bool env_is_set(void *ctx, const char *key)
{
	struct plan_env *e = ctx;
	const struct plan_item *it = item_for(e->pl, key);

	return it && it->action != ACT_SKIP;
}

static int env_context(void *ctx, const char *name)
{
	struct plan_env *e = ctx;

	if (strcmp(name, "clients_behind_nat") == 0)
		return e->p->ctx_nat;
	if (strcmp(name, "forwards_traffic") == 0)
		return e->p->ctx_fwd;
	return -1;
}

static void emit_finding(void *arg, const struct rule *r, const char *at_key, const char *message)
{
	struct plan_env *e = arg;
	struct plan *pl = (struct plan *)e->pl;
	const struct plan_item *it = item_for(pl, at_key);
	struct diag *dg;

	dg = diag_add(&pl->findings, r->sev, it ? it->s->file : NULL, it ? it->s->line : 0,
		      it ? it->s->col : 0, "%s", message);
	diag_set_id(dg, r->id, at_key);
}

int plan_compute(const struct profile *p, const struct catalog *cat, const struct ruleset *rs,
		 const struct sysview *sv, struct plan *out)
{
	struct plan_env e = { .pl = out, .p = p, .cat = cat, .sv = sv };
	struct rule_env env = {
		.ctx = &e, .get = env_get, .is_set = env_is_set, .context = env_context,
		.kernel = sv->kernel, .catalog = cat,
	};
	size_t i;

	memset(out, 0, sizeof(*out));
	out->items = xcalloc(p->n, sizeof(*out->items));
	for (i = 0; i < p->n; i++) {
		struct plan_item *it = &out->items[out->n++];

		it->s = &p->settings[i];
		it->k = p->settings[i].knob;
		plan_item_decide(it, sv);
	}
	if (rs)
		rules_eval(rs, true, &env, emit_finding, &e);
	return 0;
}

size_t plan_count(const struct plan *pl, enum plan_action a)
{
	size_t i, n = 0;

	for (i = 0; i < pl->n; i++)
		n += pl->items[i].action == a;
	return n;
}

void plan_free(struct plan *pl)
{
	size_t i;

	for (i = 0; i < pl->n; i++) {
		free(pl->items[i].current);
		free(pl->items[i].desired);
		free(pl->items[i].want);
		free(pl->items[i].reason);
	}
	free(pl->items);
	diags_free(&pl->findings);
	memset(pl, 0, sizeof(*pl));
}
