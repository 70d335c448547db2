// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The catalog and rules compiled into the binary (tools/gendata.c) must be
 * exactly what the YAML loaders read from schema/: field by field, so a
 * field added to struct knob or struct cond but not to the generator fails
 * here.
 */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "builtin.h"

static void assert_str(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_strv(const struct strv *a, const struct strv *b)
{
	size_t i;

	assert_int_equal(a->n, b->n);
	for (i = 0; i < a->n; i++)
		assert_string_equal(a->v[i], b->v[i]);
}

static void assert_bounds(const struct bounds *a, const struct bounds *b)
{
	assert_int_equal(a->has_min, b->has_min);
	assert_int_equal(a->has_max, b->has_max);
	if (a->has_min)
		assert_int_equal(a->min, b->min);
	if (a->has_max)
		assert_int_equal(a->max, b->max);
}

static void assert_descs(const struct knob_value_desc *a, size_t na, const struct knob_value_desc *b, size_t nb)
{
	size_t i;

	assert_int_equal(na, nb);
	for (i = 0; i < na; i++) {
		assert_int_equal(a[i].value, b[i].value);
		assert_string_equal(a[i].text, b[i].text);
	}
}

static void assert_knob(const struct knob *a, const struct knob *b)
{
	size_t i;

	assert_string_equal(a->key, b->key);
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->fields, b->fields);
	assert_int_equal(a->elem, b->elem);
	assert_bounds(&a->bounds, &b->bounds);
	assert_bounds(&a->meaningful, &b->meaningful);
	assert_descs(a->values, a->nvalues, b->values, b->nvalues);
	assert_descs(a->bits, a->nbits, b->bits, b->nbits);
	assert_int_equal(a->known_bits, b->known_bits);
	assert_strv(&a->strings, &b->strings);
	assert_int_equal(a->access, b->access);
	assert_str(a->def, b->def);
	assert_str(a->default_note, b->default_note);
	assert_int_equal(a->nhistory, b->nhistory);
	for (i = 0; i < a->nhistory; i++) {
		assert_str(a->history[i].version, b->history[i].version);
		assert_str(a->history[i].def, b->history[i].def);
		assert_str(a->history[i].note, b->history[i].note);
	}
	assert_str(a->added, b->added);
	assert_str(a->removed, b->removed);
	assert_str(a->noop_since, b->noop_since);
	assert_str(a->netns_since, b->netns_since);
	assert_int_equal(a->obsolete, b->obsolete);
	assert_int_equal(a->noop, b->noop);
	assert_int_equal(a->netns, b->netns);
	assert_str(a->module, b->module);
	assert_int_equal(a->kubernetes, b->kubernetes);
	assert_str(a->kubernetes_since, b->kubernetes_since);
	assert_str(a->refuse, b->refuse);
	assert_str(a->alias_of, b->alias_of);
	assert_strv(&a->unverified, &b->unverified);
	assert_str(a->summary, b->summary);
	assert_str(a->explanation, b->explanation);
	assert_strv(&a->myths, &b->myths);
	assert_strv(&a->counters, &b->counters);
	assert_strv(&a->sources, &b->sources);
	assert_int_equal(a->pattern, b->pattern);
	assert_str(a->file, b->file);
	assert_int_equal(a->line, b->line);
}

static void test_catalog_equal(void **state)
{
	struct catalog yaml, built = { 0 };
	size_t i;

	(void)state;
	tu_load_catalog(&yaml);
	catalog_load_builtin(&built);
	assert_int_equal(built.n, yaml.n);
	for (i = 0; i < yaml.n; i++)
		assert_knob(built.knobs[i], yaml.knobs[i]);
	/* lookups behave the same on both */
	assert_string_equal(catalog_find(&built, "net.ipv4.conf.eth0.rp_filter")->key,
			    catalog_find(&yaml, "net.ipv4.conf.eth0.rp_filter")->key);
	catalog_free(&yaml);
	free(built.knobs);
}

static void assert_cond(const struct cond *a, const struct cond *b)
{
	size_t i;

	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->nkids, b->nkids);
	for (i = 0; i < a->nkids; i++)
		assert_cond(a->kids[i], b->kids[i]);
	assert_str(a->key, b->key);
	assert_int_equal(a->field, b->field);
	assert_int_equal(a->op, b->op);
	assert_int_equal(a->rhs.kind, b->rhs.kind);
	assert_int_equal(a->rhs.num, b->rhs.num);
	assert_str(a->rhs.key, b->rhs.key);
	assert_int_equal(a->rhs.field, b->rhs.field);
	assert_int_equal(a->mask, b->mask);
	assert_str(a->ctx, b->ctx);
	assert_int_equal(a->ctx_is, b->ctx_is);
	assert_int_equal(a->kver.known, b->kver.known);
	assert_int_equal(kver_cmp(&a->kver, &b->kver), 0);
	assert_str(a->re_src, b->re_src);
	/* a comment_matches condition is compiled on both sides */
	assert_int_equal(a->re != NULL, b->re != NULL);
}

static void test_rules_equal(void **state)
{
	struct catalog cat;
	struct ruleset yaml, built = { 0 };
	size_t i, j;

	(void)state;
	tu_load_catalog(&cat);
	tu_load_rules(&yaml, &cat);
	assert_int_equal(rules_load_builtin(&built), 0);
	assert_int_equal(built.n, yaml.n);
	for (i = 0; i < yaml.n; i++) {
		const struct rule *a = built.rules[i], *b = yaml.rules[i];

		assert_string_equal(a->id, b->id);
		assert_int_equal(a->sev, b->sev);
		assert_str(a->category, b->category);
		assert_str(a->summary, b->summary);
		assert_str(a->description, b->description);
		assert_str(a->fix, b->fix);
		assert_int_equal(a->in_lint, b->in_lint);
		assert_int_equal(a->in_plan, b->in_plan);
		assert_int_equal(a->builtin, b->builtin);
		assert_str(a->at, b->at);
		assert_str(a->message, b->message);
		assert_int_equal(a->nkeys, b->nkeys);
		for (j = 0; j < a->nkeys; j++)
			assert_string_equal(a->keys[j], b->keys[j]);
		assert_int_equal(a->when != NULL, b->when != NULL);
		if (a->when)
			assert_cond(a->when, b->when);
	}
	rules_free(&yaml);
	rules_free(&built);
	catalog_free(&cat);
}

/* Loading the built-in rules twice (tests, long-lived callers) recompiles cleanly. */
static void test_rules_reload(void **state)
{
	struct ruleset a = { 0 }, b = { 0 };

	(void)state;
	assert_int_equal(rules_load_builtin(&a), 0);
	rules_free(&a);
	assert_int_equal(rules_load_builtin(&b), 0);
	assert_true(b.nre > 0);
	rules_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_equal),
		cmocka_unit_test(test_rules_equal),
		cmocka_unit_test(test_rules_reload),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
