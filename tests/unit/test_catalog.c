// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The knob catalog: the built-in data carries the kernel facts of
 * kernel-knobs.md, lookups by key and <iface> pattern, and the loader
 * reports every class of error at its file:line:col.
 */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "util.h"

/* ---- the built-in catalog, loaded once for the first group ---- */

static struct catalog builtin;

static int builtin_setup(void **state)
{
	(void)state;
	tu_load_catalog(&builtin);
	return 0;
}

static int builtin_teardown(void **state)
{
	(void)state;
	catalog_free(&builtin);
	return 0;
}

static const struct knob *must_find(const char *key)
{
	const struct knob *k = catalog_find(&builtin, key);

	if (!k)
		fprintf(stderr, "%s is not in the built-in catalog\n", key);
	assert_non_null(k);
	return k;
}

static struct kver kv(const char *s)
{
	struct kver v;

	assert_int_equal(kver_parse(s, &v), 0);
	return v;
}

static void test_builtin_loads(void **state)
{
	size_t i;

	(void)state;
	assert_true(builtin.n > 50);
	/* sorted by key, no duplicates: catalog_find relies on it */
	for (i = 1; i < builtin.n; i++)
		assert_true(strcmp(builtin.knobs[i - 1]->key, builtin.knobs[i]->key) < 0);
	for (i = 0; i < builtin.n; i++) {
		const struct knob *k = builtin.knobs[i];

		assert_non_null(k->summary);
		assert_true(strlen(k->summary) <= 100);
		assert_non_null(k->explanation);
		assert_true(k->sources.n > 0);
		assert_non_null(k->file);
		assert_true(k->line > 0);
		assert_true(k->fields >= 1);
	}
}

static void test_tcp_tw_reuse(void **state)
{
	const struct knob *k = must_find("net.ipv4.tcp_tw_reuse");

	(void)state;
	assert_int_equal(k->type, VT_U8);
	assert_true(k->bounds.has_min && k->bounds.min == 0);
	assert_true(k->bounds.has_max && k->bounds.max == 2);
	assert_non_null(k->def);
	assert_string_equal(k->def, "2");
	assert_int_equal(k->netns, NETNS_OWN);
	assert_false(k->pattern);
	assert_null(k->removed);
	assert_non_null(knob_value_text(k, 2));
	assert_null(knob_value_text(k, 7));
}

static void test_tcp_fin_timeout(void **state)
{
	const struct knob *k = must_find("net.ipv4.tcp_fin_timeout");
	struct value v;
	enum value_status st;

	(void)state;
	assert_int_equal(k->type, VT_SECONDS);
	assert_non_null(k->def);
	assert_string_equal(k->def, "60");
	assert_int_equal(k->netns, NETNS_OWN);
	assert_int_equal(k->kubernetes, K8S_SAFE);
	/* knob_parse applies the jiffies bound: T: 8589935 is EINVAL at HZ=250 */
	st = knob_parse(k, "8589934", 250, &v, NULL, NULL, 0);
	value_free(&v);
	assert_int_equal(st, VS_OK);
	st = knob_parse(k, "8589935", 250, &v, NULL, NULL, 0);
	value_free(&v);
	assert_int_equal(st, VS_RANGE);
}

static void test_somaxconn(void **state)
{
	const struct knob *k = must_find("net.core.somaxconn");
	bool found = false;
	size_t i;

	(void)state;
	assert_int_equal(k->type, VT_INT);
	assert_string_equal(k->def, "4096");
	assert_true(k->bounds.has_min && k->bounds.min == 0);
	assert_false(k->bounds.has_max);
	for (i = 0; i < k->nhistory; i++) {
		if (strcmp(k->history[i].version, "5.4") == 0) {
			found = true;
			assert_non_null(k->history[i].def);
			assert_string_equal(k->history[i].def, "4096");
		}
	}
	assert_true(found);
}

static void test_tcp_max_syn_backlog(void **state)
{
	const struct knob *k = must_find("net.ipv4.tcp_max_syn_backlog");

	(void)state;
	assert_int_equal(k->type, VT_INT);
	/* computed from the ehash size: no fixed default */
	assert_null(k->def);
	assert_non_null(k->default_note);
	assert_true(strlen(k->default_note) > 0);
	/* no bounds: T: -1 and 2147483647 accepted */
	assert_false(k->bounds.has_min);
	assert_false(k->bounds.has_max);
}

static void test_ip_local_port_range(void **state)
{
	const struct knob *k = must_find("net.ipv4.ip_local_port_range");
	struct value v;
	enum value_status st;
	char *canon;

	(void)state;
	assert_int_equal(k->type, VT_VECTOR);
	assert_int_equal(k->fields, 2);
	assert_true(k->bounds.has_min && k->bounds.min == 1);
	assert_true(k->bounds.has_max && k->bounds.max == 65535);
	assert_string_equal(k->def, "32768 60999");
	st = knob_parse(k, k->def, 0, &v, NULL, NULL, 0);
	canon = st == VS_OK ? value_canonical(&v) : NULL;
	value_free(&v);
	assert_int_equal(st, VS_OK);
	assert_string_equal(canon, "32768\t60999");
	free(canon);
	/* T: "1024 65536" gives EINVAL */
	st = knob_parse(k, "1024 65536", 0, &v, NULL, NULL, 0);
	value_free(&v);
	assert_int_equal(st, VS_RANGE);
}

static void test_legacy_keys(void **state)
{
	const struct knob *k = must_find("net.ipv4.tcp_tw_recycle");

	(void)state;
	assert_non_null(k->removed);
	assert_string_equal(k->removed, "4.12");
	assert_non_null(k->refuse);
	assert_true(strlen(k->refuse) > 0);

	k = must_find("kernel.exec-shield");
	assert_int_equal(k->netns, NETNS_NONE);
}

static void test_gone(void **state)
{
	const struct knob *recycle = must_find("net.ipv4.tcp_tw_recycle");
	const struct knob *shield = must_find("kernel.exec-shield");
	const struct knob *lowlat = must_find("net.ipv4.tcp_low_latency");
	struct kver v, unknown = { 0 };

	(void)state;
	/* removed with a known version: gone from that version on */
	v = kv("4.11");
	assert_false(knob_gone(recycle, &v));
	v = kv("4.12");
	assert_true(knob_gone(recycle, &v));
	assert_true(knob_gone(recycle, &unknown));
	/* never in mainline: obsolete, gone everywhere */
	assert_true(shield->obsolete);
	assert_null(shield->removed);
	v = kv("2.6.32");
	assert_true(knob_gone(shield, &v));
	assert_true(knob_gone(shield, &unknown));
	/* a no-op is still there */
	v = kv("6.12");
	assert_false(knob_gone(lowlat, &v));
	assert_false(knob_gone(lowlat, &unknown));
}

static void test_noop_keys(void **state)
{
	const struct knob *k = must_find("net.ipv4.tcp_low_latency");

	(void)state;
	assert_non_null(k->noop_since);
	assert_string_equal(k->noop_since, "4.14");
	assert_null(k->removed);
}

static void test_find_pattern(void **state)
{
	const struct knob *k;
	char iface[64];

	(void)state;
	k = catalog_find(&builtin, "net.ipv4.conf.eth0.rp_filter");
	assert_non_null(k);
	assert_string_equal(k->key, "net.ipv4.conf.<iface>.rp_filter");
	assert_true(k->pattern);
	assert_true(knob_iface(k, "net.ipv4.conf.eth0.rp_filter", iface, sizeof(iface)));
	assert_string_equal(iface, "eth0");

	assert_ptr_equal(catalog_find(&builtin, "net.ipv4.conf.all.rp_filter"), k);
	assert_ptr_equal(catalog_find(&builtin, "net.ipv4.conf.default.rp_filter"), k);

	/* a VLAN interface "enp3s0.200" is one segment, written with '/' */
	assert_ptr_equal(catalog_find(&builtin, "net.ipv4.conf.enp3s0/200.rp_filter"), k);
	assert_true(knob_iface(k, "net.ipv4.conf.enp3s0/200.rp_filter", iface, sizeof(iface)));
	assert_string_equal(iface, "enp3s0/200");

	/* a short buffer truncates, never overflows */
	assert_true(knob_iface(k, "net.ipv4.conf.enp3s0.rp_filter", iface, 4));
	assert_string_equal(iface, "enp");

	/* <iface> is exactly one non-empty segment */
	assert_null(catalog_find(&builtin, "net.ipv4.conf.rp_filter"));
	assert_null(catalog_find(&builtin, "net.ipv4.conf..rp_filter"));
	assert_null(catalog_find(&builtin, "net.ipv4.conf.enp3s0.200.rp_filter"));
	assert_null(catalog_find(&builtin, "net.ipv4.conf.eth0.rp_filter.x"));
	assert_false(knob_iface(k, "net.ipv4.conf.eth0.forwarding", iface, sizeof(iface)));

	/* an exact key is not a pattern */
	k = must_find("net.core.somaxconn");
	assert_false(knob_iface(k, "net.core.somaxconn", iface, sizeof(iface)));
	assert_null(catalog_find(&builtin, "net.core.somaxconnx"));
	assert_null(catalog_find(&builtin, "net.core"));
	assert_null(catalog_find(&builtin, ""));
}

static void test_suggest(void **state)
{
	const char *s;

	(void)state;
	s = catalog_suggest(&builtin, "net.ipv4.tcp_fin_timout");
	assert_non_null(s);
	assert_string_equal(s, "net.ipv4.tcp_fin_timeout");
	s = catalog_suggest(&builtin, "net.ipv4.tcp_tw_reues");
	assert_non_null(s);
	assert_string_equal(s, "net.ipv4.tcp_tw_reuse");
	s = catalog_suggest(&builtin, "net.core.somaxcon");
	assert_non_null(s);
	assert_string_equal(s, "net.core.somaxconn");
	assert_null(catalog_suggest(&builtin, "xyzzy"));
	assert_null(catalog_suggest(&builtin, "completely.unrelated.nonsense_key_name"));
}

static void test_on_kernel(void **state)
{
	const struct knob *recycle = must_find("net.ipv4.tcp_tw_recycle");
	const struct knob *reuse = must_find("net.ipv4.tcp_tw_reuse");
	struct kver v, unknown = { 0 };

	(void)state;
	/* tcp_tw_recycle: 2.4 .. 4.11, gone in 4.12 */
	v = kv("4.11");
	assert_true(knob_on_kernel(recycle, &v));
	v = kv("4.11.12");
	assert_true(knob_on_kernel(recycle, &v));
	v = kv("4.12");
	assert_false(knob_on_kernel(recycle, &v));
	v = kv("6.12.117");
	assert_false(knob_on_kernel(recycle, &v));
	v = kv("2.2");
	assert_false(knob_on_kernel(recycle, &v));
	assert_true(knob_on_kernel(recycle, &unknown));

	/* tcp_tw_reuse: added in 2.4.19 */
	v = kv("2.4.18");
	assert_false(knob_on_kernel(reuse, &v));
	v = kv("2.4.19");
	assert_true(knob_on_kernel(reuse, &v));
	v = kv("6.18");
	assert_true(knob_on_kernel(reuse, &v));
}

/* ---- the loader on small YAML buffers ---- */

struct fx {
	struct catalog c;
	struct diags dg;
};

static int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fx *f = *state;

	catalog_free(&f->c);
	diags_free(&f->dg);
	free(f);
	return 0;
}

/*
 * A valid entry; tests replace one line. Line numbers:
 * 1 knobs:, 2 key (entry mapping at 2:5), 3 type, 4 netns, 5 summary,
 * 6 explanation, 7 sources.
 */
#define L1 "knobs:\n"
#define L2 "  - key: net.test.a\n"
#define L3 "    type: int\n"
#define L4 "    netns: own\n"
#define L5 "    summary: A test knob.\n"
#define L6 "    explanation: Text.\n"
#define L7 "    sources: [here]\n"
#define VALID L1 L2 L3 L4 L5 L6 L7

static int load(struct fx *f, const char *yaml)
{
	return tu_catalog_from(&f->c, yaml, &f->dg);
}

static void test_load_minimal(void **state)
{
	struct fx *f = *state;
	const struct knob *k;

	assert_int_equal(load(f, VALID), 0);
	if (f->dg.n)
		tu_dump(&f->dg);
	assert_int_equal(f->dg.n, 0);
	assert_int_equal(f->c.n, 1);
	k = catalog_find(&f->c, "net.test.a");
	assert_non_null(k);
	assert_int_equal(k->type, VT_INT);
	assert_int_equal(k->fields, 1);
	assert_int_equal(k->netns, NETNS_OWN);
	assert_int_equal(k->access, ACC_RW);
	assert_int_equal(k->kubernetes, K8S_UNKNOWN);
	assert_string_equal(k->summary, "A test knob.");
	assert_int_equal(k->sources.n, 1);
	assert_string_equal(k->sources.v[0], "here");
	assert_string_equal(k->file, "test.yaml");
	assert_int_equal(k->line, 2);
	assert_null(k->def);
}

static void test_err_yaml_syntax(void **state)
{
	struct fx *f = *state;

	/* a tab cannot indent YAML */
	assert_int_equal(load(f, "knobs:\n\t- key: a\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 2, 1, "invalid YAML");
	assert_int_equal(f->c.n, 0);
}

static void test_err_yaml_unclosed(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, L1 L2 "    sources: [here\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 4, 1, "invalid YAML");
	assert_int_equal(f->c.n, 0);
}

static void test_err_empty(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, "# nothing here\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 1, 1, "empty");
}

static void test_err_not_mapping(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, "- a\n- b\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 1, 1, "a catalog file must be a mapping, not a list");
	diags_free(&f->dg);
	assert_int_equal(load(f, "hello\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 1, 1, "a catalog file must be a mapping, not a scalar");
	assert_int_equal(f->c.n, 0);
}

static void test_err_missing_knobs(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, "# a catalog\nversion: 1\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 2, 1, "needs a 'knobs' list");
	tu_assert_diag(&f->dg, SEV_ERROR, 2, 1, "unknown field 'version'");
	diags_free(&f->dg);

	assert_int_equal(load(f, "knob:\n  - key: x\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 1, 1, "unknown field 'knob' in a catalog file (did you mean 'knobs'?)");
	tu_assert_diag(&f->dg, SEV_ERROR, 1, 1, "needs a 'knobs' list");
	diags_free(&f->dg);

	assert_int_equal(load(f, "knobs: 3\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 1, 8, "knobs must be a list, not a scalar");
	diags_free(&f->dg);

	assert_int_equal(load(f, "knobs:\n  key: x\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 2, 3, "knobs must be a list, not a mapping");
	assert_int_equal(f->c.n, 0);
}

static void test_err_entry_not_mapping(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, "knobs:\n  - net.test.a\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 2, 5, "a knob entry must be a mapping, not a scalar");
	assert_int_equal(f->c.n, 0);
}

static void test_err_unknown_field(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, L1 L2 L3 L4 "    sumary: A test knob.\n" L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 5, 5, "unknown field 'sumary' in a knob entry (did you mean 'summary'?)");
	tu_assert_diag(&f->dg, SEV_ERROR, 2, 5, "net.test.a: 'summary' is required");
	assert_int_equal(f->c.n, 0);
}

static void test_err_unknown_field_far(void **state)
{
	struct fx *f = *state;
	size_t i;

	assert_int_equal(load(f, VALID "    frobnicate: yes\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 8, 5, "unknown field 'frobnicate' in a knob entry");
	/* nothing is close: no suggestion */
	for (i = 0; i < f->dg.n; i++)
		assert_null(strstr(f->dg.v[i].msg, "did you mean"));
	assert_int_equal(f->c.n, 0);
}

static void test_err_duplicate_field(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, L1 L2 L3 "    type: uint\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 4, 5, "'type' appears twice in a knob entry");
	assert_int_equal(f->c.n, 0);
}

static void test_err_missing_required(void **state)
{
	static const struct {
		const char *field;
		const char *yaml;
	} cases[] = {
		{ "type", L1 L2 L4 L5 L6 L7 },
		{ "netns", L1 L2 L3 L5 L6 L7 },
		{ "summary", L1 L2 L3 L4 L6 L7 },
		{ "explanation", L1 L2 L3 L4 L5 L7 },
		{ "sources", L1 L2 L3 L4 L5 L6 },
	};
	struct fx *f = *state;
	char want[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		catalog_free(&f->c);
		diags_free(&f->dg);
		snprintf(want, sizeof(want), "net.test.a: '%s' is required", cases[i].field);
		assert_int_equal(load(f, cases[i].yaml), -EINVAL);
		assert_int_equal(f->c.n, 0);
		tu_assert_diag(&f->dg, SEV_ERROR, 2, 5, want);
	}
}

static void test_err_missing_key(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, L1 "  - type: int\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 2, 5, "a knob entry needs 'key'");
	assert_int_equal(f->c.n, 0);
}

static void test_err_bad_key(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, L1 "  - key: net..x\n" L3 L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 2, 10, "'net..x' is not a valid sysctl key");
	diags_free(&f->dg);
	assert_int_equal(load(f, L1 "  - key: net.a*b\n" L3 L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 2, 10, "is not a valid sysctl key");
	assert_int_equal(f->c.n, 0);
}

/*
 * "net.ipv4.//.x" is "net/ipv4/../x" as a path, and "net.x/" ends a segment
 * with a separator: key_valid refuses both, and so must the catalog.
 */
static void test_err_key_dot_segment(void **state)
{
	static const char *const keys[] = { "net.ipv4.//.x", "a./.b", "net.x/", "/net.x", "net.ipv4.//" };
	struct fx *f = *state;
	char yaml[512];
	size_t i, accepted = 0;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(yaml, sizeof(yaml), L1 "  - key: \"%s\"\n" L3 L4 L5 L6 L7, keys[i]);
		diags_free(&f->dg);
		if (load(f, yaml) != -EINVAL || catalog_find(&f->c, keys[i]) ||
		    !diags_count(&f->dg, SEV_ERROR)) {
			fprintf(stderr, "the catalog accepted the key \"%s\"\n", keys[i]);
			accepted++;
		}
	}
	assert_int_equal(accepted, 0);
	assert_int_equal(f->c.n, 0);
}

static void test_pattern_key_accepted(void **state)
{
	struct fx *f = *state;
	const struct knob *k;

	assert_int_equal(load(f, L1 "  - key: net.test.conf.<iface>.x\n" L3 L4 L5 L6 L7), 0);
	k = catalog_find(&f->c, "net.test.conf.eth1.x");
	assert_non_null(k);
	assert_true(k->pattern);
}

static void test_err_unknown_type(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, L1 L2 "    type: integer\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 3, 11, "unknown type 'integer'");
	assert_int_equal(f->c.n, 0);
}

static void test_err_vector_without_fields(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, L1 L2 "    type: vector\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 2, 5, "net.test.a: a vector needs 'fields'");
	diags_free(&f->dg);
	assert_int_equal(load(f, L1 L2 "    type: vector\n    fields: 0\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 4, 13, "fields must be 1..8");
	diags_free(&f->dg);
	assert_int_equal(load(f, L1 L2 "    type: vector\n    fields: 9\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 4, 13, "fields must be 1..8");
	assert_int_equal(f->c.n, 0);

	diags_free(&f->dg);
	assert_int_equal(load(f, L1 L2 "    type: vector\n    fields: 3\n" L4 L5 L6 L7), 0);
	assert_int_equal(catalog_find(&f->c, "net.test.a")->fields, 3);
}

static void test_err_bitmask_without_bits(void **state)
{
	struct fx *f = *state;
	const struct knob *k;

	assert_int_equal(load(f, L1 L2 "    type: bitmask\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 2, 5, "net.test.a: a bitmask needs 'bits'");
	diags_free(&f->dg);
	assert_int_equal(load(f, L1 L2 "    type: bitmask\n    bits: {zz: one}\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 4, 12, "bits keys must be integers");
	assert_int_equal(f->c.n, 0);

	diags_free(&f->dg);
	assert_int_equal(load(f, L1 L2 "    type: bitmask\n    bits: {\"0x1\": one, 0x400: two}\n" L4 L5 L6 L7), 0);
	k = catalog_find(&f->c, "net.test.a");
	assert_non_null(k);
	assert_int_equal(k->nbits, 2);
	assert_true(k->known_bits == 0x401);
}

static void test_err_bounds(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, L1 L2 L3 "    bounds: {min: 5, max: 1}\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 4, 13, "bounds: min 5 is above max 1");
	diags_free(&f->dg);
	assert_int_equal(load(f, L1 L2 L3 "    meaningful: {min: 3, max: 2}\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 4, 17, "meaningful: min 3 is above max 2");
	diags_free(&f->dg);
	assert_int_equal(load(f, L1 L2 L3 "    bounds: {min: 010}\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 4, 19, "octal");
	diags_free(&f->dg);
	assert_int_equal(load(f, L1 L2 L3 "    bounds: {minn: 1}\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 4, 14, "unknown field 'minn' in bounds (did you mean 'min'?)");
	assert_int_equal(f->c.n, 0);
}

static void test_elem(void **state)
{
	struct fx *f = *state;
	const struct knob *k;
	struct value v;
	enum value_status st;
	char *canon;

	assert_int_equal(load(f, L1 L2 "    type: int\n    elem: ulong\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 4, 11, "elem only applies to a vector");
	diags_free(&f->dg);
	assert_int_equal(load(f, L1 L2 "    type: vector\n    fields: 3\n    elem: u8\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 5, 11, "elem must be int, uint or ulong");
	assert_int_equal(f->c.n, 0);

	/* tcp_mem-like: three unsigned longs */
	diags_free(&f->dg);
	assert_int_equal(load(f, L1 L2 "    type: vector\n    fields: 3\n    elem: ulong\n" L4 L5 L6 L7), 0);
	k = catalog_find(&f->c, "net.test.a");
	assert_non_null(k);
	assert_int_equal(k->elem, VT_ULONG);
	st = knob_parse(k, "1 4294967296 18446744073709551615", 0, &v, NULL, NULL, 0);
	canon = st == VS_OK ? value_canonical(&v) : NULL;
	value_free(&v);
	assert_int_equal(st, VS_OK);
	assert_string_equal(canon, "1\t4294967296\t18446744073709551615");
	free(canon);
}

static void test_bounds_null_side(void **state)
{
	struct fx *f = *state;
	const struct knob *k;

	assert_int_equal(load(f, L1 L2 L3 "    bounds: {min: 0, max: null}\n" L4 L5 L6 L7), 0);
	k = catalog_find(&f->c, "net.test.a");
	assert_non_null(k);
	assert_true(k->bounds.has_min && k->bounds.min == 0);
	assert_false(k->bounds.has_max);
}

static void test_versions(void **state)
{
	static const char *const bad[] = { "\"4\"", "4", "\"v4.12\"", "\"4.12.1.2\"", "\"4.\"", "\"4..1\"",
					   "\".4\"", "\"\"", "\"4.12-rc1\"", "[4, 12]" };
	struct fx *f = *state;
	const struct knob *k;
	char yaml[512];
	size_t i;

	/* quoted "4.10" stays 4.10 */
	assert_int_equal(load(f, VALID "    removed: \"4.10\"\n    added: \"2.6.32\"\n"), 0);
	k = catalog_find(&f->c, "net.test.a");
	assert_non_null(k);
	assert_string_equal(k->removed, "4.10");
	assert_string_equal(k->added, "2.6.32");

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		catalog_free(&f->c);
		diags_free(&f->dg);
		snprintf(yaml, sizeof(yaml), VALID "    removed: %s\n", bad[i]);
		if (load(f, yaml) != -EINVAL)
			fprintf(stderr, "removed: %s was accepted\n", bad[i]);
		assert_int_equal(f->c.n, 0);
		tu_assert_diag(&f->dg, SEV_ERROR, 8, 14, "removed");
	}
	catalog_free(&f->c);
	diags_free(&f->dg);
	assert_int_equal(load(f, VALID "    noop_since: \"4\"\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 8, 17, "noop_since must be a kernel version like \"4.12\" (quoted), not '4'");
	diags_free(&f->dg);
	assert_int_equal(load(f, VALID "    history:\n      - {version: \"5\", default: \"1\"}\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 9, 19, "version must be a kernel version like \"4.12\" (quoted), not '5'");
	diags_free(&f->dg);
	assert_int_equal(load(f, VALID "    history:\n      - {default: \"1\"}\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 9, 9, "a history entry needs 'version'");
	assert_int_equal(f->c.n, 0);
}

static void test_err_default_out_of_bounds(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, L1 L2 "    type: u8\n    bounds: {min: 0, max: 2}\n    default: \"3\"\n" L4 L5 L6 L7),
			 -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 5, 14, "default '3' of net.test.a is not a valid value");
	diags_free(&f->dg);
	/* u8 without bounds: 256 is still outside 0..255 */
	assert_int_equal(load(f, L1 L2 "    type: u8\n    default: \"256\"\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 4, 14, "default '256'");
	diags_free(&f->dg);
	/* a zero-padded default would be read as octal 8 by the kernel: 08 is invalid */
	assert_int_equal(load(f, L1 L2 L3 "    default: \"08\"\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 4, 14, "default '08'");
	diags_free(&f->dg);
	/* vector fields each within bounds */
	assert_int_equal(load(f, L1 L2 "    type: vector\n    fields: 2\n    bounds: {min: 1, max: 65535}\n"
				 "    default: \"0 65535\"\n" L4 L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 6, 14, "default '0 65535'");
	/* (each load above returned -EINVAL; whether the entry is kept anyway is not asserted) */
	catalog_free(&f->c);

	/* the same knob with a good default loads */
	diags_free(&f->dg);
	assert_int_equal(load(f, L1 L2 "    type: u8\n    bounds: {min: 0, max: 2}\n    default: \"2\"\n" L4 L5 L6 L7), 0);
	assert_int_equal(f->c.n, 1);
}

static void test_err_summary_too_long(void **state)
{
	struct fx *f = *state;
	char yaml[1024], summary[128];

	memset(summary, 'x', 101);
	summary[101] = '\0';
	snprintf(yaml, sizeof(yaml), L1 L2 L3 L4 "    summary: %s\n" L6 L7, summary);
	assert_int_equal(load(f, yaml), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 5, 14, "net.test.a: summary must be one line of at most 100 characters");
	assert_int_equal(f->c.n, 0);

	/* exactly 100 is fine */
	diags_free(&f->dg);
	summary[100] = '\0';
	snprintf(yaml, sizeof(yaml), L1 L2 L3 L4 "    summary: %s\n" L6 L7, summary);
	assert_int_equal(load(f, yaml), 0);
	assert_int_equal(f->c.n, 1);

	/* two lines are not one */
	catalog_free(&f->c);
	assert_int_equal(load(f, L1 L2 L3 L4 "    summary: |\n      one\n      two\n" L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 5, 14, "summary must be one line");
}

static void test_err_enums(void **state)
{
	struct fx *f = *state;

	assert_int_equal(load(f, L1 L2 L3 "    netns: yes\n" L5 L6 L7), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 4, 12, "netns must be own, copied, readonly, absent or none");
	diags_free(&f->dg);
	assert_int_equal(load(f, VALID "    kubernetes: unknown\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 8, 17, "kubernetes must be safe, unsafe or node");
	diags_free(&f->dg);
	assert_int_equal(load(f, VALID "    access: rx\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 8, 13, "access must be rw, ro or wo");
	diags_free(&f->dg);
	assert_int_equal(load(f, L1 L2 L3 L4 L5 L6 "    sources: []\n"), -EINVAL);
	tu_assert_diag(&f->dg, SEV_ERROR, 7, 14, "cite at least one source");
	assert_int_equal(f->c.n, 0);
}

/* An /etc/tcptune/knobs file: the same key replaces the built-in entry, a new key is added. */
static void test_override(void **state)
{
	struct fx *f = *state;
	const struct knob *k;
	size_t n0, i;

	tu_load_catalog(&f->c);
	n0 = f->c.n;

	assert_int_equal(load(f, L1 "  - key: net.ipv4.tcp_fin_timeout\n    type: seconds\n    default: \"30\"\n"
				 L4 "    summary: Local override.\n" L6 L7), 0);
	assert_int_equal(f->dg.n, 0);
	assert_int_equal(f->c.n, n0);
	k = catalog_find(&f->c, "net.ipv4.tcp_fin_timeout");
	assert_non_null(k);
	assert_string_equal(k->def, "30");
	assert_string_equal(k->summary, "Local override.");
	assert_string_equal(k->file, "test.yaml");

	assert_int_equal(load(f, L1 "  - key: net.test.new\n" L3 L4 L5 L6 L7), 0);
	assert_int_equal(f->dg.n, 0);
	assert_int_equal(f->c.n, n0 + 1);
	assert_non_null(catalog_find(&f->c, "net.test.new"));
	/* still sorted: the neighbours are found */
	for (i = 1; i < f->c.n; i++)
		assert_true(strcmp(f->c.knobs[i - 1]->key, f->c.knobs[i]->key) < 0);
	assert_non_null(catalog_find(&f->c, "net.core.somaxconn"));
	assert_non_null(catalog_find(&f->c, "net.ipv4.tcp_tw_reuse"));
	assert_non_null(catalog_find(&f->c, "net.ipv4.conf.eth0.rp_filter"));

	/* a broken override leaves the entry it would replace alone */
	assert_int_equal(load(f, L1 "  - key: net.core.somaxconn\n    type: nope\n" L4 L5 L6 L7), -EINVAL);
	assert_int_equal(f->c.n, n0 + 1);
	k = catalog_find(&f->c, "net.core.somaxconn");
	assert_non_null(k);
	assert_string_equal(k->def, "4096");
}

int main(void)
{
	const struct CMUnitTest builtin_tests[] = {
		cmocka_unit_test(test_builtin_loads),
		cmocka_unit_test(test_tcp_tw_reuse),
		cmocka_unit_test(test_tcp_fin_timeout),
		cmocka_unit_test(test_somaxconn),
		cmocka_unit_test(test_tcp_max_syn_backlog),
		cmocka_unit_test(test_ip_local_port_range),
		cmocka_unit_test(test_legacy_keys),
		cmocka_unit_test(test_gone),
		cmocka_unit_test(test_noop_keys),
		cmocka_unit_test(test_find_pattern),
		cmocka_unit_test(test_suggest),
		cmocka_unit_test(test_on_kernel),
	};
#define FX(t) cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)
	const struct CMUnitTest loader_tests[] = {
		FX(test_load_minimal),
		FX(test_err_yaml_syntax),
		FX(test_err_yaml_unclosed),
		FX(test_err_empty),
		FX(test_err_not_mapping),
		FX(test_err_missing_knobs),
		FX(test_err_entry_not_mapping),
		FX(test_err_unknown_field),
		FX(test_err_unknown_field_far),
		FX(test_err_duplicate_field),
		FX(test_err_missing_required),
		FX(test_err_missing_key),
		FX(test_err_bad_key),
		FX(test_err_key_dot_segment),
		FX(test_pattern_key_accepted),
		FX(test_err_unknown_type),
		FX(test_err_vector_without_fields),
		FX(test_err_bitmask_without_bits),
		FX(test_err_bounds),
		FX(test_elem),
		FX(test_bounds_null_side),
		FX(test_versions),
		FX(test_err_default_out_of_bounds),
		FX(test_err_summary_too_long),
		FX(test_err_enums),
		FX(test_override),
	};
#undef FX
	int failed = 0;

	failed += cmocka_run_group_tests_name("catalog_builtin", builtin_tests, builtin_setup, builtin_teardown);
	failed += cmocka_run_group_tests_name("catalog_loader", loader_tests, NULL, NULL);
	return failed != 0;
}
