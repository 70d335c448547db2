// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for plan_compute (src/plan.c) over a fake /proc/sys tree. */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "diag.h"
#include "plan.h"
#include "procfs.h"
#include "profile.h"
#include "rules.h"
#include "util.h"

static struct catalog cat;
static struct ruleset rules;

static int group_setup(void **state)
{
	(void)state;
	tu_load_catalog(&cat);
	tu_load_rules(&rules, &cat);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	rules_free(&rules);
	catalog_free(&cat);
	procfs_set_root(NULL);
	return 0;
}

struct fx {
	char *root;
	struct sysview sv;
	struct profile_set ps;
	struct profile p;
	struct plan pl;
	bool have_plan;
};

static int fx_setup(void **state)
{
	struct fx *x = xcalloc(1, sizeof(*x));

	x->root = tu_tmpdir();
	procfs_set_root(x->root);
	procfs_sysview(&x->sv);
	assert_int_equal(kver_parse("6.1", &x->sv.kernel), 0);
	x->sv.child_netns = false;
	x->sv.hz = 250;
	profile_set_init(&x->ps, &cat, NULL, "/nonexistent");
	*state = x;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *x = *state;

	if (x->have_plan)
		plan_free(&x->pl);
	free(x->p.settings);
	profile_set_free(&x->ps);
	procfs_set_root(NULL);
	tu_rmtree(x->root);
	free(x->root);
	free(x);
	return 0;
}

/* Parse a profile's settings block (indented two spaces) into x->p. */
static void fx_profile(struct fx *x, const char *settings)
{
	struct diags dg = { 0 };
	char *y = xasprintf("name: t\ndescription: test\nsettings:\n%s", settings);
	int r;

	free(x->p.settings);
	r = profile_parse(&x->ps, "t.yaml", y, strlen(y), &dg, &x->p);
	if (r || diags_count(&dg, SEV_ERROR))
		tu_dump(&dg);
	assert_int_equal(r, 0);
	diags_free(&dg);
	free(y);
}

static void fx_plan(struct fx *x, bool with_rules)
{
	if (x->have_plan)
		plan_free(&x->pl);
	assert_int_equal(plan_compute(&x->p, &cat, with_rules ? &rules : NULL, &x->sv, &x->pl), 0);
	x->have_plan = true;
	assert_int_equal(x->pl.n, x->p.n);
}

static const struct plan_item *item(const struct fx *x, const char *key)
{
	size_t i;

	for (i = 0; i < x->pl.n; i++)
		if (strcmp(x->pl.items[i].s->key, key) == 0)
			return &x->pl.items[i];
	fprintf(stderr, "no plan item for %s\n", key);
	fail();
	return NULL;
}

static void sysctl(const struct fx *x, const char *key, const char *value)
{
	tu_sysctl(x->root, key, value, 0644);
}

static void assert_contains(const char *s, const char *part)
{
	if (!s || !strstr(s, part)) {
		fprintf(stderr, "\"%s\" does not contain \"%s\"\n", s ? s : "(null)", part);
		fail();
	}
}

/* ------------------------------------------------------------------------ */

static void test_value_equal_keep(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	sysctl(x, "net.core.somaxconn", "4096");
	fx_profile(x, "  net.core.somaxconn:\n    value: 4096\n    why: w\n");
	fx_plan(x, false);
	it = item(x, "net.core.somaxconn");
	assert_int_equal(it->action, ACT_KEEP);
	assert_string_equal(it->current, "4096");
	assert_string_equal(it->desired, "4096");
	assert_string_equal(it->want, "4096");
	assert_ptr_equal(it->k, catalog_find(&cat, "net.core.somaxconn"));
	assert_ptr_equal(it->s, &x->p.settings[0]);
	assert_non_null(it->reason);
	assert_string_equal(plan_action_name(it->action), "keep");
}

static void test_value_different_change(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	sysctl(x, "net.core.somaxconn", "128");
	sysctl(x, "net.ipv4.ip_local_port_range", "32768\t60999");
	fx_profile(x,
		   "  net.core.somaxconn:\n    value: 4096\n    why: w\n"
		   "  net.ipv4.ip_local_port_range:\n    value: \"10000 65535\"\n    why: w\n");
	fx_plan(x, false);
	it = item(x, "net.core.somaxconn");
	assert_int_equal(it->action, ACT_CHANGE);
	assert_string_equal(it->current, "128");
	assert_string_equal(it->desired, "4096");
	assert_string_equal(plan_action_name(it->action), "change");

	it = item(x, "net.ipv4.ip_local_port_range");
	assert_int_equal(it->action, ACT_CHANGE);
	assert_string_equal(it->current, "32768\t60999");
	assert_string_equal(it->desired, "10000\t65535");
	assert_string_equal(it->want, "10000 65535");
	assert_int_equal(plan_count(&x->pl, ACT_CHANGE), 2);
	assert_int_equal(plan_count(&x->pl, ACT_KEEP), 0);
}

static void test_value_canonical_forms(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	/* a current vector written with spaces equals the desired one */
	sysctl(x, "net.ipv4.ip_local_port_range", "10000   65535");
	/* hex in the profile, decimal in the kernel */
	sysctl(x, "net.core.somaxconn", "4096");
	fx_profile(x,
		   "  net.ipv4.ip_local_port_range:\n    value: \"10000 65535\"\n    why: w\n"
		   "  net.core.somaxconn:\n    value: \"0x1000\"\n    why: w\n");
	fx_plan(x, false);
	it = item(x, "net.ipv4.ip_local_port_range");
	assert_int_equal(it->action, ACT_KEEP);
	assert_string_equal(it->current, "10000\t65535");
	assert_string_equal(it->desired, "10000\t65535");
	it = item(x, "net.core.somaxconn");
	assert_int_equal(it->action, ACT_KEEP);
	assert_string_equal(it->desired, "4096");
	assert_int_equal(plan_count(&x->pl, ACT_KEEP), 2);
}

static void test_string_value(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	sysctl(x, "net.ipv4.tcp_congestion_control", "cubic");
	fx_profile(x, "  net.ipv4.tcp_congestion_control:\n    value: bbr\n    why: w\n");
	fx_plan(x, false);
	it = item(x, "net.ipv4.tcp_congestion_control");
	assert_int_equal(it->action, ACT_CHANGE);
	assert_string_equal(it->current, "cubic");
	assert_string_equal(it->desired, "bbr");

	sysctl(x, "net.ipv4.tcp_congestion_control", "bbr");
	fx_plan(x, false);
	assert_int_equal(item(x, "net.ipv4.tcp_congestion_control")->action, ACT_KEEP);
}

static void test_at_least(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	/* satisfied: keep the current value */
	sysctl(x, "net.core.somaxconn", "65535");
	fx_profile(x, "  net.core.somaxconn:\n    at_least: 4096\n    why: w\n");
	fx_plan(x, false);
	it = item(x, "net.core.somaxconn");
	assert_int_equal(it->action, ACT_KEEP);
	assert_string_equal(it->current, "65535");
	assert_string_equal(it->desired, "65535");
	assert_string_equal(it->want, ">= 4096");
	assert_contains(it->reason, ">= 4096");

	/* exactly the bound: keep */
	sysctl(x, "net.core.somaxconn", "4096");
	fx_plan(x, false);
	it = item(x, "net.core.somaxconn");
	assert_int_equal(it->action, ACT_KEEP);
	assert_string_equal(it->desired, "4096");

	/* not satisfied: change to the bound */
	sysctl(x, "net.core.somaxconn", "128");
	fx_plan(x, false);
	it = item(x, "net.core.somaxconn");
	assert_int_equal(it->action, ACT_CHANGE);
	assert_string_equal(it->current, "128");
	assert_string_equal(it->desired, "4096");
	assert_string_equal(it->want, ">= 4096");
	assert_contains(it->reason, ">= 4096");
}

static void test_at_most(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	sysctl(x, "net.ipv4.tcp_fin_timeout", "60");
	fx_profile(x, "  net.ipv4.tcp_fin_timeout:\n    at_most: 30\n    why: w\n");
	fx_plan(x, false);
	it = item(x, "net.ipv4.tcp_fin_timeout");
	assert_int_equal(it->action, ACT_CHANGE);
	assert_string_equal(it->current, "60");
	assert_string_equal(it->desired, "30");
	assert_string_equal(it->want, "<= 30");

	sysctl(x, "net.ipv4.tcp_fin_timeout", "15");
	fx_plan(x, false);
	it = item(x, "net.ipv4.tcp_fin_timeout");
	assert_int_equal(it->action, ACT_KEEP);
	assert_string_equal(it->desired, "15");
}

static void test_at_least_and_at_most(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	sysctl(x, "net.core.somaxconn", "65535");
	fx_profile(x, "  net.core.somaxconn:\n    at_least: 1024\n    at_most: 8192\n    why: w\n");
	fx_plan(x, false);
	it = item(x, "net.core.somaxconn");
	assert_int_equal(it->action, ACT_CHANGE);
	assert_string_equal(it->desired, "8192");
	assert_string_equal(it->want, ">= 1024, <= 8192");

	sysctl(x, "net.core.somaxconn", "128");
	fx_plan(x, false);
	assert_string_equal(item(x, "net.core.somaxconn")->desired, "1024");

	sysctl(x, "net.core.somaxconn", "2048");
	fx_plan(x, false);
	assert_int_equal(item(x, "net.core.somaxconn")->action, ACT_KEEP);
}

static void test_vector_at_least_field_by_field(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	fx_profile(x, "  net.ipv4.tcp_rmem:\n    at_least: \"4096 131072 16777216\"\n    why: w\n");

	/* every field satisfies its bound */
	sysctl(x, "net.ipv4.tcp_rmem", "4096\t131072\t33554432");
	fx_plan(x, false);
	it = item(x, "net.ipv4.tcp_rmem");
	assert_int_equal(it->action, ACT_KEEP);
	assert_string_equal(it->desired, "4096\t131072\t33554432");
	assert_string_equal(it->want, ">= 4096 131072 16777216");

	/* field 1 below its bound: only field 1 is raised, fields 0 and 2 kept */
	sysctl(x, "net.ipv4.tcp_rmem", "8192\t87380\t33554432");
	fx_plan(x, false);
	it = item(x, "net.ipv4.tcp_rmem");
	assert_int_equal(it->action, ACT_CHANGE);
	assert_string_equal(it->current, "8192\t87380\t33554432");
	assert_string_equal(it->desired, "8192\t131072\t33554432");

	/* fields 1 and 2 below */
	sysctl(x, "net.ipv4.tcp_rmem", "4096 87380 6291456");
	fx_plan(x, false);
	it = item(x, "net.ipv4.tcp_rmem");
	assert_int_equal(it->action, ACT_CHANGE);
	assert_string_equal(it->current, "4096\t87380\t6291456");
	assert_string_equal(it->desired, "4096\t131072\t16777216");
}

static void test_vector_at_most_field_by_field(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	sysctl(x, "net.ipv4.ip_local_port_range", "1024\t65535");
	fx_profile(x, "  net.ipv4.ip_local_port_range:\n    at_least: \"10000 30000\"\n    at_most: \"20000 60999\"\n    why: w\n");
	fx_plan(x, false);
	it = item(x, "net.ipv4.ip_local_port_range");
	assert_int_equal(it->action, ACT_CHANGE);
	assert_string_equal(it->desired, "10000\t60999");
}

static void test_missing_file_skip(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	sysctl(x, "net.core.somaxconn", "4096");
	fx_profile(x,
		   "  net.core.somaxconn:\n    value: 4096\n    why: w\n"
		   "  net.ipv4.tcp_slow_start_after_idle:\n    value: 0\n    why: w\n");
	fx_plan(x, false);
	it = item(x, "net.ipv4.tcp_slow_start_after_idle");
	assert_int_equal(it->action, ACT_SKIP);
	assert_string_equal(it->reason, "absent on this kernel");
	assert_null(it->current);
	assert_null(it->desired);
	assert_string_equal(plan_action_name(it->action), "skip");
	assert_int_equal(plan_count(&x->pl, ACT_SKIP), 1);
	assert_int_equal(plan_count(&x->pl, ACT_KEEP), 1);
	assert_int_equal(plan_count(&x->pl, ACT_CHANGE), 0);
}

static void test_removed_knob_skip(void **state)
{
	struct fx *x = *state;
	const struct knob *k = catalog_find(&cat, "net.ipv4.tcp_dma_copybreak");
	struct setting s = {
		.key = "net.ipv4.tcp_dma_copybreak", .knob = k, .value = "4096", .why = "w",
		.profile = "t", .file = "t.yaml", .line = 4, .col = 3,
	};
	struct profile p = { .name = "t", .description = "d", .ctx_nat = -1, .ctx_fwd = -1 };
	struct plan pl;

	/* profiles refuse removed knobs, so this one is built by hand */
	assert_non_null(k);
	assert_non_null(k->removed);
	p.settings = &s;
	p.n = p.cap = 1;
	assert_int_equal(plan_compute(&p, &cat, &rules, &x->sv, &pl), 0);
	assert_int_equal(pl.n, 1);
	assert_int_equal(pl.items[0].action, ACT_SKIP);
	assert_string_equal(pl.items[0].reason, "removed in Linux 3.13; this kernel is 6.1");
	plan_free(&pl);

	/* on a kernel before the removal it is just absent */
	assert_int_equal(kver_parse("3.10", &x->sv.kernel), 0);
	assert_int_equal(plan_compute(&p, &cat, &rules, &x->sv, &pl), 0);
	assert_int_equal(pl.items[0].action, ACT_SKIP);
	assert_string_equal(pl.items[0].reason, "absent on this kernel");
	plan_free(&pl);
}

static void test_added_knob_skip(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	assert_int_equal(kver_parse("4.9", &x->sv.kernel), 0);
	fx_profile(x, "  net.ipv4.ip_unprivileged_port_start:\n    value: 1024\n    why: w\n");
	fx_plan(x, false);
	it = item(x, "net.ipv4.ip_unprivileged_port_start");
	assert_int_equal(it->action, ACT_SKIP);
	assert_string_equal(it->reason, "added in Linux 4.11; this kernel is 4.9");

	/* the sysview says the same */
	{
		char *r = sysview_absent_reason(&x->sv, catalog_find(&cat, "net.ipv4.ip_unprivileged_port_start"),
						"net.ipv4.ip_unprivileged_port_start");

		assert_string_equal(r, "added in Linux 4.11; this kernel is 4.9");
		free(r);
	}
}

static void test_module_knob_skip(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	sysctl(x, "net.core.somaxconn", "4096");
	fx_profile(x, "  net.netfilter.nf_conntrack_max:\n    at_least: 262144\n    why: w\n");
	fx_plan(x, false);
	it = item(x, "net.netfilter.nf_conntrack_max");
	assert_int_equal(it->action, ACT_SKIP);
	assert_contains(it->reason, "module nf_conntrack is not loaded");

	/* module loaded: planned normally */
	sysctl(x, "net.netfilter.nf_conntrack_max", "65536");
	fx_plan(x, false);
	it = item(x, "net.netfilter.nf_conntrack_max");
	assert_int_equal(it->action, ACT_CHANGE);
	assert_string_equal(it->current, "65536");
	assert_string_equal(it->desired, "262144");
}

static void test_global_knob_absent_in_child_netns(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	x->sv.child_netns = true;
	fx_profile(x, "  net.core.netdev_max_backlog:\n    at_least: 4096\n    why: w\n");
	fx_plan(x, false);
	it = item(x, "net.core.netdev_max_backlog");
	assert_int_equal(it->action, ACT_SKIP);
	assert_contains(it->reason, "network namespace");

	/* on the host the same absence is just absence */
	x->sv.child_netns = false;
	fx_plan(x, false);
	it = item(x, "net.core.netdev_max_backlog");
	assert_int_equal(it->action, ACT_SKIP);
	assert_string_equal(it->reason, "absent on this kernel");
}

static void test_readonly_in_child_netns(void **state)
{
	struct fx *x = *state;
	const struct plan_item *it;

	x->sv.child_netns = true;
	tu_sysctl(x->root, "net.core.rmem_max", "212992", 0444);
	fx_profile(x, "  net.core.rmem_max:\n    at_least: 4194304\n    why: w\n");
	fx_plan(x, false);
	it = item(x, "net.core.rmem_max");
	assert_int_equal(it->action, ACT_SKIP);
	assert_contains(it->reason, "read-only");
	assert_contains(it->reason, "network namespace");
	assert_string_equal(it->current, "212992");
	assert_null(it->desired);

	/* read-only on the host: a different reason */
	x->sv.child_netns = false;
	fx_plan(x, false);
	it = item(x, "net.core.rmem_max");
	assert_int_equal(it->action, ACT_SKIP);
	assert_contains(it->reason, "read-only");
	assert_null(strstr(it->reason, "namespace"));
}

static void test_plan_count(void **state)
{
	struct fx *x = *state;

	sysctl(x, "net.core.somaxconn", "4096");
	sysctl(x, "net.ipv4.tcp_fin_timeout", "60");
	sysctl(x, "net.ipv4.tcp_syncookies", "1");
	sysctl(x, "net.ipv4.ip_local_port_range", "32768\t60999");
	fx_profile(x,
		   "  net.core.somaxconn:\n    at_least: 4096\n    why: w\n"
		   "  net.ipv4.tcp_fin_timeout:\n    value: 30\n    why: w\n"
		   "  net.ipv4.tcp_syncookies:\n    value: 1\n    why: w\n"
		   "  net.ipv4.ip_local_port_range:\n    value: \"10000 65535\"\n    why: w\n"
		   "  net.ipv4.tcp_slow_start_after_idle:\n    value: 0\n    why: w\n");
	fx_plan(x, false);
	assert_int_equal(x->pl.n, 5);
	assert_int_equal(plan_count(&x->pl, ACT_KEEP), 2);
	assert_int_equal(plan_count(&x->pl, ACT_CHANGE), 2);
	assert_int_equal(plan_count(&x->pl, ACT_SKIP), 1);
	/* items follow the profile's order */
	assert_string_equal(x->pl.items[0].s->key, "net.core.somaxconn");
	assert_string_equal(x->pl.items[4].s->key, "net.ipv4.tcp_slow_start_after_idle");
	/* no rules: no findings */
	assert_int_equal(x->pl.findings.n, 0);
}

static void test_empty_profile(void **state)
{
	struct fx *x = *state;

	fx_profile(x, "");
	fx_plan(x, true);
	assert_int_equal(x->pl.n, 0);
	assert_int_equal(plan_count(&x->pl, ACT_CHANGE), 0);
	assert_int_equal(x->pl.findings.n, 0);
}

static const struct diag *finding(const struct plan *pl, const char *id)
{
	size_t i;

	for (i = 0; i < pl->findings.n; i++)
		if (pl->findings.v[i].id && strcmp(pl->findings.v[i].id, id) == 0)
			return &pl->findings.v[i];
	return NULL;
}

static void test_findings_tt406(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	sysctl(x, "net.ipv4.tcp_tw_reuse", "2");
	sysctl(x, "net.ipv4.tcp_timestamps", "0");
	fx_profile(x, "  net.ipv4.tcp_tw_reuse:\n    value: 1\n    why: w\n");
	fx_plan(x, true);
	assert_int_equal(item(x, "net.ipv4.tcp_tw_reuse")->action, ACT_CHANGE);
	d = finding(&x->pl, "TT406");
	if (!d)
		tu_dump(&x->pl.findings);
	assert_non_null(d);
	assert_string_equal(d->key, "net.ipv4.tcp_tw_reuse");
	assert_int_equal(d->sev, SEV_WARNING);
	assert_string_equal(d->file, "t.yaml");
	assert_int_equal(d->line, 4);
	assert_int_equal(d->col, 3);
	assert_contains(d->msg, "tcp_tw_reuse=1 does nothing while tcp_timestamps is 0");
	/* TT507 is about timestamps, which the profile does not set */
	assert_null(finding(&x->pl, "TT507"));
	assert_int_equal(x->pl.findings.n, 1);

	/* the same profile with timestamps on: nothing */
	sysctl(x, "net.ipv4.tcp_timestamps", "1");
	fx_plan(x, true);
	assert_null(finding(&x->pl, "TT406"));
	assert_int_equal(x->pl.findings.n, 0);
}

static void test_findings_use_planned_state(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	/* the profile turns timestamps off while the kernel's tw_reuse is 1 */
	sysctl(x, "net.ipv4.tcp_tw_reuse", "1");
	sysctl(x, "net.ipv4.tcp_timestamps", "1");
	fx_profile(x,
		   "  net.ipv4.tcp_timestamps:\n    value: 0\n    why: w\n"
		   "  net.ipv4.tcp_tw_reuse:\n    at_least: 1\n    why: w\n");
	fx_plan(x, true);
	assert_int_equal(item(x, "net.ipv4.tcp_tw_reuse")->action, ACT_KEEP);
	d = finding(&x->pl, "TT406");
	assert_non_null(d);
	assert_string_equal(d->key, "net.ipv4.tcp_tw_reuse");
	assert_int_equal(d->line, 7);
	d = finding(&x->pl, "TT507");
	assert_non_null(d);
	assert_string_equal(d->key, "net.ipv4.tcp_timestamps");
	assert_int_equal(d->line, 4);
}

static void test_findings_skipped_key_not_set(void **state)
{
	struct fx *x = *state;

	/* tcp_tw_reuse absent on this fake kernel: skipped, so it sets nothing */
	sysctl(x, "net.ipv4.tcp_timestamps", "0");
	fx_profile(x, "  net.ipv4.tcp_tw_reuse:\n    value: 1\n    why: w\n");
	fx_plan(x, true);
	assert_int_equal(item(x, "net.ipv4.tcp_tw_reuse")->action, ACT_SKIP);
	assert_null(finding(&x->pl, "TT406"));
}

static void test_findings_port_range(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	sysctl(x, "net.ipv4.ip_local_port_range", "32768\t60999");
	sysctl(x, "net.ipv4.ip_unprivileged_port_start", "1024");
	fx_profile(x, "  net.ipv4.ip_local_port_range:\n    value: \"1000 65535\"\n    why: w\n");
	fx_plan(x, true);
	d = finding(&x->pl, "TT403");
	assert_non_null(d);
	assert_string_equal(d->key, "net.ipv4.ip_local_port_range");
	assert_int_equal(d->sev, SEV_ERROR);

	/* the web-frontend range: no finding */
	fx_profile(x, "  net.ipv4.ip_local_port_range:\n    value: \"10000 65535\"\n    why: w\n");
	fx_plan(x, true);
	assert_int_equal(x->pl.findings.n, 0);
}

static void test_builtin_profiles_plan(void **state)
{
	struct fx *x = *state;
	struct diags dg = { 0 };
	struct profile p;
	size_t i;

	/* a fake kernel at the defaults the web-frontend profile talks about */
	sysctl(x, "net.core.somaxconn", "4096");
	sysctl(x, "net.ipv4.tcp_syncookies", "1");
	sysctl(x, "net.ipv4.tcp_timestamps", "1");
	sysctl(x, "net.ipv4.tcp_tw_reuse", "2");
	sysctl(x, "net.ipv4.ip_local_port_range", "32768\t60999");
	sysctl(x, "net.ipv4.tcp_slow_start_after_idle", "1");
	sysctl(x, "net.ipv4.ip_unprivileged_port_start", "1024");
	assert_int_equal(profile_resolve(&x->ps, "web-frontend", &dg, &p), 0);
	assert_int_equal(plan_compute(&p, &cat, &rules, &x->sv, &x->pl), 0);
	x->have_plan = true;
	assert_int_equal(plan_count(&x->pl, ACT_SKIP), 0);
	assert_int_equal(item(x, "net.core.somaxconn")->action, ACT_KEEP);
	assert_int_equal(item(x, "net.ipv4.tcp_syncookies")->action, ACT_KEEP);
	assert_int_equal(item(x, "net.ipv4.tcp_timestamps")->action, ACT_KEEP);
	assert_int_equal(item(x, "net.ipv4.tcp_tw_reuse")->action, ACT_CHANGE);
	assert_string_equal(item(x, "net.ipv4.tcp_tw_reuse")->desired, "1");
	assert_int_equal(item(x, "net.ipv4.ip_local_port_range")->action, ACT_CHANGE);
	assert_string_equal(item(x, "net.ipv4.ip_local_port_range")->desired, "10000\t65535");
	assert_int_equal(item(x, "net.ipv4.tcp_slow_start_after_idle")->action, ACT_CHANGE);
	for (i = 0; i < x->pl.n; i++)
		assert_non_null(x->pl.items[i].desired);
	if (x->pl.findings.n)
		tu_dump(&x->pl.findings);
	assert_int_equal(x->pl.findings.n, 0);
	plan_free(&x->pl);
	x->have_plan = false;
	free(p.settings);
	diags_free(&dg);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_value_equal_keep),
		T(test_value_different_change),
		T(test_value_canonical_forms),
		T(test_string_value),
		T(test_at_least),
		T(test_at_most),
		T(test_at_least_and_at_most),
		T(test_vector_at_least_field_by_field),
		T(test_vector_at_most_field_by_field),
		T(test_missing_file_skip),
		T(test_removed_knob_skip),
		T(test_added_knob_skip),
		T(test_module_knob_skip),
		T(test_global_knob_absent_in_child_netns),
		T(test_readonly_in_child_netns),
		T(test_plan_count),
		T(test_empty_profile),
		T(test_findings_tt406),
		T(test_findings_use_planned_state),
		T(test_findings_skipped_key_not_set),
		T(test_findings_port_range),
		T(test_builtin_profiles_plan),
	};
#undef T

	return cmocka_run_group_tests(tests, group_setup, group_teardown) != 0;
}
