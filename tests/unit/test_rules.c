// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the rule loader and evaluator (src/rules.c). */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "diag.h"
#include "rules.h"
#include "util.h"
#include "value.h"

static struct catalog cat;
static struct ruleset builtin;

static int group_setup(void **state)
{
	(void)state;
	tu_load_catalog(&cat);
	tu_load_rules(&builtin, &cat);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	rules_free(&builtin);
	catalog_free(&cat);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* A fake world: values, keys set by the input, comments, context, kernel   */
/* ------------------------------------------------------------------------ */

#define FAKE_MAX 32

struct fake {
	const char *val_key[FAKE_MAX], *val_text[FAKE_MAX];
	size_t nval;
	const char *set[FAKE_MAX];
	size_t nset;
	const char *com_key[FAKE_MAX], *com_text[FAKE_MAX];
	size_t ncom;
	int nat, fwd;		/* 1, 0, -1 undeclared */
	struct kver kernel;
};

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->nat = f->fwd = -1;
}

/* The key's value (from the kernel or the catalog: not set by the input). */
static void fake_val(struct fake *f, const char *key, const char *text)
{
	size_t i;

	for (i = 0; i < f->nval; i++) {
		if (strcmp(f->val_key[i], key) == 0) {
			f->val_text[i] = text;
			return;
		}
	}
	assert_true(f->nval < FAKE_MAX);
	f->val_key[f->nval] = key;
	f->val_text[f->nval++] = text;
}

/* The input sets key to text. */
static void fake_input(struct fake *f, const char *key, const char *text)
{
	fake_val(f, key, text);
	assert_true(f->nset < FAKE_MAX);
	f->set[f->nset++] = key;
}

static void fake_comment(struct fake *f, const char *key, const char *text)
{
	assert_true(f->ncom < FAKE_MAX);
	f->com_key[f->ncom] = key;
	f->com_text[f->ncom++] = text;
}

static void fake_kernel(struct fake *f, const char *v)
{
	if (!v) {
		memset(&f->kernel, 0, sizeof(f->kernel));
		return;
	}
	assert_int_equal(kver_parse(v, &f->kernel), 0);
	assert_true(f->kernel.known);
}

static bool fake_get(void *ctx, const char *key, struct value *out)
{
	struct fake *f = ctx;
	const struct knob *k = catalog_find(&cat, key);
	size_t i;

	if (!k)
		return false;
	for (i = 0; i < f->nval; i++) {
		if (strcmp(f->val_key[i], key) == 0) {
			if (knob_parse(k, f->val_text[i], 250, out, NULL, NULL, 0) == VS_OK)
				return true;
			value_free(out);
			return false;
		}
	}
	return false;
}

static bool fake_is_set(void *ctx, const char *key)
{
	struct fake *f = ctx;
	size_t i;

	for (i = 0; i < f->nset; i++)
		if (strcmp(f->set[i], key) == 0)
			return true;
	return false;
}

static const char *fake_get_comment(void *ctx, const char *key)
{
	struct fake *f = ctx;
	size_t i;

	for (i = 0; i < f->ncom; i++)
		if (strcmp(f->com_key[i], key) == 0)
			return f->com_text[i];
	return NULL;
}

static int fake_context(void *ctx, const char *name)
{
	struct fake *f = ctx;

	if (strcmp(name, "clients_behind_nat") == 0)
		return f->nat;
	if (strcmp(name, "forwards_traffic") == 0)
		return f->fwd;
	return -1;
}

static struct rule_env fake_env(struct fake *f)
{
	struct rule_env env = {
		.ctx = f, .get = fake_get, .is_set = fake_is_set, .comment = fake_get_comment,
		.context = fake_context, .kernel = f->kernel, .catalog = &cat,
	};

	return env;
}

/* What rules_eval emitted. */
#define FIRED_MAX 32

struct fired {
	size_t n;
	char id[FIRED_MAX][8];
	char at[FIRED_MAX][128];
	char *msg[FIRED_MAX];
};

static void collect(void *arg, const struct rule *r, const char *at_key, const char *message)
{
	struct fired *fr = arg;

	assert_true(fr->n < FIRED_MAX);
	snprintf(fr->id[fr->n], sizeof(fr->id[0]), "%s", r->id);
	snprintf(fr->at[fr->n], sizeof(fr->at[0]), "%s", at_key);
	fr->msg[fr->n] = xstrdup(message);
	fr->n++;
}

static void fired_free(struct fired *fr)
{
	size_t i;

	for (i = 0; i < fr->n; i++)
		free(fr->msg[i]);
	memset(fr, 0, sizeof(*fr));
}

static int fired_find(const struct fired *fr, const char *id)
{
	size_t i;

	for (i = 0; i < fr->n; i++)
		if (strcmp(fr->id[i], id) == 0)
			return (int)i;
	return -1;
}

static void run_rules(const struct ruleset *rs, struct fake *f, bool plan_scope, struct fired *fr)
{
	struct rule_env env = fake_env(f);

	memset(fr, 0, sizeof(*fr));
	rules_eval(rs, plan_scope, &env, collect, fr);
}

/* ------------------------------------------------------------------------ */
/* One rule from a condition                                                */
/* ------------------------------------------------------------------------ */

#define RULE_FMT \
	"rules:\n" \
	"  - id: TT900\n" \
	"    severity: warning\n" \
	"    category: relation\n" \
	"    summary: s\n" \
	"    description: d\n" \
	"    fix: f\n" \
	"    when: %s\n" \
	"    at: %s\n" \
	"    message: \"%s\"\n"

static void load_one(struct ruleset *rs, const char *cond, const char *at, const char *msg)
{
	struct diags dg = { 0 };
	char *y = xasprintf(RULE_FMT, cond, at, msg);
	int r;

	memset(rs, 0, sizeof(*rs));
	r = rules_load(rs, &cat, "t.yaml", y, strlen(y), &dg);
	if (dg.n)
		tu_dump(&dg);
	assert_int_equal(r, 0);
	assert_int_equal(dg.n, 0);
	assert_int_equal(rs->n, 1);
	assert_non_null(rules_find(rs, "TT900"));
	diags_free(&dg);
	free(y);
}

/* The key every condition rule points at; tests keep it set by the input. */
#define AT "net.ipv4.tcp_tw_reuse"

/*
 * Evaluate cond in f with cond_eval, and check that rules_eval fires
 * exactly when the result is true (AT is set by the input).
 */
static enum tri eval(struct fake *f, const char *cond)
{
	struct ruleset rs;
	struct rule_env env;
	struct fired fr;
	enum tri t;

	if (!fake_is_set(f, AT))
		fake_input(f, AT, "1");
	load_one(&rs, cond, AT, "m");
	env = fake_env(f);
	t = cond_eval(rs.rules[0]->when, &env);
	run_rules(&rs, f, true, &fr);
	assert_int_equal(fr.n, t == T_TRUE ? 1 : 0);
	if (fr.n) {
		assert_string_equal(fr.id[0], "TT900");
		assert_string_equal(fr.at[0], AT);
	}
	fired_free(&fr);
	rules_free(&rs);
	return t;
}

static void test_cmp_integer(void **state)
{
	struct fake f;

	(void)state;
	fake_init(&f);
	fake_val(&f, "net.core.somaxconn", "4096");
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, eq: 4096}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, eq: 4095}"), T_FALSE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, ne: 4095}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, ne: 4096}"), T_FALSE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, lt: 4097}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, lt: 4096}"), T_FALSE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, le: 4096}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, le: 4095}"), T_FALSE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, gt: 4095}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, gt: 4096}"), T_FALSE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, ge: 4096}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, ge: 4097}"), T_FALSE);
	/* negative and hex operands */
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, gt: -1}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, eq: 0x1000}"), T_TRUE);
}

static void test_cmp_field(void **state)
{
	struct fake f;

	(void)state;
	fake_init(&f);
	fake_val(&f, "net.ipv4.ip_local_port_range", "10000 65535");
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 0, eq: 10000}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 1, eq: 65535}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 1, lt: 65535}"), T_FALSE);
	/* without field: field 0 */
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, eq: 10000}"), T_TRUE);
	/* a field the value does not have is unknown */
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 2, eq: 0}"), T_UNKNOWN);
}

static void test_cmp_key_operand(void **state)
{
	struct fake f;

	(void)state;
	fake_init(&f);
	fake_val(&f, "net.ipv4.ip_local_port_range", "40000 30000");
	fake_val(&f, "net.ipv4.ip_unprivileged_port_start", "1024");
	fake_val(&f, "net.core.somaxconn", "4096");
	fake_val(&f, "net.ipv4.tcp_max_syn_backlog", "8192");
	/* {key: K2} */
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, lt: {key: net.ipv4.tcp_max_syn_backlog}}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, ge: {key: net.ipv4.tcp_max_syn_backlog}}"), T_FALSE);
	/* {key: K2, field: M} */
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 0, gt: "
			      "{key: net.ipv4.ip_local_port_range, field: 1}}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 1, gt: "
			      "{key: net.ipv4.ip_local_port_range, field: 0}}"), T_FALSE);
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_unprivileged_port_start, lt: "
			      "{key: net.ipv4.ip_local_port_range, field: 1}}"), T_TRUE);
	/* the operand key has no value: unknown */
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, lt: {key: net.ipv4.tcp_max_tw_buckets}}"), T_UNKNOWN);
}

static void test_cmp_default_operand(void **state)
{
	struct fake f;

	(void)state;
	fake_init(&f);
	fake_val(&f, "net.core.somaxconn", "4096");
	fake_val(&f, "net.ipv4.ip_local_port_range", "32768 61000");
	fake_input(&f, AT, "1");
	/* the catalog default of K: somaxconn 4096, tcp_tw_reuse 2 */
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, eq: default}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, ne: default}"), T_FALSE);
	assert_int_equal(eval(&f, "{key: net.ipv4.tcp_tw_reuse, ne: default}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.ipv4.tcp_tw_reuse, lt: default}"), T_TRUE);
	/* the field of the default: "32768 60999" */
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 0, eq: default}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 1, eq: default}"), T_FALSE);
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 1, gt: default}"), T_TRUE);
	/* a knob with no catalog default: unknown */
	fake_val(&f, "net.ipv4.tcp_max_tw_buckets", "5000");
	assert_int_equal(eval(&f, "{key: net.ipv4.tcp_max_tw_buckets, eq: default}"), T_UNKNOWN);
}

static void test_parity(void **state)
{
	struct fake f;

	(void)state;
	fake_init(&f);
	fake_val(&f, "net.ipv4.ip_local_port_range", "10000 60000");
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 0, parity_eq: "
			      "{key: net.ipv4.ip_local_port_range, field: 1}}"), T_TRUE);
	fake_val(&f, "net.ipv4.ip_local_port_range", "10001 60001");
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 0, parity_eq: "
			      "{key: net.ipv4.ip_local_port_range, field: 1}}"), T_TRUE);
	fake_val(&f, "net.ipv4.ip_local_port_range", "10000 65535");
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 0, parity_eq: "
			      "{key: net.ipv4.ip_local_port_range, field: 1}}"), T_FALSE);
	/* integer operand */
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 1, parity_eq: 1}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.ipv4.ip_local_port_range, field: 1, parity_eq: 0}"), T_FALSE);
	/* negative numbers have a parity too */
	fake_val(&f, "net.ipv4.tcp_max_tw_buckets", "-1");
	assert_int_equal(eval(&f, "{key: net.ipv4.tcp_max_tw_buckets, parity_eq: 1}"), T_TRUE);
	/* unknown value */
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, parity_eq: 1}"), T_UNKNOWN);
}

static void test_bits_outside(void **state)
{
	struct fake f;

	(void)state;
	fake_init(&f);
	fake_val(&f, "net.ipv4.tcp_fastopen", "3");
	assert_int_equal(eval(&f, "{key: net.ipv4.tcp_fastopen, bits_outside: 0x607}"), T_FALSE);
	assert_int_equal(eval(&f, "{key: net.ipv4.tcp_fastopen, bits_outside: 1}"), T_TRUE);
	fake_val(&f, "net.ipv4.tcp_fastopen", "0x8");
	assert_int_equal(eval(&f, "{key: net.ipv4.tcp_fastopen, bits_outside: 0x607}"), T_TRUE);
	fake_val(&f, "net.ipv4.tcp_fastopen", "0");
	assert_int_equal(eval(&f, "{key: net.ipv4.tcp_fastopen, bits_outside: 0}"), T_FALSE);
	assert_int_equal(eval(&f, "{key: kernel.sysrq, bits_outside: 0x1fe}"), T_UNKNOWN);
}

static void test_set(void **state)
{
	struct fake f;

	(void)state;
	fake_init(&f);
	fake_val(&f, "net.ipv4.tcp_fin_timeout", "60");
	assert_int_equal(eval(&f, "{set: net.ipv4.tcp_fin_timeout}"), T_FALSE);
	assert_int_equal(eval(&f, "{not: {set: net.ipv4.tcp_fin_timeout}}"), T_TRUE);
	fake_input(&f, "net.ipv4.tcp_fin_timeout", "30");
	assert_int_equal(eval(&f, "{set: net.ipv4.tcp_fin_timeout}"), T_TRUE);
	assert_int_equal(eval(&f, "{not: {set: net.ipv4.tcp_fin_timeout}}"), T_FALSE);
	/* '/' spelling is normalised */
	assert_int_equal(eval(&f, "{set: net/ipv4/tcp_fin_timeout}"), T_TRUE);
}

static void test_context(void **state)
{
	struct fake f;

	(void)state;
	fake_init(&f);
	assert_int_equal(eval(&f, "{context: clients_behind_nat}"), T_UNKNOWN);
	assert_int_equal(eval(&f, "{context: clients_behind_nat, is: false}"), T_UNKNOWN);
	f.nat = 1;
	assert_int_equal(eval(&f, "{context: clients_behind_nat}"), T_TRUE);
	assert_int_equal(eval(&f, "{context: clients_behind_nat, is: true}"), T_TRUE);
	assert_int_equal(eval(&f, "{context: clients_behind_nat, is: false}"), T_FALSE);
	f.nat = 0;
	assert_int_equal(eval(&f, "{context: clients_behind_nat}"), T_FALSE);
	assert_int_equal(eval(&f, "{context: clients_behind_nat, is: false}"), T_TRUE);
	f.fwd = 1;
	assert_int_equal(eval(&f, "{context: forwards_traffic}"), T_TRUE);
	f.fwd = -1;
	assert_int_equal(eval(&f, "{context: forwards_traffic}"), T_UNKNOWN);
}

static void test_kernel(void **state)
{
	struct fake f;

	(void)state;
	fake_init(&f);
	assert_int_equal(eval(&f, "{kernel: {lt: \"4.12\"}}"), T_UNKNOWN);
	fake_kernel(&f, "4.9");
	assert_int_equal(eval(&f, "{kernel: {lt: \"4.12\"}}"), T_TRUE);
	assert_int_equal(eval(&f, "{kernel: {ge: \"4.12\"}}"), T_FALSE);
	fake_kernel(&f, "4.12");
	assert_int_equal(eval(&f, "{kernel: {lt: \"4.12\"}}"), T_FALSE);
	assert_int_equal(eval(&f, "{kernel: {le: \"4.12\"}}"), T_TRUE);
	assert_int_equal(eval(&f, "{kernel: {eq: \"4.12\"}}"), T_TRUE);
	assert_int_equal(eval(&f, "{kernel: {ne: \"4.12\"}}"), T_FALSE);
	fake_kernel(&f, "6.1");
	assert_int_equal(eval(&f, "{kernel: {lt: \"4.12\"}}"), T_FALSE);
	assert_int_equal(eval(&f, "{kernel: {gt: \"4.12\"}}"), T_TRUE);
	/* 4.12.5 is not before 4.12; 4.9 is before 4.12 numerically, not as text */
	fake_kernel(&f, "4.12.5");
	assert_int_equal(eval(&f, "{kernel: {lt: \"4.12\"}}"), T_FALSE);
	assert_int_equal(eval(&f, "{kernel: {ge: \"4.12\"}}"), T_TRUE);
	fake_kernel(&f, "4.2");
	assert_int_equal(eval(&f, "{kernel: {lt: \"4.12\"}}"), T_TRUE);
}

static void test_comment_matches(void **state)
{
	struct fake f;
	struct ruleset rs;
	struct fired fr;

	(void)state;
	fake_init(&f);
	fake_input(&f, "net.ipv4.tcp_fin_timeout", "30");
	/* no comment: false, not unknown */
	assert_int_equal(eval(&f, "{key: net.ipv4.tcp_fin_timeout, comment_matches: 'syn.?flood'}"), T_FALSE);
	fake_comment(&f, "net.ipv4.tcp_fin_timeout", "# Protect against SYN-Flood attacks\n");
	assert_int_equal(eval(&f, "{key: net.ipv4.tcp_fin_timeout, comment_matches: 'syn.?flood'}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.ipv4.tcp_fin_timeout, comment_matches: '^# protect'}"), T_TRUE);
	assert_int_equal(eval(&f, "{key: net.ipv4.tcp_fin_timeout, comment_matches: 'time.?wait'}"), T_FALSE);
	/* the comment of another key does not count */
	assert_int_equal(eval(&f, "{key: net.core.somaxconn, comment_matches: 'syn.?flood'}"), T_FALSE);

	/* lint only in practice: the built-in TT508 is out of plan scope */
	fake_init(&f);
	fake_input(&f, "net.ipv4.tcp_max_tw_buckets", "262144");
	fake_comment(&f, "net.ipv4.tcp_max_tw_buckets", "# SYN flood protection");
	run_rules(&builtin, &f, true, &fr);
	assert_int_equal(fired_find(&fr, "TT508"), -1);
	fired_free(&fr);
	run_rules(&builtin, &f, false, &fr);
	assert_true(fired_find(&fr, "TT508") >= 0);
	fired_free(&fr);

	/* a scope entry limits the rule */
	memset(&rs, 0, sizeof(rs));
	{
		static const char y[] =
			"rules:\n"
			"  - id: TT901\n"
			"    severity: note\n"
			"    category: folklore\n"
			"    summary: s\n"
			"    description: d\n"
			"    fix: f\n"
			"    scope: [plan]\n"
			"    when: {set: net.ipv4.tcp_fin_timeout}\n"
			"    at: net.ipv4.tcp_fin_timeout\n"
			"    message: m\n";
		struct diags dg = { 0 };

		assert_int_equal(rules_load(&rs, &cat, "t.yaml", y, strlen(y), &dg), 0);
		diags_free(&dg);
	}
	fake_init(&f);
	fake_input(&f, "net.ipv4.tcp_fin_timeout", "30");
	run_rules(&rs, &f, true, &fr);
	assert_int_equal(fr.n, 1);
	fired_free(&fr);
	run_rules(&rs, &f, false, &fr);
	assert_int_equal(fr.n, 0);
	fired_free(&fr);
	rules_free(&rs);
}

static void test_all_any_not(void **state)
{
	struct fake f;

	(void)state;
	fake_init(&f);
	fake_val(&f, "net.core.somaxconn", "4096");
	fake_val(&f, "net.ipv4.tcp_syncookies", "1");
#define T1 "{key: net.core.somaxconn, eq: 4096}"
#define F1 "{key: net.core.somaxconn, eq: 1}"
#define T2 "{key: net.ipv4.tcp_syncookies, eq: 1}"
#define F2 "{key: net.ipv4.tcp_syncookies, eq: 0}"
	assert_int_equal(eval(&f, "{all: [" T1 ", " T2 "]}"), T_TRUE);
	assert_int_equal(eval(&f, "{all: [" T1 ", " F2 "]}"), T_FALSE);
	assert_int_equal(eval(&f, "{all: [" F1 ", " T2 "]}"), T_FALSE);
	assert_int_equal(eval(&f, "{any: [" F1 ", " T2 "]}"), T_TRUE);
	assert_int_equal(eval(&f, "{any: [" T1 ", " F2 "]}"), T_TRUE);
	assert_int_equal(eval(&f, "{any: [" F1 ", " F2 "]}"), T_FALSE);
	assert_int_equal(eval(&f, "{not: " T1 "}"), T_FALSE);
	assert_int_equal(eval(&f, "{not: " F1 "}"), T_TRUE);
	assert_int_equal(eval(&f, "{not: {not: " T1 "}}"), T_TRUE);
	/* nested */
	assert_int_equal(eval(&f, "{all: [{any: [" F1 ", " T2 "]}, {not: " F2 "}]}"), T_TRUE);
	assert_int_equal(eval(&f, "{any: [{all: [" T1 ", " F2 "]}, {not: " T2 "}]}"), T_FALSE);
	/* empty lists: all is true, any is false */
	assert_int_equal(eval(&f, "{all: []}"), T_TRUE);
	assert_int_equal(eval(&f, "{any: []}"), T_FALSE);
}

static void test_three_valued(void **state)
{
	struct fake f;

	(void)state;
	fake_init(&f);
	fake_val(&f, "net.core.somaxconn", "4096");
	/* tcp_max_syn_backlog has no value: every comparison on it is unknown */
#define U1 "{key: net.ipv4.tcp_max_syn_backlog, gt: 4096}"
	assert_int_equal(eval(&f, U1), T_UNKNOWN);
	assert_int_equal(eval(&f, "{not: " U1 "}"), T_UNKNOWN);
	assert_int_equal(eval(&f, "{all: [" T1 ", " U1 "]}"), T_UNKNOWN);
	assert_int_equal(eval(&f, "{all: [" F1 ", " U1 "]}"), T_FALSE);
	assert_int_equal(eval(&f, "{all: [" U1 ", " F1 "]}"), T_FALSE);
	assert_int_equal(eval(&f, "{any: [" T1 ", " U1 "]}"), T_TRUE);
	assert_int_equal(eval(&f, "{any: [" U1 ", " T1 "]}"), T_TRUE);
	assert_int_equal(eval(&f, "{any: [" F1 ", " U1 "]}"), T_UNKNOWN);
	assert_int_equal(eval(&f, "{not: {any: [" F1 ", " U1 "]}}"), T_UNKNOWN);
	/* a value the knob cannot parse is unknown too */
	fake_val(&f, "net.ipv4.tcp_max_syn_backlog", "lots");
	assert_int_equal(eval(&f, U1), T_UNKNOWN);
	/* a string knob has no number */
	fake_val(&f, "net.ipv4.tcp_congestion_control", "bbr");
	assert_int_equal(eval(&f, "{key: net.ipv4.tcp_congestion_control, eq: 0}"), T_UNKNOWN);
#undef T1
#undef F1
#undef T2
#undef F2
#undef U1
}

static void test_fires_only_when_a_key_is_set(void **state)
{
	struct ruleset rs;
	struct fake f;
	struct fired fr;

	(void)state;
	/* keys in order: somaxconn, syncookies (the condition), then fin_timeout (at) */
	load_one(&rs, "{all: [{key: net.core.somaxconn, eq: 4096}, {key: net.ipv4.tcp_syncookies, eq: 1}]}",
		 "net.ipv4.tcp_fin_timeout", "m");
	assert_int_equal(rs.rules[0]->nkeys, 3);
	assert_string_equal(rs.rules[0]->keys[0], "net.core.somaxconn");
	assert_string_equal(rs.rules[0]->keys[1], "net.ipv4.tcp_syncookies");
	assert_string_equal(rs.rules[0]->keys[2], "net.ipv4.tcp_fin_timeout");

	/* true on defaults alone: no finding */
	fake_init(&f);
	fake_val(&f, "net.core.somaxconn", "4096");
	fake_val(&f, "net.ipv4.tcp_syncookies", "1");
	fake_val(&f, "net.ipv4.tcp_fin_timeout", "60");
	run_rules(&rs, &f, true, &fr);
	assert_int_equal(fr.n, 0);
	fired_free(&fr);

	/* another key set by the input does not count */
	fake_input(&f, "net.ipv4.tcp_tw_reuse", "1");
	run_rules(&rs, &f, true, &fr);
	assert_int_equal(fr.n, 0);
	fired_free(&fr);

	/* only the second condition key set: points at it */
	fake_input(&f, "net.ipv4.tcp_syncookies", "1");
	run_rules(&rs, &f, true, &fr);
	assert_int_equal(fr.n, 1);
	assert_string_equal(fr.at[0], "net.ipv4.tcp_syncookies");
	fired_free(&fr);

	/* both condition keys set: the first one in the condition */
	fake_input(&f, "net.core.somaxconn", "4096");
	run_rules(&rs, &f, true, &fr);
	assert_int_equal(fr.n, 1);
	assert_string_equal(fr.at[0], "net.core.somaxconn");
	fired_free(&fr);

	/* `at` set: always `at` */
	fake_input(&f, "net.ipv4.tcp_fin_timeout", "60");
	run_rules(&rs, &f, true, &fr);
	assert_int_equal(fr.n, 1);
	assert_string_equal(fr.at[0], "net.ipv4.tcp_fin_timeout");
	fired_free(&fr);

	/* `at` alone set, condition on defaults: fires at `at` */
	fake_init(&f);
	fake_val(&f, "net.core.somaxconn", "4096");
	fake_val(&f, "net.ipv4.tcp_syncookies", "1");
	fake_input(&f, "net.ipv4.tcp_fin_timeout", "60");
	run_rules(&rs, &f, true, &fr);
	assert_int_equal(fr.n, 1);
	assert_string_equal(fr.at[0], "net.ipv4.tcp_fin_timeout");
	fired_free(&fr);

	/* keys set but the condition false: nothing */
	fake_val(&f, "net.ipv4.tcp_syncookies", "0");
	run_rules(&rs, &f, true, &fr);
	assert_int_equal(fr.n, 0);
	fired_free(&fr);
	rules_free(&rs);
}

static void test_message_placeholders(void **state)
{
	struct ruleset rs;
	struct fake f;
	struct fired fr;

	(void)state;
	load_one(&rs, "{key: net.ipv4.ip_local_port_range, field: 0, ge: 0}", "net.ipv4.ip_local_port_range",
		 "range={net.ipv4.ip_local_port_range} lo={net.ipv4.ip_local_port_range[0]} "
		 "hi={net.ipv4.ip_local_port_range[1]} bad={net.ipv4.ip_local_port_range[5]} "
		 "reuse={net.ipv4.tcp_tw_reuse} slash={net/ipv4/tcp_tw_reuse} "
		 "unknown={net.ipv4.tcp_max_tw_buckets} cc={net.ipv4.tcp_congestion_control} "
		 "braces {not a key} {unclosed");
	fake_init(&f);
	fake_input(&f, "net.ipv4.ip_local_port_range", "10000   65535");
	fake_val(&f, "net.ipv4.tcp_tw_reuse", "1");
	fake_val(&f, "net.ipv4.tcp_congestion_control", "bbr");
	run_rules(&rs, &f, true, &fr);
	assert_int_equal(fr.n, 1);
	assert_string_equal(fr.msg[0],
			    "range=10000 65535 lo=10000 hi=65535 bad=? reuse=1 slash=1 "
			    "unknown={net.ipv4.tcp_max_tw_buckets} cc=bbr braces {not a key} {unclosed");
	fired_free(&fr);
	rules_free(&rs);
}

/* ------------------------------------------------------------------------ */
/* Loader errors                                                            */
/* ------------------------------------------------------------------------ */

static void expect_load_error(const char *yaml, int line, int col, const char *text)
{
	struct ruleset rs;
	struct diags dg = { 0 };
	int r;

	memset(&rs, 0, sizeof(rs));
	r = rules_load(&rs, &cat, "rules.yaml", yaml, strlen(yaml), &dg);
	assert_int_equal(r, -EINVAL);
	tu_assert_diag(&dg, SEV_ERROR, line, col, text);
	/* an invalid rule is not added */
	assert_null(rules_find(&rs, "TT900"));
	diags_free(&dg);
	rules_free(&rs);
}

/* Lines 2-7: the rule's start ("- id" at 2:5) and text fields. */
#define RULE_HEAD(id, cat) \
	"rules:\n" \
	"  - id: " id "\n" \
	"    severity: warning\n" \
	"    category: " cat "\n" \
	"    summary: s\n" \
	"    description: d\n" \
	"    fix: f\n"

#define RULE_WHEN(cond) \
	"    when: " cond "\n" \
	"    at: net.core.somaxconn\n" \
	"    message: m\n"

static void test_load_bad_id(void **state)
{
	(void)state;
	expect_load_error(RULE_HEAD("TT12", "relation") RULE_WHEN("{set: net.core.somaxconn}"),
			  2, 9, "rule id 'TT12' must be TT and three digits");
	expect_load_error(RULE_HEAD("XX900", "relation") RULE_WHEN("{set: net.core.somaxconn}"),
			  2, 9, "rule id 'XX900' must be TT and three digits");
	expect_load_error(RULE_HEAD("TT9000", "relation") RULE_WHEN("{set: net.core.somaxconn}"),
			  2, 9, "must be TT and three digits");
}

static void test_load_unknown_category(void **state)
{
	(void)state;
	expect_load_error(RULE_HEAD("TT900", "relations") RULE_WHEN("{set: net.core.somaxconn}"),
			  4, 15, "unknown category 'relations'");
}

static void test_load_check_and_when(void **state)
{
	(void)state;
	expect_load_error(RULE_HEAD("TT900", "relation")
			  "    check: builtin\n"
			  RULE_WHEN("{set: net.core.somaxconn}"),
			  2, 5, "rule TT900 needs exactly one of 'check: builtin' or 'when'");
}

static void test_load_neither_check_nor_when(void **state)
{
	(void)state;
	expect_load_error(RULE_HEAD("TT900", "relation"),
			  2, 5, "rule TT900 needs exactly one of 'check: builtin' or 'when'");
	expect_load_error(RULE_HEAD("TT900", "relation") "    check: yes\n",
			  8, 12, "check must be 'builtin'");
}

static void test_load_when_without_at_or_message(void **state)
{
	(void)state;
	expect_load_error(RULE_HEAD("TT900", "relation")
			  "    when: {set: net.core.somaxconn}\n"
			  "    message: m\n",
			  2, 5, "rule TT900 needs 'at'");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  "    when: {set: net.core.somaxconn}\n"
			  "    at: net.core.somaxconn\n",
			  2, 5, "a rule needs 'message'");
}

static void test_load_missing_text_fields(void **state)
{
	(void)state;
	expect_load_error("rules:\n"
			  "  - id: TT900\n"
			  "    severity: warning\n"
			  "    category: relation\n"
			  "    summary: s\n"
			  "    fix: f\n"
			  RULE_WHEN("{set: net.core.somaxconn}"),
			  2, 5, "a rule needs 'description'");
	expect_load_error("rules:\n"
			  "  - id: TT900\n"
			  "    severity: fatal\n"
			  "    category: relation\n"
			  "    summary: s\n"
			  "    description: d\n"
			  "    fix: f\n"
			  RULE_WHEN("{set: net.core.somaxconn}"),
			  3, 15, "severity must be error, warning or note");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  "    scope: [lint, apply]\n"
			  RULE_WHEN("{set: net.core.somaxconn}"),
			  8, 19, "scope entries are lint or plan");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  "    scpoe: [lint]\n"
			  RULE_WHEN("{set: net.core.somaxconn}"),
			  8, 5, "unknown field 'scpoe' in a rule (did you mean 'scope'?)");
}

static void test_load_unknown_key(void **state)
{
	(void)state;
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{key: net.ipv4.tcp_fin_timout, lt: 60}"),
			  8, 17, "rule TT900 names 'net.ipv4.tcp_fin_timout', which is not in the knob catalog (did you mean 'net.ipv4.tcp_fin_timeout'?)");
	/* in an operand, in `set`, in `at` */
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{key: net.core.somaxconn, lt: {key: net.core.somaxcon}}"),
			  8, 47, "names 'net.core.somaxcon', which is not in the knob catalog");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{set: net.core.zzzzzzzzzzzzzzzzzzzz}"),
			  8, 17, "names 'net.core.zzzzzzzzzzzzzzzzzzzz', which is not in the knob catalog");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  "    when: {set: net.core.somaxconn}\n"
			  "    at: net.core.somaxconm\n"
			  "    message: m\n",
			  9, 9, "names 'net.core.somaxconm'");
	/* invalid key syntax */
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{set: net..core}"),
			  8, 17, "'net..core' is not a valid sysctl key");
}

static void test_load_bad_regex(void **state)
{
	(void)state;
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{key: net.core.somaxconn, comment_matches: 'syn(flood'}"),
			  8, 54, "comment_matches: 'syn(flood' is not a valid extended regex");
}

static void test_load_unknown_context(void **state)
{
	(void)state;
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{context: behind_nat}"),
			  8, 21, "unknown context 'behind_nat'");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{context: forwards_traffic, is: maybe}"),
			  8, 43, "is must be true or false");
}

static void test_load_kernel_two_operators(void **state)
{
	(void)state;
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{kernel: {lt: \"4.12\", ge: \"4.1\"}}"),
			  8, 20, "kernel needs exactly one of eq, ne, lt, le, gt, ge");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{kernel: {}}"),
			  8, 20, "kernel needs exactly one of");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{kernel: {lt: \"four\"}}"),
			  8, 25, "kernel version must look like \"4.12\"");
}

static void test_load_bad_conditions(void **state)
{
	(void)state;
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{key: net.core.somaxconn, lt: 1, gt: 2}"),
			  8, 11, "a key condition needs exactly one of");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{key: net.core.somaxconn}"),
			  8, 11, "a key condition needs exactly one of");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{key: net.core.somaxconn, lt: many}"),
			  8, 41, "an operand (integer, {key: K} or default) must be an integer");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{key: net.core.somaxconn, field: 9, lt: 1}"),
			  8, 44, "field must be 0..7");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{key: net.core.somaxconn, lt: 1, fields: 1}"),
			  8, 44, "unknown field 'fields' in a key condition (did you mean 'field'?)");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{every: []}"),
			  8, 11, "unknown condition");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("{all: {set: net.core.somaxconn}}"),
			  8, 17, "all must be a list, not a mapping");
	expect_load_error(RULE_HEAD("TT900", "relation")
			  RULE_WHEN("[set]"),
			  8, 11, "a condition must be a mapping, not a list");
}

static void test_load_error_line_of_second_rule(void **state)
{
	struct ruleset rs;
	struct diags dg = { 0 };
	static const char y[] =
		RULE_HEAD("TT900", "relation") RULE_WHEN("{set: net.core.somaxconn}")
		"  - id: TT901\n"
		"    severity: note\n"
		"    category: vaule\n"
		"    summary: s\n"
		"    description: d\n"
		"    fix: f\n"
		RULE_WHEN("{set: net.core.somaxconn}");

	(void)state;
	memset(&rs, 0, sizeof(rs));
	assert_int_equal(rules_load(&rs, &cat, "rules.yaml", y, strlen(y), &dg), -EINVAL);
	tu_assert_diag(&dg, SEV_ERROR, 13, 15, "unknown category 'vaule'");
	assert_string_equal(dg.v[0].file, "rules.yaml");
	assert_int_equal(diags_count(&dg, SEV_ERROR), 1);
	/* the good rule is kept, the bad one is not */
	assert_non_null(rules_find(&rs, "TT900"));
	assert_null(rules_find(&rs, "TT901"));
	assert_int_equal(rules_find(&rs, "TT900")->line, 2);
	diags_free(&dg);
	rules_free(&rs);
}

static void test_load_override_and_sort(void **state)
{
	struct ruleset rs;
	struct diags dg = { 0 };
	static const char a[] =
		RULE_HEAD("TT902", "relation") RULE_WHEN("{set: net.core.somaxconn}")
		"  - id: TT900\n"
		"    severity: note\n"
		"    category: value\n"
		"    summary: first\n"
		"    description: d\n"
		"    fix: f\n"
		"    check: builtin\n";
	static const char b[] =
		"rules:\n"
		"  - id: TT900\n"
		"    severity: error\n"
		"    category: value\n"
		"    summary: second\n"
		"    description: d\n"
		"    fix: f\n"
		"    check: builtin\n";

	(void)state;
	memset(&rs, 0, sizeof(rs));
	assert_int_equal(rules_load(&rs, &cat, "a.yaml", a, strlen(a), &dg), 0);
	assert_int_equal(rules_load(&rs, &cat, "b.yaml", b, strlen(b), &dg), 0);
	assert_int_equal(dg.n, 0);
	assert_int_equal(rs.n, 2);
	assert_string_equal(rs.rules[0]->id, "TT900");
	assert_string_equal(rs.rules[1]->id, "TT902");
	assert_string_equal(rules_find(&rs, "TT900")->summary, "second");
	assert_int_equal(rules_find(&rs, "TT900")->sev, SEV_ERROR);
	assert_true(rules_find(&rs, "TT900")->builtin);
	assert_string_equal(rules_find(&rs, "TT900")->file, "b.yaml");
	assert_null(rules_find(&rs, "TT999"));
	diags_free(&dg);
	rules_free(&rs);
}

/* ------------------------------------------------------------------------ */
/* The built-in rules on the corpus facts                                   */
/* ------------------------------------------------------------------------ */

/* A kernel at its defaults (nothing set by the input). */
static void kernel_defaults(struct fake *f, const char *version)
{
	fake_init(f);
	fake_kernel(f, version);
	fake_val(f, "net.ipv4.tcp_tw_reuse", "2");
	fake_val(f, "net.ipv4.tcp_timestamps", "1");
	fake_val(f, "net.ipv4.ip_local_port_range", "32768\t60999");
	fake_val(f, "net.ipv4.ip_unprivileged_port_start", "1024");
	fake_val(f, "net.ipv4.tcp_syncookies", "1");
	fake_val(f, "net.ipv4.tcp_max_syn_backlog", "4096");
	fake_val(f, "net.core.somaxconn", "4096");
	fake_val(f, "net.ipv4.tcp_max_tw_buckets", "262144");
	fake_val(f, "net.ipv4.tcp_orphan_retries", "0");
	fake_val(f, "net.ipv4.tcp_fin_timeout", "60");
	fake_val(f, "net.ipv4.ip_forward", "0");
	fake_val(f, "net.core.rmem_max", "4194304");
	fake_val(f, "net.ipv4.tcp_rmem", "4096\t131072\t33554432");
	fake_val(f, "net.ipv4.tcp_wmem", "4096\t16384\t4194304");
}

/* Run the built-in rules in plan scope; expect exactly the ids in want (NULL-terminated). */
static void expect_fired(struct fake *f, const char *const *want, struct fired *fr)
{
	size_t i, n = 0;

	run_rules(&builtin, f, true, fr);
	for (i = 0; want[i]; i++, n++) {
		if (fired_find(fr, want[i]) < 0) {
			size_t j;

			fprintf(stderr, "expected %s to fire; fired:", want[i]);
			for (j = 0; j < fr->n; j++)
				fprintf(stderr, " %s", fr->id[j]);
			fprintf(stderr, "\n");
			fail();
		}
	}
	if (fr->n != n) {
		for (i = 0; i < fr->n; i++)
			fprintf(stderr, "fired %s at %s: %s\n", fr->id[i], fr->at[i], fr->msg[i]);
	}
	assert_int_equal(fr->n, n);
}

static void test_builtin_defaults_fire_nothing(void **state)
{
	static const char *const none[] = { NULL };
	struct fake f;
	struct fired fr;

	(void)state;
	kernel_defaults(&f, "6.1");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
	/* lint scope too */
	run_rules(&builtin, &f, false, &fr);
	assert_int_equal(fr.n, 0);
	fired_free(&fr);

	/* the defaults set explicitly by the input */
	fake_input(&f, "net.ipv4.tcp_tw_reuse", "2");
	fake_input(&f, "net.ipv4.tcp_timestamps", "1");
	fake_input(&f, "net.ipv4.tcp_syncookies", "1");
	fake_input(&f, "net.ipv4.ip_local_port_range", "32768 60999");
	fake_input(&f, "net.ipv4.tcp_max_tw_buckets", "262144");
	fake_input(&f, "net.ipv4.tcp_fin_timeout", "60");
	fake_input(&f, "net.core.somaxconn", "4096");
	fake_input(&f, "net.ipv4.tcp_max_syn_backlog", "4096");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
}

static void test_builtin_tt406(void **state)
{
	static const char *const tt406[] = { "TT406", NULL };
	static const char *const none[] = { NULL };
	struct fake f;
	struct fired fr;
	int i;

	(void)state;
	kernel_defaults(&f, "6.1");
	fake_val(&f, "net.ipv4.tcp_timestamps", "0");
	fake_input(&f, "net.ipv4.tcp_tw_reuse", "1");
	expect_fired(&f, tt406, &fr);
	i = fired_find(&fr, "TT406");
	assert_string_equal(fr.at[i], "net.ipv4.tcp_tw_reuse");
	assert_non_null(strstr(fr.msg[i], "tcp_tw_reuse=1 does nothing while tcp_timestamps is 0"));
	fired_free(&fr);

	/* tcp_tw_reuse=2 (loopback) is also reuse */
	fake_input(&f, "net.ipv4.tcp_tw_reuse", "2");
	expect_fired(&f, tt406, &fr);
	assert_non_null(strstr(fr.msg[0], "tcp_tw_reuse=2"));
	fired_free(&fr);

	/* timestamps on: nothing */
	kernel_defaults(&f, "6.1");
	fake_input(&f, "net.ipv4.tcp_tw_reuse", "1");
	expect_fired(&f, none, &fr);
	fired_free(&fr);

	/* reuse off: nothing */
	kernel_defaults(&f, "6.1");
	fake_val(&f, "net.ipv4.tcp_timestamps", "0");
	fake_input(&f, "net.ipv4.tcp_tw_reuse", "0");
	expect_fired(&f, none, &fr);
	fired_free(&fr);

	/* timestamps 0 set by the input with reuse at its default 2: TT507 only (TT406 needs reuse set) */
	{
		static const char *const tt507[] = { "TT507", NULL };

		kernel_defaults(&f, "6.1");
		fake_input(&f, "net.ipv4.tcp_timestamps", "0");
		expect_fired(&f, tt507, &fr);
		assert_string_equal(fr.at[0], "net.ipv4.tcp_timestamps");
		fired_free(&fr);

		/* both set: both fire */
		static const char *const both[] = { "TT406", "TT507", NULL };

		fake_input(&f, "net.ipv4.tcp_tw_reuse", "1");
		expect_fired(&f, both, &fr);
		assert_string_equal(fr.at[fired_find(&fr, "TT406")], "net.ipv4.tcp_tw_reuse");
		fired_free(&fr);
	}
}

static void test_builtin_port_range(void **state)
{
	static const char *const tt401[] = { "TT401", NULL };
	static const char *const tt402[] = { "TT402", NULL };
	static const char *const tt403[] = { "TT403", NULL };
	static const char *const none[] = { NULL };
	struct fake f;
	struct fired fr;

	(void)state;
	/* TT401: min above max */
	kernel_defaults(&f, "6.1");
	fake_input(&f, "net.ipv4.ip_local_port_range", "40000 30000");
	expect_fired(&f, tt401, &fr);
	assert_string_equal(fr.at[0], "net.ipv4.ip_local_port_range");
	assert_non_null(strstr(fr.msg[0], "ip_local_port_range \"40000 30000\" has min above max"));
	fired_free(&fr);

	/* TT402: same parity */
	kernel_defaults(&f, "6.1");
	fake_input(&f, "net.ipv4.ip_local_port_range", "10000 60000");
	expect_fired(&f, tt402, &fr);
	assert_string_equal(fr.at[0], "net.ipv4.ip_local_port_range");
	assert_non_null(strstr(fr.msg[0], "\"10000 60000\": both ends have the same parity"));
	fired_free(&fr);
	fake_input(&f, "net.ipv4.ip_local_port_range", "10001 60001");
	expect_fired(&f, tt402, &fr);
	fired_free(&fr);
	/* different parity (the web-frontend profile's range): nothing */
	fake_input(&f, "net.ipv4.ip_local_port_range", "10000 65535");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
	/* equal ends: same parity and min <= max */
	fake_input(&f, "net.ipv4.ip_local_port_range", "40000 40000");
	expect_fired(&f, tt402, &fr);
	fired_free(&fr);

	/* TT403: below ip_unprivileged_port_start (1024) on >= 4.11 */
	kernel_defaults(&f, "6.1");
	fake_input(&f, "net.ipv4.ip_local_port_range", "1000 65535");
	expect_fired(&f, tt403, &fr);
	assert_string_equal(fr.at[0], "net.ipv4.ip_local_port_range");
	assert_non_null(strstr(fr.msg[0], "starts at 1000, below ip_unprivileged_port_start=1024"));
	fired_free(&fr);
	/* the start lowered too: fine */
	fake_input(&f, "net.ipv4.ip_unprivileged_port_start", "1000");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
	/* before 4.11 the check does not apply */
	kernel_defaults(&f, "4.9");
	fake_input(&f, "net.ipv4.ip_local_port_range", "1000 65535");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
	/* unknown kernel: unknown, no finding */
	kernel_defaults(&f, NULL);
	fake_input(&f, "net.ipv4.ip_local_port_range", "1000 65535");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
	/* set only ip_unprivileged_port_start above the range start: points at it */
	kernel_defaults(&f, "6.1");
	fake_input(&f, "net.ipv4.ip_unprivileged_port_start", "40000");
	expect_fired(&f, tt403, &fr);
	assert_string_equal(fr.at[0], "net.ipv4.ip_unprivileged_port_start");
	fired_free(&fr);
}

static void test_builtin_tt408_syncookies(void **state)
{
	static const char *const tt408[] = { "TT408", NULL };
	static const char *const none[] = { NULL };
	struct fake f;
	struct fired fr;

	(void)state;
	kernel_defaults(&f, "6.1");
	fake_input(&f, "net.ipv4.tcp_syncookies", "0");
	expect_fired(&f, tt408, &fr);
	assert_string_equal(fr.at[0], "net.ipv4.tcp_syncookies");
	assert_non_null(strstr(fr.msg[0], "tcp_syncookies=0"));
	fired_free(&fr);
	fake_input(&f, "net.ipv4.tcp_syncookies", "1");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
	fake_input(&f, "net.ipv4.tcp_syncookies", "2");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
}

static void test_builtin_tt501_tw_recycle(void **state)
{
	static const char *const tt501[] = { "TT501", NULL };
	static const char *const both[] = { "TT501", "TT601", NULL };
	static const char *const none[] = { NULL };
	struct fake f;
	struct fired fr;

	(void)state;
	kernel_defaults(&f, "6.1");
	fake_input(&f, "net.ipv4.tcp_tw_recycle", "1");
	expect_fired(&f, tt501, &fr);
	assert_string_equal(fr.at[0], "net.ipv4.tcp_tw_recycle");
	assert_non_null(strstr(fr.msg[0], "tcp_tw_recycle=1: removed in 4.12"));
	fired_free(&fr);

	/* clients behind NAT on a kernel that still has it: TT601 too */
	kernel_defaults(&f, "4.9");
	f.nat = 1;
	fake_input(&f, "net.ipv4.tcp_tw_recycle", "1");
	expect_fired(&f, both, &fr);
	assert_string_equal(fr.at[fired_find(&fr, "TT601")], "net.ipv4.tcp_tw_recycle");
	fired_free(&fr);
	/* not behind NAT: TT501 only */
	f.nat = 0;
	expect_fired(&f, tt501, &fr);
	fired_free(&fr);

	fake_input(&f, "net.ipv4.tcp_tw_recycle", "0");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
}

static void test_builtin_tt503_tw_buckets(void **state)
{
	static const char *const tt503[] = { "TT503", NULL };
	static const char *const none[] = { NULL };
	struct fake f;
	struct fired fr;

	(void)state;
	kernel_defaults(&f, "6.1");
	fake_input(&f, "net.ipv4.tcp_max_tw_buckets", "5000");
	expect_fired(&f, tt503, &fr);
	assert_string_equal(fr.at[0], "net.ipv4.tcp_max_tw_buckets");
	assert_non_null(strstr(fr.msg[0], "tcp_max_tw_buckets=5000"));
	fired_free(&fr);
	fake_input(&f, "net.ipv4.tcp_max_tw_buckets", "0");
	expect_fired(&f, tt503, &fr);
	fired_free(&fr);
	fake_input(&f, "net.ipv4.tcp_max_tw_buckets", "262144");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
	fake_input(&f, "net.ipv4.tcp_max_tw_buckets", "2000000");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
	fake_input(&f, "net.ipv4.tcp_max_tw_buckets", "-1");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
}

static void test_builtin_tt504_orphan_retries(void **state)
{
	static const char *const tt504[] = { "TT504", NULL };
	static const char *const none[] = { NULL };
	struct fake f;
	struct fired fr;

	(void)state;
	/* 0 is the kernel's default: no finding unless the input sets it */
	kernel_defaults(&f, "6.1");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
	fake_input(&f, "net.ipv4.tcp_orphan_retries", "0");
	expect_fired(&f, tt504, &fr);
	assert_string_equal(fr.at[0], "net.ipv4.tcp_orphan_retries");
	assert_non_null(strstr(fr.msg[0], "tcp_orphan_retries=0 is the default and means 8 retries"));
	fired_free(&fr);
	fake_input(&f, "net.ipv4.tcp_orphan_retries", "3");
	expect_fired(&f, none, &fr);
	fired_free(&fr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmp_integer),
		cmocka_unit_test(test_cmp_field),
		cmocka_unit_test(test_cmp_key_operand),
		cmocka_unit_test(test_cmp_default_operand),
		cmocka_unit_test(test_parity),
		cmocka_unit_test(test_bits_outside),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_kernel),
		cmocka_unit_test(test_comment_matches),
		cmocka_unit_test(test_all_any_not),
		cmocka_unit_test(test_three_valued),
		cmocka_unit_test(test_fires_only_when_a_key_is_set),
		cmocka_unit_test(test_message_placeholders),
		cmocka_unit_test(test_load_bad_id),
		cmocka_unit_test(test_load_unknown_category),
		cmocka_unit_test(test_load_check_and_when),
		cmocka_unit_test(test_load_neither_check_nor_when),
		cmocka_unit_test(test_load_when_without_at_or_message),
		cmocka_unit_test(test_load_missing_text_fields),
		cmocka_unit_test(test_load_unknown_key),
		cmocka_unit_test(test_load_bad_regex),
		cmocka_unit_test(test_load_unknown_context),
		cmocka_unit_test(test_load_kernel_two_operators),
		cmocka_unit_test(test_load_bad_conditions),
		cmocka_unit_test(test_load_error_line_of_second_rule),
		cmocka_unit_test(test_load_override_and_sort),
		cmocka_unit_test(test_builtin_defaults_fire_nothing),
		cmocka_unit_test(test_builtin_tt406),
		cmocka_unit_test(test_builtin_port_range),
		cmocka_unit_test(test_builtin_tt408_syncookies),
		cmocka_unit_test(test_builtin_tt501_tw_recycle),
		cmocka_unit_test(test_builtin_tt503_tw_buckets),
		cmocka_unit_test(test_builtin_tt504_orphan_retries),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown) != 0;
}
