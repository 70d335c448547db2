// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for the linter (src/lint.c): every rule of schema/rules.yaml
 * that is evaluated by lint gets an input that triggers it and the closest
 * input that must not, over the built-in catalog and rules.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "conffile.h"
#include "diag.h"
#include "lint.h"
#include "plan.h"
#include "procfs.h"
#include "resolve.h"
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

/* ------------------------------------------------------------------------ */
/* Fixture: options, an optional fake /proc/sys, the lint state.            */
/* ------------------------------------------------------------------------ */

struct fx {
	struct lint_opts o;
	struct lint l;
	bool active;
	char *root;		/* fake /proc/sys, or NULL */
	struct sysview sv;
};

static int fx_setup(void **state)
{
	struct fx *x = xcalloc(1, sizeof(*x));

	x->o.ctx_nat = x->o.ctx_fwd = x->o.ctx_container = -1;
	x->o.hz = 250;
	*state = x;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *x = *state;

	if (x->active)
		lint_free(&x->l);
	if (x->root) {
		procfs_set_root(NULL);
		tu_rmtree(x->root);
		free(x->root);
	}
	free(x);
	return 0;
}

/* Judge for kernel "X.Y"; given: as with --kernel (version notes, TT605). */
static void fx_kernel(struct fx *x, const char *version, bool given)
{
	assert_int_equal(kver_parse(version, &x->o.kernel), 0);
	assert_true(x->o.kernel.known);
	x->o.kernel_given = given;
}

/* Judge the "running machine": a fake /proc/sys tree seen through a sysview. */
static void fx_running(struct fx *x)
{
	x->root = tu_tmpdir();
	procfs_set_root(x->root);
	memset(&x->sv, 0, sizeof(x->sv));
	procfs_sysview(&x->sv);
	x->sv.kernel = x->o.kernel;
	x->sv.hz = 250;
	x->o.running = &x->sv;
}

static void fx_begin(struct fx *x)
{
	assert_false(x->active);
	lint_init(&x->l, &cat, &rules, &x->o);
	x->active = true;
}

/* One file, as cmd_lint's lint_one does it (whatever lint keeps is copied from text). */
static void fx_file(struct fx *x, const char *path, const char *text, unsigned dialects)
{
	struct conf_file cf;

	conf_parse(&cf, path, text, strlen(text), &x->l.out);
	lint_file(&x->l, &cf);
	resolution_add(&x->l.res, &cf, dialects);
	conf_free(&cf);
}

static void fx_finish(struct fx *x)
{
	lint_finish(&x->l);
}

/* Lint one file "test.conf" loaded by both tools. */
static void fx_lint(struct fx *x, const char *text)
{
	fx_begin(x);
	fx_file(x, "test.conf", text, DIALECT_SYSTEMD | DIALECT_PROCPS);
	fx_finish(x);
}

/* ------------------------------------------------------------------------ */
/* Finding assertions                                                        */
/* ------------------------------------------------------------------------ */

#define F_ANY_LINE (-1)

static const struct diag *find_diag(const struct diags *dg, const char *id, const char *file, int line)
{
	size_t i;

	for (i = 0; i < dg->n; i++) {
		const struct diag *d = &dg->v[i];

		if (!d->id || strcmp(d->id, id) != 0)
			continue;
		if (file && (!d->file || strcmp(d->file, file) != 0))
			continue;
		if (line != F_ANY_LINE && d->line != line)
			continue;
		return d;
	}
	return NULL;
}

static size_t count_id(const struct diags *dg, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < dg->n; i++)
		n += dg->v[i].id && strcmp(dg->v[i].id, id) == 0;
	return n;
}

static const struct diag *expect_at(const struct fx *x, const char *id, const char *file, int line,
				    const char *src, int srcline)
{
	const struct diag *d = find_diag(&x->l.out, id, file, line);

	if (!d) {
		fprintf(stderr, "%s:%d: expected %s at %s:%d; findings:\n", src, srcline, id, file ? file : "*",
			line);
		tu_dump(&x->l.out);
		fail();
	}
	return d;
}

static void expect_none(const struct fx *x, const char *id, const char *file, int line, const char *src,
			int srcline)
{
	const struct diag *d = find_diag(&x->l.out, id, file, line);

	if (d) {
		fprintf(stderr, "%s:%d: unexpected %s at %s:%d; findings:\n", src, srcline, id, file ? file : "*",
			line);
		tu_dump(&x->l.out);
		fail();
	}
}

/* "finding ID at line L" (any file) */
#define assert_finding(x, id, line) expect_at((x), (id), NULL, (line), __FILE__, __LINE__)
#define assert_finding_in(x, id, file, line) expect_at((x), (id), (file), (line), __FILE__, __LINE__)
/* no finding ID at line L (F_ANY_LINE: nowhere) */
#define assert_no_finding(x, id, line) expect_none((x), (id), NULL, (line), __FILE__, __LINE__)
#define assert_no_finding_id(x, id) expect_none((x), (id), NULL, F_ANY_LINE, __FILE__, __LINE__)
#define assert_no_finding_in(x, id, file, line) expect_none((x), (id), (file), (line), __FILE__, __LINE__)

static void assert_diag_text(const struct diag *d, const char *text)
{
	if (!strstr(d->msg, text)) {
		fprintf(stderr, "expected \"%s\" in: %s\n", text, d->msg);
		fail();
	}
}

/* ------------------------------------------------------------------------ */
/* Baseline                                                                  */
/* ------------------------------------------------------------------------ */

static void test_clean_file_has_no_findings(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "# a sane file\n"
		   "net.core.somaxconn = 4096\n"
		   "net.ipv4.tcp_syncookies = 1\n"
		   "net.ipv4.tcp_timestamps = 1\n"
		   "net.ipv4.ip_local_port_range = 10000 65535\n");
	if (x->l.out.n)
		tu_dump(&x->l.out);
	assert_int_equal(x->l.out.n, 0);
	assert_int_equal(x->l.files, 1);
	assert_int_equal(x->l.lines, 4);
}

/* Every rule id below is in the built-in set and evaluated by lint. */
static void test_all_lint_rules_exist(void **state)
{
	static const char *const ids[] = {
		"TT101", "TT102", "TT103", "TT104", "TT105", "TT106", "TT107",
		"TT201", "TT202", "TT203", "TT204", "TT205", "TT206", "TT207",
		"TT301", "TT302", "TT303", "TT304", "TT305", "TT306",
		"TT401", "TT402", "TT403", "TT404", "TT405", "TT406", "TT407", "TT408", "TT409",
		"TT501", "TT502", "TT503", "TT504", "TT505", "TT506", "TT507", "TT508",
		"TT601", "TT602", "TT603", "TT604", "TT605",
	};
	size_t i, nlint = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		const struct rule *r = rules_find(&rules, ids[i]);

		if (!r)
			fail_msg("rule %s missing", ids[i]);
		if (!r->in_lint)
			fail_msg("rule %s is not in lint scope", ids[i]);
	}
	/* and no lint rule is left without a test here */
	for (i = 0; i < rules.n; i++)
		nlint += rules.rules[i]->in_lint;
	assert_int_equal(nlint, ARRAY_SIZE(ids));
}

/* ------------------------------------------------------------------------ */
/* 1xx syntax                                                                */
/* ------------------------------------------------------------------------ */

static void test_tt101_no_equals(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.core.somaxconn = 4096\n"
		   "  net.ipv4.tcp_syncookies 1\n");
	d = assert_finding(x, "TT101", 2);
	assert_int_equal(d->sev, SEV_ERROR);
	assert_int_equal(d->col, 3);
	assert_no_finding(x, "TT101", 1);
}

static void test_tt101_invalid_key(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.core.some thing = 1\n"
		   "net.ipv4..tcp_syncookies = 1\n");
	d = assert_finding(x, "TT101", 1);
	assert_int_equal(d->col, 1);
	assert_int_equal(d->sev, SEV_ERROR);
	/* systemd-sysctl simplifies "..": a valid key, oddly spelled (a warning) */
	d = assert_finding(x, "TT101", 2);
	assert_int_equal(d->sev, SEV_WARNING);
	assert_string_equal(d->key, "net.ipv4.tcp_syncookies");
}

static void test_tt101_pass_assignment(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_syncookies = 1\n"
		   "net/ipv4/tcp_timestamps=1\n"
		   "; net.ipv4.tcp_syncookies 1\n");
	assert_no_finding_id(x, "TT101");
}

static void test_tt102_empty_value(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_fin_timeout =\n");
	d = assert_finding(x, "TT102", 1);
	assert_int_equal(d->sev, SEV_WARNING);
	/* the value column: right after '=' */
	assert_int_equal(d->col, (int)strlen("net.ipv4.tcp_fin_timeout =") + 1);
}

static void test_tt102_pass_value(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_fin_timeout = 60\n");
	assert_no_finding_id(x, "TT102");
}

static void test_tt103_duplicate(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.core.somaxconn = 1024\n"
		   "net.ipv4.tcp_syncookies = 1\n"
		   "net.core.somaxconn = 4096\n");
	d = assert_finding(x, "TT103", 3);
	assert_string_equal(d->key, "net.core.somaxconn");
	assert_diag_text(d, "first on line 1");
	assert_no_finding(x, "TT103", 1);
	assert_int_equal(count_id(&x->l.out, "TT103"), 1);
}

/* "/" and "." spellings of one key are the same key */
static void test_tt103_slash_spelling(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net/ipv4/tcp_syncookies = 1\n"
		   "net.ipv4.tcp_syncookies = 1\n");
	assert_finding(x, "TT103", 2);
}

/* rules.yaml TT103: aliases (net.nf_conntrack_max, net.netfilter.nf_conntrack_max) are the same key */
static void test_tt103_alias(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.nf_conntrack_max = 262144\n"
		   "net.netfilter.nf_conntrack_max = 524288\n");
	assert_finding(x, "TT103", 2);
}

static void test_tt103_pass_distinct_or_other_file(void **state)
{
	struct fx *x = *state;

	fx_begin(x);
	fx_file(x, "a.conf", "net.core.somaxconn = 1024\nnet.core.netdev_max_backlog = 1000\n",
		DIALECT_SYSTEMD | DIALECT_PROCPS);
	fx_file(x, "b.conf", "net.core.somaxconn = 4096\n", DIALECT_SYSTEMD | DIALECT_PROCPS);
	fx_finish(x);
	/* another file overriding is TT107, not TT103 */
	assert_no_finding_id(x, "TT103");
}

static void test_tt104_unused_suppression(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "# tcptune: disable=TT302\n"
		   "net.core.somaxconn = 1024\n");
	d = assert_finding(x, "TT104", 1);
	assert_int_equal(d->sev, SEV_NOTE);
	assert_int_equal(d->col, 1);
	assert_diag_text(d, "TT302");
}

static void test_tt104_unknown_id(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.core.somaxconn = 1024\n"
		   "   # tcptune: disable-file=TT999\n");
	d = assert_finding(x, "TT104", 2);
	assert_int_equal(d->col, 4);
	assert_diag_text(d, "not a tcptune rule");
}

/* one id of the list is used, the other is reported */
static void test_tt104_partly_used_list(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "# tcptune: disable=TT302,TT406\n"
		   "net.core.somaxconn = 010\n");
	assert_no_finding_id(x, "TT302");
	d = assert_finding(x, "TT104", 1);
	assert_diag_text(d, "TT406");
	assert_int_equal(count_id(&x->l.out, "TT104"), 1);
}

static void test_tt104_unrecognised_directive(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "# tcptune: enable=TT302\n"
		   "net.core.somaxconn = 1024\n");
	assert_finding(x, "TT104", 1);
}

static void test_tt104_pass_used_suppression(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "# tcptune: disable=TT302\n"
		   "net.core.somaxconn = 010\n");
	assert_no_finding_id(x, "TT302");
	assert_no_finding_id(x, "TT104");
	assert_int_equal(x->l.out.n, 0);
}

/* disable= covers the next assignment only */
static void test_suppress_line_only_next_assignment(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "# tcptune: disable=TT302\n"
		   "\n"
		   "net.core.somaxconn = 010\n"
		   "net.core.netdev_max_backlog = 01000\n");
	assert_no_finding(x, "TT302", 3);
	assert_finding(x, "TT302", 4);
	assert_no_finding_id(x, "TT104");
}

static void test_suppress_file_wide(void **state)
{
	struct fx *x = *state;

	fx_begin(x);
	fx_file(x, "a.conf",
		"net.core.somaxconn = 010\n"
		"# tcptune: disable-file=TT302\n"
		"net.core.netdev_max_backlog = 01000\n",
		DIALECT_SYSTEMD | DIALECT_PROCPS);
	fx_file(x, "b.conf", "net.ipv4.tcp_fin_timeout = 060\n", DIALECT_SYSTEMD | DIALECT_PROCPS);
	fx_finish(x);
	assert_no_finding_in(x, "TT302", "a.conf", F_ANY_LINE);
	/* only in its own file */
	assert_finding_in(x, "TT302", "b.conf", 1);
	assert_no_finding_id(x, "TT104");
}

/* relation rules are evaluated at the end; their findings are suppressible too */
static void test_suppress_relation_rule(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "# tcptune: disable=TT406\n"
		   "net.ipv4.tcp_tw_reuse = 1\n"
		   "net.ipv4.tcp_timestamps = 0\n");
	assert_no_finding_id(x, "TT406");
	assert_no_finding_id(x, "TT104");
	assert_finding(x, "TT507", 3);
}

static void test_suppress_relation_rule_file_wide(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_syncookies = 0\n"
		   "# tcptune: disable-file=TT408\n");
	assert_no_finding_id(x, "TT408");
	assert_no_finding_id(x, "TT104");
}

static void test_tt105_glob_matches_nothing(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_nosuch* = 1\n"
		   "-net.ipv4.nosuch_key\n");
	d = assert_finding(x, "TT105", 1);
	assert_int_equal(d->sev, SEV_NOTE);
	assert_string_equal(d->key, "net.ipv4.tcp_nosuch*");
	d = assert_finding(x, "TT105", 2);
	assert_int_equal(d->col, 2);
	assert_diag_text(d, "exclusion");
}

static void test_tt105_pass_glob_matches(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.conf.*.rp_filter = 1\n"
		   "net.ipv4.tcp_keepalive_* = 60\n"
		   "-net.ipv4.conf.all.rp_filter\n");
	assert_no_finding_id(x, "TT105");
}

static void test_tt106_only_procps(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	x->o.compare_dialects = true;
	fx_begin(x);
	fx_file(x, "etc/sysctl.d/10-a.conf", "net.core.somaxconn = 4096\n", DIALECT_SYSTEMD | DIALECT_PROCPS);
	fx_file(x, "etc/sysctl.conf", "net.ipv4.tcp_fin_timeout = 60\n", DIALECT_PROCPS);
	fx_finish(x);
	d = assert_finding_in(x, "TT106", "etc/sysctl.conf", 1);
	assert_string_equal(d->key, "net.ipv4.tcp_fin_timeout");
	assert_int_equal(d->sev, SEV_WARNING);
	assert_int_equal(count_id(&x->l.out, "TT106"), 1);
}

static void test_tt106_disagree(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	x->o.compare_dialects = true;
	fx_begin(x);
	fx_file(x, "etc/sysctl.d/50-a.conf", "net.core.somaxconn = 1024\n", DIALECT_SYSTEMD);
	fx_file(x, "etc/sysctl.conf", "\nnet.core.somaxconn = 8192\n", DIALECT_PROCPS);
	fx_finish(x);
	d = assert_finding_in(x, "TT106", "etc/sysctl.conf", 2);
	assert_diag_text(d, "1024");
	assert_diag_text(d, "8192");
}

static void test_tt106_pass_same_value(void **state)
{
	struct fx *x = *state;

	x->o.compare_dialects = true;
	fx_begin(x);
	fx_file(x, "etc/sysctl.d/50-a.conf", "net.core.somaxconn = 1024\n", DIALECT_SYSTEMD);
	fx_file(x, "etc/sysctl.conf", "net.core.somaxconn = 0x400\n", DIALECT_PROCPS);
	fx_finish(x);
	assert_no_finding_id(x, "TT106");
}

static void test_tt106_pass_without_compare_dialects(void **state)
{
	struct fx *x = *state;

	fx_begin(x);
	fx_file(x, "etc/sysctl.d/50-a.conf", "net.core.somaxconn = 1024\n", DIALECT_SYSTEMD);
	fx_file(x, "etc/sysctl.conf", "net.core.somaxconn = 8192\nnet.ipv4.tcp_fin_timeout = 60\n",
		DIALECT_PROCPS);
	fx_finish(x);
	assert_no_finding_id(x, "TT106");
}

static void test_tt107_override(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_begin(x);
	fx_file(x, "10-a.conf", "net.ipv4.tcp_fin_timeout = 60\nnet.core.somaxconn = 1024\n",
		DIALECT_SYSTEMD | DIALECT_PROCPS);
	fx_file(x, "20-b.conf", "net.core.somaxconn = 8192\n", DIALECT_SYSTEMD | DIALECT_PROCPS);
	fx_finish(x);
	d = assert_finding_in(x, "TT107", "10-a.conf", 2);
	assert_string_equal(d->key, "net.core.somaxconn");
	assert_int_equal(d->sev, SEV_NOTE);
	assert_diag_text(d, "20-b.conf:1");
	assert_no_finding_in(x, "TT107", "20-b.conf", F_ANY_LINE);
	assert_int_equal(count_id(&x->l.out, "TT107"), 1);
}

/* the winning file setting the key twice does not hide the loser in the earlier file */
static void test_tt107_override_winner_sets_twice(void **state)
{
	struct fx *x = *state;

	fx_begin(x);
	fx_file(x, "10-a.conf", "net.core.somaxconn = 1024\n", DIALECT_SYSTEMD | DIALECT_PROCPS);
	fx_file(x, "20-b.conf", "net.core.somaxconn = 2048\nnet.core.somaxconn = 8192\n",
		DIALECT_SYSTEMD | DIALECT_PROCPS);
	fx_finish(x);
	assert_finding_in(x, "TT103", "20-b.conf", 2);
	assert_finding_in(x, "TT107", "10-a.conf", 1);
}

static void test_tt107_pass_same_value(void **state)
{
	struct fx *x = *state;

	fx_begin(x);
	fx_file(x, "10-a.conf", "net.core.somaxconn = 1024\n", DIALECT_SYSTEMD | DIALECT_PROCPS);
	fx_file(x, "20-b.conf", "net.core.somaxconn = 0x400\n", DIALECT_SYSTEMD | DIALECT_PROCPS);
	fx_finish(x);
	assert_no_finding_id(x, "TT107");
}

/* ------------------------------------------------------------------------ */
/* 2xx key                                                                   */
/* ------------------------------------------------------------------------ */

static void test_tt201_did_you_mean(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "  net.ipv4.tcp_fin_timout = 30\n");
	d = assert_finding(x, "TT201", 1);
	assert_int_equal(d->col, 3);
	assert_string_equal(d->key, "net.ipv4.tcp_fin_timout");
	/* without the target machine a near miss may be a real key tcptune lacks: warning */
	assert_int_equal(d->sev, SEV_WARNING);
	assert_diag_text(d, "probably a typo of 'net.ipv4.tcp_fin_timeout'");
}

/* On the machine, whose keys are known, the same near miss is an error. */
static void test_tt201_did_you_mean_running(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_running(x);
	tu_sysctl(x->root, "net.ipv4.tcp_fin_timeout", "60", 0644);
	fx_lint(x, "  net.ipv4.tcp_fin_timout = 30\n");
	d = assert_finding(x, "TT201", 1);
	assert_int_equal(d->sev, SEV_ERROR);
	assert_diag_text(d, "did you mean 'net.ipv4.tcp_fin_timeout'");
}

static void test_tt201_note_when_not_running(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "vm.dirty_background_ratio = 5\n");
	d = assert_finding(x, "TT201", 1);
	assert_int_equal(d->sev, SEV_NOTE);
	assert_diag_text(d, "not in tcptune's catalog");
}

/*
 * Without the target machine, an uncatalogued key that exists on every kernel
 * must not become an error claiming "sysctl -p fails on it" just because a
 * catalog key is a few edits away (tcp_ecn -> tcp_abc, tcp_sack -> tcp_fack).
 */
static void test_tt201_real_key_near_catalog_key_is_note(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_ecn = 1\n"
		   "net.ipv4.tcp_sack = 1\n");
	d = assert_finding(x, "TT201", 1);
	assert_int_equal(d->sev, SEV_NOTE);
	/* one letter from tcp_fack: without the machine it may be a typo, so a warning */
	d = assert_finding(x, "TT201", 2);
	assert_int_equal(d->sev, SEV_WARNING);
}

static void test_tt201_running_key_absent(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_running(x);
	tu_sysctl(x->root, "net.core.somaxconn", "4096", 0644);
	fx_lint(x, "vm.dirty_background_ratio = 5\n");
	d = assert_finding(x, "TT201", 1);
	assert_int_equal(d->sev, SEV_ERROR);
	assert_diag_text(d, "neither tcptune's catalog nor this kernel");
}

static void test_tt201_pass_running_key_exists(void **state)
{
	struct fx *x = *state;

	fx_running(x);
	tu_sysctl(x->root, "vm.dirty_background_ratio", "10", 0644);
	tu_sysctl(x->root, "net.ipv4.tcp_ecn", "2", 0644);
	fx_lint(x, "vm.dirty_background_ratio = 5\n"
		   "net.ipv4.tcp_ecn = 1\n");
	assert_no_finding_id(x, "TT201");
}

static void test_tt201_pass_known_key(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_fin_timeout = 30\n");
	assert_no_finding_id(x, "TT201");
}

static void test_tt202_removed_on_default_target(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_tw_recycle = 1\n");
	d = assert_finding(x, "TT202", 1);
	assert_int_equal(d->sev, SEV_ERROR);
	assert_string_equal(d->key, "net.ipv4.tcp_tw_recycle");
	assert_diag_text(d, "4.12");
	assert_finding(x, "TT501", 1);
}

static void test_tt202_obsolete_key(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "kernel.exec-shield = 1\n");
	assert_finding(x, "TT202", 1);
	assert_no_finding_id(x, "TT201");
}

static void test_tt202_pass_kernel_4_9(void **state)
{
	struct fx *x = *state;

	fx_kernel(x, "4.9", false);
	fx_lint(x, "net.ipv4.tcp_tw_recycle = 1\n");
	assert_no_finding_id(x, "TT202");
	/* the folklore rule fires on every kernel for value 1 */
	assert_finding(x, "TT501", 1);
}

static void test_tt203_write_only(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.route.flush = 1\n");
	d = assert_finding(x, "TT203", 1);
	assert_int_equal(d->sev, SEV_WARNING);
	assert_diag_text(d, "write-only");
}

static void test_tt203_read_only(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_available_congestion_control = reno cubic\n");
	d = assert_finding(x, "TT203", 1);
	assert_diag_text(d, "read-only");
}

static void test_tt203_pass_read_write(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_congestion_control = cubic\n");
	assert_no_finding_id(x, "TT203");
}

static void test_tt204_noop(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_low_latency = 1\n");
	d = assert_finding(x, "TT204", 1);
	assert_int_equal(d->sev, SEV_WARNING);
	assert_diag_text(d, "4.14");
}

/* rules.yaml TT204 names tcp_fack ("legacy option, does nothing") */
static void test_tt204_tcp_fack(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_fack = 1\n");
	assert_finding(x, "TT204", 1);
}

static void test_tt204_pass_kernel_before_noop(void **state)
{
	struct fx *x = *state;

	fx_kernel(x, "4.9", true);
	fx_lint(x, "net.ipv4.tcp_low_latency = 1\n");
	assert_no_finding_id(x, "TT204");
}

static void test_tt205_missing_interface(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_running(x);
	tu_sysctl(x->root, "net.ipv4.conf.all.arp_ignore", "0", 0644);
	tu_sysctl(x->root, "net.ipv4.conf.eth0.arp_ignore", "0", 0644);
	fx_lint(x, "net.ipv4.conf.all.arp_ignore = 1\n"
		   "net.ipv4.conf.eth180.arp_ignore = 1\n");
	d = assert_finding(x, "TT205", 2);
	assert_string_equal(d->key, "net.ipv4.conf.eth180.arp_ignore");
	assert_diag_text(d, "'eth180'");
	assert_no_finding(x, "TT205", 1);
	assert_no_finding_id(x, "TT201");
}

static void test_tt205_pass_interface_exists(void **state)
{
	struct fx *x = *state;

	fx_running(x);
	tu_sysctl(x->root, "net.ipv4.conf.eth180.arp_ignore", "0", 0644);
	fx_lint(x, "net.ipv4.conf.eth180.arp_ignore = 1\n"
		   "net.ipv4.conf.default.arp_ignore = 1\n");
	assert_no_finding_id(x, "TT205");
}

static void test_tt205_pass_not_running(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.conf.eth180.arp_ignore = 1\n");
	assert_no_finding_id(x, "TT205");
}

static void test_tt206_added_later(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_kernel(x, "6.1", true);
	fx_lint(x, "net.ipv4.tcp_syn_linear_timeouts = 4\n");
	d = assert_finding(x, "TT206", 1);
	assert_int_equal(d->sev, SEV_WARNING);
	assert_diag_text(d, "6.5");
}

static void test_tt206_pass_new_enough(void **state)
{
	struct fx *x = *state;

	fx_kernel(x, "6.5", true);
	fx_lint(x, "net.ipv4.tcp_syn_linear_timeouts = 4\n");
	assert_no_finding_id(x, "TT206");
}

static void test_tt206_pass_current_kernel(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_syn_linear_timeouts = 4\n");
	assert_no_finding_id(x, "TT206");
}

static void test_tt207_container(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	x->o.ctx_container = 1;
	fx_lint(x, "net.ipv4.tcp_fin_timeout = 60\n"
		   "net.core.netdev_max_backlog = 5000\n"
		   "vm.swappiness = 10\n");
	d = assert_finding(x, "TT207", 2);
	assert_int_equal(d->sev, SEV_NOTE);
	assert_finding(x, "TT207", 3);
	assert_no_finding(x, "TT207", 1);
}

static void test_tt207_pass_not_container(void **state)
{
	struct fx *x = *state;

	x->o.ctx_container = -1;
	fx_lint(x, "net.core.netdev_max_backlog = 5000\n");
	assert_no_finding_id(x, "TT207");
}

static void test_tt207_pass_declared_not_container(void **state)
{
	struct fx *x = *state;

	x->o.ctx_container = 0;
	fx_lint(x, "net.core.netdev_max_backlog = 5000\n");
	assert_no_finding_id(x, "TT207");
}

/* ------------------------------------------------------------------------ */
/* 3xx value                                                                 */
/* ------------------------------------------------------------------------ */

static void test_tt301_syntax(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_fin_timeout = 30abc\n"
		   "net.core.somaxconn = 08\n"
		   "net.ipv4.tcp_fastopen = +3\n");
	d = assert_finding(x, "TT301", 1);
	assert_int_equal(d->sev, SEV_ERROR);
	assert_int_equal(d->col, (int)strlen("net.ipv4.tcp_fin_timeout = ") + 1);
	assert_string_equal(d->key, "net.ipv4.tcp_fin_timeout");
	assert_finding(x, "TT301", 2);
	assert_finding(x, "TT301", 3);
	assert_no_finding(x, "TT302", 2);
}

static void test_tt301_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_fin_timeout = 30\n"
		   "net.core.somaxconn = 8\n");
	assert_no_finding_id(x, "TT301");
}

static void test_tt302_octal(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.core.somaxconn = 010\n");
	d = assert_finding(x, "TT302", 1);
	assert_int_equal(d->sev, SEV_WARNING);
	assert_int_equal(d->col, 22);
	assert_string_equal(d->key, "net.core.somaxconn");
	assert_diag_text(d, "sets 8");
}

static void test_tt302_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.core.somaxconn = 10\n"
		   "net.ipv4.tcp_rfc1337 = 0\n"
		   "net.core.netdev_max_backlog = 0x10\n");
	assert_no_finding_id(x, "TT302");
}

static void test_tt303_out_of_bounds(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_tw_reuse = 3\n");
	d = assert_finding(x, "TT303", 1);
	assert_int_equal(d->sev, SEV_ERROR);
	/* a value the kernel refuses is not also "meaningless" */
	assert_no_finding_id(x, "TT304");
}

static void test_tt303_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_tw_reuse = 2\n");
	assert_no_finding_id(x, "TT303");
}

static void test_tt304_meaningless(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_timestamps = 3\n");
	d = assert_finding(x, "TT304", 1);
	assert_int_equal(d->sev, SEV_WARNING);
	assert_no_finding_id(x, "TT303");
}

static void test_tt304_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_timestamps = 2\n");
	assert_no_finding_id(x, "TT304");
}

static void test_tt305_field_count(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_rmem = 4096 131072\n"
		   "net.ipv4.tcp_fin_timeout = 45 46\n");
	d = assert_finding(x, "TT305", 1);
	assert_int_equal(d->sev, SEV_WARNING);
	assert_diag_text(d, "missing");
	d = assert_finding(x, "TT305", 2);
	assert_diag_text(d, "only the first");
}

static void test_tt305_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_rmem = 4096\t131072   6291456\n"
		   "net.ipv4.tcp_fin_timeout = 45\n");
	assert_no_finding_id(x, "TT305");
}

static void test_tt306_unknown_bits(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_fastopen = 0x1000\n");
	d = assert_finding(x, "TT306", 1);
	assert_int_equal(d->sev, SEV_WARNING);
	assert_diag_text(d, "0x1000");
}

static void test_tt306_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_fastopen = 0x603\n");
	assert_no_finding_id(x, "TT306");
}

/* ------------------------------------------------------------------------ */
/* 4xx relation                                                              */
/* ------------------------------------------------------------------------ */

static void test_tt401_min_above_max(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.ip_local_port_range = 61000 32768\n");
	d = assert_finding(x, "TT401", 1);
	assert_int_equal(d->sev, SEV_ERROR);
	assert_int_equal(d->col, 1);
	assert_string_equal(d->key, "net.ipv4.ip_local_port_range");
	assert_diag_text(d, "61000 32768");
	/* both even, but TT402 needs min <= max */
	assert_no_finding_id(x, "TT402");
}

static void test_tt401_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.ip_local_port_range = 32768 60999\n");
	assert_no_finding_id(x, "TT401");
}

static void test_tt402_same_parity(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.ip_local_port_range = 1024 65000\n");
	d = assert_finding(x, "TT402", 1);
	assert_int_equal(d->sev, SEV_NOTE);
}

static void test_tt402_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.ip_local_port_range = 1024 65535\n");
	assert_no_finding_id(x, "TT402");
}

static void test_tt403_below_unprivileged(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_kernel(x, "6.1", false);
	fx_lint(x, "net.ipv4.ip_local_port_range = 1023 65535\n");
	d = assert_finding(x, "TT403", 1);
	assert_int_equal(d->sev, SEV_ERROR);
	assert_diag_text(d, "ip_unprivileged_port_start=1024");
}

/* ".known false: a current kernel" (lint.h): current kernels are >= 4.11 */
static void test_tt403_default_target(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.ip_local_port_range = 1023 65535\n");
	assert_finding(x, "TT403", 1);
}

static void test_tt403_pass_start_lowered(void **state)
{
	struct fx *x = *state;

	fx_kernel(x, "6.1", false);
	fx_lint(x, "net.ipv4.ip_unprivileged_port_start = 1000\n"
		   "net.ipv4.ip_local_port_range = 1023 65535\n");
	assert_no_finding_id(x, "TT403");
}

static void test_tt403_pass_old_kernel(void **state)
{
	struct fx *x = *state;

	fx_kernel(x, "4.9", false);
	fx_lint(x, "net.ipv4.ip_local_port_range = 1023 65535\n");
	assert_no_finding_id(x, "TT403");
}

static void test_tt404_rmem_order(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_rmem = 16777216 87380 4096\n");
	d = assert_finding(x, "TT404", 1);
	assert_int_equal(d->sev, SEV_WARNING);
	assert_diag_text(d, "16777216 87380 4096");
}

static void test_tt404_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_rmem = 4096 87380 16777216\n");
	assert_no_finding_id(x, "TT404");
}

static void test_tt405_rmem_vs_rmem_max(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_rmem = 4096 131072 33554432\n");
	d = assert_finding(x, "TT405", 1);
	assert_int_equal(d->sev, SEV_NOTE);
	assert_diag_text(d, "33554432");
}

static void test_tt405_rmem_max_raised(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.core.rmem_max = 16777216\n"
		   "net.ipv4.tcp_rmem = 4096 131072 6291456\n");
	assert_finding(x, "TT405", 2);
}

static void test_tt405_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_rmem = 4096 131072 4194304\n");
	assert_no_finding_id(x, "TT405");
}

static void test_tt406_reuse_without_timestamps(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_tw_reuse = 1\n"
		   "net.ipv4.tcp_timestamps = 0\n");
	d = assert_finding(x, "TT406", 1);
	assert_int_equal(d->sev, SEV_WARNING);
	assert_int_equal(d->col, 1);
	assert_string_equal(d->key, "net.ipv4.tcp_tw_reuse");
	assert_diag_text(d, "tcp_tw_reuse=1");
}

static void test_tt406_pass_timestamps_on(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_tw_reuse = 1\n"
		   "net.ipv4.tcp_timestamps = 1\n");
	assert_no_finding_id(x, "TT406");
}

static void test_tt407_syn_backlog(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_max_syn_backlog = 65536\n");
	d = assert_finding(x, "TT407", 1);
	assert_int_equal(d->sev, SEV_WARNING);
}

static void test_tt407_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_max_syn_backlog = 4096\n");
	assert_no_finding_id(x, "TT407");
}

static void test_tt407_pass_cookies_off_somaxconn_raised(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_max_syn_backlog = 8192\n"
		   "net.ipv4.tcp_syncookies = 0\n"
		   "net.core.somaxconn = 8192\n");
	assert_no_finding_id(x, "TT407");
}

static void test_tt408_syncookies_off(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_syncookies = 0\n");
	d = assert_finding(x, "TT408", 1);
	assert_int_equal(d->sev, SEV_WARNING);
}

static void test_tt408_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_syncookies = 1\n");
	assert_no_finding_id(x, "TT408");
}

static void test_tt409_wmem_order(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_wmem = 4096 4194304 16384\n");
	d = assert_finding(x, "TT409", 1);
	assert_int_equal(d->sev, SEV_WARNING);
}

static void test_tt409_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_wmem = 4096 16384 4194304\n");
	assert_no_finding_id(x, "TT409");
}

/* ------------------------------------------------------------------------ */
/* 5xx folklore                                                              */
/* ------------------------------------------------------------------------ */

static void test_tt501_tw_recycle(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_kernel(x, "4.9", false);
	fx_lint(x, "net.ipv4.tcp_tw_recycle = 1\n");
	d = assert_finding(x, "TT501", 1);
	assert_int_equal(d->sev, SEV_ERROR);
	assert_diag_text(d, "tcp_tw_recycle=1");
}

static void test_tt501_pass_zero_on_old_kernel(void **state)
{
	struct fx *x = *state;

	fx_kernel(x, "4.9", false);
	fx_lint(x, "net.ipv4.tcp_tw_recycle = 0\n");
	assert_no_finding_id(x, "TT501");
	assert_no_finding_id(x, "TT202");
}

static void test_tt502_fin_timeout_lowered(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_fin_timeout = 30\n");
	d = assert_finding(x, "TT502", 1);
	assert_int_equal(d->sev, SEV_WARNING);
}

static void test_tt502_comment_mentions_time_wait(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "# fewer TIME_WAIT sockets\n"
		   "net.ipv4.tcp_fin_timeout = 60\n");
	assert_finding(x, "TT502", 2);
}

static void test_tt502_pass(void **state)
{
	struct fx *x = *state;

	/* the comment belongs to another paragraph */
	fx_lint(x, "# fewer TIME_WAIT sockets\n"
		   "\n"
		   "net.ipv4.tcp_fin_timeout = 60\n");
	assert_no_finding_id(x, "TT502");
}

static void test_tt503_tw_buckets_lowered(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_max_tw_buckets = 5000\n");
	d = assert_finding(x, "TT503", 1);
	assert_int_equal(d->sev, SEV_WARNING);
}

static void test_tt503_zero(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_max_tw_buckets = 0\n");
	assert_finding(x, "TT503", 1);
}

static void test_tt503_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_max_tw_buckets = 300000\n");
	assert_no_finding_id(x, "TT503");
	lint_free(&x->l);
	x->active = false;
	fx_lint(x, "net.ipv4.tcp_max_tw_buckets = -1\n");
	assert_no_finding_id(x, "TT503");
}

static void test_tt504_orphan_retries_zero(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_orphan_retries = 0\n");
	d = assert_finding(x, "TT504", 1);
	assert_int_equal(d->sev, SEV_NOTE);
}

static void test_tt504_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_orphan_retries = 3\n");
	assert_no_finding_id(x, "TT504");
}

static void test_tt505_rfc1337(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_rfc1337 = 1\n");
	d = assert_finding(x, "TT505", 1);
	assert_int_equal(d->sev, SEV_NOTE);
	assert_diag_text(d, "tcp_rfc1337=1");
}

static void test_tt505_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "# net.ipv4.tcp_rfc1337 = 1\n"
		   "net.ipv4.tcp_syncookies = 1\n");
	assert_no_finding_id(x, "TT505");
}

static void test_tt506_file_max_below_default(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	x->o.mem_kib = 16ULL << 20;	/* 16 GiB */
	fx_lint(x, "fs.file-max = 65535\n");
	d = assert_finding(x, "TT506", 1);
	assert_int_equal(d->sev, SEV_WARNING);
	assert_diag_text(d, "1677721");
}

static void test_tt506_pass_memory_unknown(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "fs.file-max = 65535\n");
	assert_no_finding_id(x, "TT506");
}

static void test_tt506_pass_above_default(void **state)
{
	struct fx *x = *state;

	x->o.mem_kib = 16ULL << 20;
	fx_lint(x, "fs.file-max = 2000000\n");
	assert_no_finding_id(x, "TT506");
}

static void test_tt507_timestamps_off(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "net.ipv4.tcp_timestamps = 0\n");
	d = assert_finding(x, "TT507", 1);
	assert_int_equal(d->sev, SEV_WARNING);
}

static void test_tt507_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.ipv4.tcp_timestamps = 1\n");
	assert_no_finding_id(x, "TT507");
}

static void test_tt508_syn_flood_comment(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_lint(x, "# protect against SYN-flood\n"
		   "net.ipv4.tcp_max_tw_buckets = 300000\n");
	d = assert_finding(x, "TT508", 2);
	assert_int_equal(d->sev, SEV_NOTE);
	assert_string_equal(d->key, "net.ipv4.tcp_max_tw_buckets");
}

/* "at" is not set: the finding goes to the key that is */
static void test_tt508_on_other_key(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "net.core.somaxconn = 4096\n"
		   "# Syn flood defence\n"
		   "net.ipv4.tcp_tw_reuse = 1\n");
	assert_finding(x, "TT508", 3);
}

static void test_tt508_pass(void **state)
{
	struct fx *x = *state;

	fx_lint(x, "# TIME_WAIT tuning\n"
		   "net.ipv4.tcp_max_tw_buckets = 300000\n");
	assert_no_finding_id(x, "TT508");
}

/* ------------------------------------------------------------------------ */
/* 6xx context                                                               */
/* ------------------------------------------------------------------------ */

static void test_tt601_nat_tw_recycle(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_kernel(x, "4.9", false);
	x->o.ctx_nat = 1;
	fx_lint(x, "net.ipv4.tcp_tw_recycle = 1\n");
	d = assert_finding(x, "TT601", 1);
	assert_int_equal(d->sev, SEV_WARNING);
}

static void test_tt601_pass_no_nat(void **state)
{
	struct fx *x = *state;

	fx_kernel(x, "4.9", false);
	fx_lint(x, "net.ipv4.tcp_tw_recycle = 1\n");
	assert_no_finding_id(x, "TT601");
	assert_finding(x, "TT501", 1);
}

static void test_tt601_pass_kernel_4_12(void **state)
{
	struct fx *x = *state;

	fx_kernel(x, "4.12", false);
	x->o.ctx_nat = 1;
	fx_lint(x, "net.ipv4.tcp_tw_recycle = 1\n");
	assert_no_finding_id(x, "TT601");
	assert_finding(x, "TT202", 1);
}

static void test_tt602_forwarding_off(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	x->o.ctx_fwd = 1;
	fx_lint(x, "net.ipv4.ip_forward = 0\n");
	d = assert_finding(x, "TT602", 1);
	assert_int_equal(d->sev, SEV_ERROR);
}

static void test_tt602_pass(void **state)
{
	struct fx *x = *state;

	x->o.ctx_fwd = 1;
	fx_lint(x, "net.ipv4.ip_forward = 1\n");
	assert_no_finding_id(x, "TT602");
	lint_free(&x->l);
	x->active = false;
	x->o.ctx_fwd = 0;
	fx_lint(x, "net.ipv4.ip_forward = 0\n");
	assert_no_finding_id(x, "TT602");
}

static void test_tt603_conntrack_default(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	x->o.ctx_fwd = 1;
	fx_lint(x, "net.ipv4.ip_forward = 1\n");
	/* nf_conntrack_max is not set: the finding goes to ip_forward */
	d = assert_finding(x, "TT603", 1);
	assert_int_equal(d->sev, SEV_NOTE);
}

static void test_tt603_conntrack_small(void **state)
{
	struct fx *x = *state;

	x->o.ctx_fwd = 1;
	fx_lint(x, "net.ipv4.ip_forward = 1\n"
		   "net.netfilter.nf_conntrack_max = 65536\n");
	assert_finding(x, "TT603", 2);
}

static void test_tt603_pass(void **state)
{
	struct fx *x = *state;

	x->o.ctx_fwd = 1;
	fx_lint(x, "net.ipv4.ip_forward = 1\n"
		   "net.netfilter.nf_conntrack_max = 1048576\n");
	assert_no_finding_id(x, "TT603");
}

static void test_tt604_somaxconn_16bit(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_kernel(x, "4.0", false);
	fx_lint(x, "net.core.somaxconn = 100000\n");
	d = assert_finding(x, "TT604", 1);
	assert_int_equal(d->sev, SEV_WARNING);
}

static void test_tt604_pass(void **state)
{
	struct fx *x = *state;

	fx_kernel(x, "4.1", false);
	fx_lint(x, "net.core.somaxconn = 100000\n");
	assert_no_finding_id(x, "TT604");
	lint_free(&x->l);
	x->active = false;
	fx_kernel(x, "4.0", false);
	fx_lint(x, "net.core.somaxconn = 65535\n");
	assert_no_finding_id(x, "TT604");
}

static void test_tt605_default_changed(void **state)
{
	struct fx *x = *state;
	const struct diag *d;

	fx_kernel(x, "5.3", true);
	fx_lint(x, "net.core.somaxconn = 1024\n");
	d = assert_finding(x, "TT605", 1);
	assert_int_equal(d->sev, SEV_NOTE);
	assert_diag_text(d, "5.4");
}

static void test_tt605_pass_kernel_not_given(void **state)
{
	struct fx *x = *state;

	fx_kernel(x, "5.3", false);
	fx_lint(x, "net.core.somaxconn = 1024\n");
	assert_no_finding_id(x, "TT605");
}

static void test_tt605_pass_same_default(void **state)
{
	struct fx *x = *state;

	fx_kernel(x, "5.4", true);
	fx_lint(x, "net.core.somaxconn = 1024\n");
	assert_no_finding_id(x, "TT605");
}

/* ------------------------------------------------------------------------ */
/* --disable                                                                 */
/* ------------------------------------------------------------------------ */

static void test_disabled_rules(void **state)
{
	static const char *const off[] = { "TT302", "TT406", "TT201", NULL };
	struct fx *x = *state;

	x->o.disabled = off;
	fx_lint(x, "net.core.somaxconn = 010\n"
		   "net.ipv4.tcp_tw_reuse = 1\n"
		   "net.ipv4.tcp_timestamps = 0\n"
		   "net.ipv4.tcp_fin_timout = 30\n");
	assert_no_finding_id(x, "TT302");
	assert_no_finding_id(x, "TT406");
	assert_no_finding_id(x, "TT201");
	/* the others still fire */
	assert_finding(x, "TT507", 3);
}

/* TT101 and TT102 are found while parsing; --disable switches them off too */
static void test_disabled_parse_rules(void **state)
{
	static const char *const off[] = { "TT101", "TT102", NULL };
	struct fx *x = *state;

	x->o.disabled = off;
	fx_lint(x, "net.ipv4.tcp_fin_timeout =\n"
		   "garbage line\n");
	assert_no_finding_id(x, "TT102");
	assert_no_finding_id(x, "TT101");
}

/* ------------------------------------------------------------------------ */
/* A file from the wild                                                      */
/* ------------------------------------------------------------------------ */

static void test_corpus_syn_flood(void **state)
{
	struct fx *x = *state;

	fx_kernel(x, "6.1", false);
	fx_lint(x, "# Kernel parameters collected after \"possible SYN flooding on port 443\"\n"
		   "net.core.somaxconn = 65535\n"
		   "net.ipv4.tcp_max_syn_backlog = 65536\n"
		   "net.ipv4.tcp_syncookies = 1\n"
		   "net.ipv4.tcp_rmem = 4096 349520 16777216\n"
		   "net.ipv4.tcp_timestamps = 0\n"
		   "net.ipv4.tcp_fin_timeout = 5\n"
		   "net.ipv4.tcp_tw_reuse = 1\n"
		   "net.ipv4.tcp_tw_recycle = 0\n"
		   "net.ipv4.tcp_max_tw_buckets = 65536\n"
		   "net.ipv4.tcp_orphan_retries = 0\n");
	assert_finding(x, "TT407", 3);
	assert_finding(x, "TT507", 6);
	assert_finding(x, "TT502", 7);
	assert_finding(x, "TT406", 8);
	assert_finding(x, "TT202", 9);
	assert_no_finding_id(x, "TT501");
	assert_finding(x, "TT503", 10);
	assert_finding(x, "TT504", 11);
	/* findings come out sorted by line */
	{
		size_t i;

		for (i = 1; i < x->l.out.n; i++)
			assert_true(x->l.out.v[i - 1].line <= x->l.out.v[i].line);
	}
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_clean_file_has_no_findings),
		T(test_all_lint_rules_exist),
		T(test_tt101_no_equals),
		T(test_tt101_invalid_key),
		T(test_tt101_pass_assignment),
		T(test_tt102_empty_value),
		T(test_tt102_pass_value),
		T(test_tt103_duplicate),
		T(test_tt103_slash_spelling),
		T(test_tt103_alias),
		T(test_tt103_pass_distinct_or_other_file),
		T(test_tt104_unused_suppression),
		T(test_tt104_unknown_id),
		T(test_tt104_partly_used_list),
		T(test_tt104_unrecognised_directive),
		T(test_tt104_pass_used_suppression),
		T(test_suppress_line_only_next_assignment),
		T(test_suppress_file_wide),
		T(test_suppress_relation_rule),
		T(test_suppress_relation_rule_file_wide),
		T(test_tt105_glob_matches_nothing),
		T(test_tt105_pass_glob_matches),
		T(test_tt106_only_procps),
		T(test_tt106_disagree),
		T(test_tt106_pass_same_value),
		T(test_tt106_pass_without_compare_dialects),
		T(test_tt107_override),
		T(test_tt107_override_winner_sets_twice),
		T(test_tt107_pass_same_value),
		T(test_tt201_did_you_mean),
		T(test_tt201_note_when_not_running),
		T(test_tt201_did_you_mean_running),
		T(test_tt201_real_key_near_catalog_key_is_note),
		T(test_tt201_running_key_absent),
		T(test_tt201_pass_running_key_exists),
		T(test_tt201_pass_known_key),
		T(test_tt202_removed_on_default_target),
		T(test_tt202_obsolete_key),
		T(test_tt202_pass_kernel_4_9),
		T(test_tt203_write_only),
		T(test_tt203_read_only),
		T(test_tt203_pass_read_write),
		T(test_tt204_noop),
		T(test_tt204_tcp_fack),
		T(test_tt204_pass_kernel_before_noop),
		T(test_tt205_missing_interface),
		T(test_tt205_pass_interface_exists),
		T(test_tt205_pass_not_running),
		T(test_tt206_added_later),
		T(test_tt206_pass_new_enough),
		T(test_tt206_pass_current_kernel),
		T(test_tt207_container),
		T(test_tt207_pass_not_container),
		T(test_tt207_pass_declared_not_container),
		T(test_tt301_syntax),
		T(test_tt301_pass),
		T(test_tt302_octal),
		T(test_tt302_pass),
		T(test_tt303_out_of_bounds),
		T(test_tt303_pass),
		T(test_tt304_meaningless),
		T(test_tt304_pass),
		T(test_tt305_field_count),
		T(test_tt305_pass),
		T(test_tt306_unknown_bits),
		T(test_tt306_pass),
		T(test_tt401_min_above_max),
		T(test_tt401_pass),
		T(test_tt402_same_parity),
		T(test_tt402_pass),
		T(test_tt403_below_unprivileged),
		T(test_tt403_default_target),
		T(test_tt403_pass_start_lowered),
		T(test_tt403_pass_old_kernel),
		T(test_tt404_rmem_order),
		T(test_tt404_pass),
		T(test_tt405_rmem_vs_rmem_max),
		T(test_tt405_rmem_max_raised),
		T(test_tt405_pass),
		T(test_tt406_reuse_without_timestamps),
		T(test_tt406_pass_timestamps_on),
		T(test_tt407_syn_backlog),
		T(test_tt407_pass),
		T(test_tt407_pass_cookies_off_somaxconn_raised),
		T(test_tt408_syncookies_off),
		T(test_tt408_pass),
		T(test_tt409_wmem_order),
		T(test_tt409_pass),
		T(test_tt501_tw_recycle),
		T(test_tt501_pass_zero_on_old_kernel),
		T(test_tt502_fin_timeout_lowered),
		T(test_tt502_comment_mentions_time_wait),
		T(test_tt502_pass),
		T(test_tt503_tw_buckets_lowered),
		T(test_tt503_zero),
		T(test_tt503_pass),
		T(test_tt504_orphan_retries_zero),
		T(test_tt504_pass),
		T(test_tt505_rfc1337),
		T(test_tt505_pass),
		T(test_tt506_file_max_below_default),
		T(test_tt506_pass_memory_unknown),
		T(test_tt506_pass_above_default),
		T(test_tt507_timestamps_off),
		T(test_tt507_pass),
		T(test_tt508_syn_flood_comment),
		T(test_tt508_on_other_key),
		T(test_tt508_pass),
		T(test_tt601_nat_tw_recycle),
		T(test_tt601_pass_no_nat),
		T(test_tt601_pass_kernel_4_12),
		T(test_tt602_forwarding_off),
		T(test_tt602_pass),
		T(test_tt603_conntrack_default),
		T(test_tt603_conntrack_small),
		T(test_tt603_pass),
		T(test_tt604_somaxconn_16bit),
		T(test_tt604_pass),
		T(test_tt605_default_changed),
		T(test_tt605_pass_kernel_not_given),
		T(test_tt605_pass_same_default),
		T(test_disabled_rules),
		T(test_disabled_parse_rules),
		T(test_corpus_syn_flood),
	};
#undef T

	return cmocka_run_group_tests(tests, group_setup, group_teardown) != 0;
}
