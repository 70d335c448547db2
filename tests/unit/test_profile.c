// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for profile_parse and profile_resolve (src/profile.c). */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "diag.h"
#include "profile.h"
#include "util.h"

static struct catalog cat;

static int group_setup(void **state)
{
	(void)state;
	tu_load_catalog(&cat);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	catalog_free(&cat);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* profile_parse on strings                                                 */
/* ------------------------------------------------------------------------ */

struct parsed {
	struct profile_set ps;
	struct profile p;
	struct diags dg;
	int r;
};

static void parse_as(struct parsed *x, const char *file, const char *yaml)
{
	memset(x, 0, sizeof(*x));
	profile_set_init(&x->ps, &cat, NULL, "/nonexistent");
	x->r = profile_parse(&x->ps, file, yaml, strlen(yaml), &x->dg, &x->p);
}

static void parse(struct parsed *x, const char *yaml)
{
	parse_as(x, "t.yaml", yaml);
}

static void parsed_free(struct parsed *x)
{
	free(x->p.settings);
	diags_free(&x->dg);
	profile_set_free(&x->ps);
}

/* Lines 1-3; the first setting key is on line 4, column 3; its fields at column 5. */
#define HDR "name: t\ndescription: test profile\nsettings:\n"

/* An invalid profile: -EINVAL and an error at line:col containing text. */
static void expect_error(const char *yaml, int line, int col, const char *text)
{
	struct parsed x;

	parse(&x, yaml);
	assert_int_equal(x.r, -EINVAL);
	tu_assert_diag(&x.dg, SEV_ERROR, line, col, text);
	parsed_free(&x);
}

/* A valid profile with a warning: 0, no error, the warning, and the setting kept. */
static void expect_warning(const char *yaml, const char *key, int line, int col, const char *text)
{
	struct parsed x;

	parse(&x, yaml);
	if (x.r)
		tu_dump(&x.dg);
	assert_int_equal(x.r, 0);
	assert_int_equal(diags_count(&x.dg, SEV_ERROR), 0);
	tu_assert_diag(&x.dg, SEV_WARNING, line, col, text);
	assert_non_null(profile_setting(&x.p, key));
	parsed_free(&x);
}

static void test_parse_bad_yaml(void **state)
{
	(void)state;
	/* an unterminated flow sequence: libyaml reports where it gave up */
	expect_error("name: t\ndescription: d\nsettings: [a, b\n", 4, 1, "invalid YAML");
	/* a mapping value where none is allowed */
	expect_error("name: t\ndescription: d: e\nsettings:\n", 2, 15, "invalid YAML");
}

static void test_parse_empty_document(void **state)
{
	(void)state;
	expect_error("", 1, 1, "empty");
	expect_error("# only a comment\n", 1, 1, "empty");
}

static void test_parse_not_a_mapping(void **state)
{
	(void)state;
	expect_error("- name: t\n- description: d\n", 1, 1, "a profile must be a mapping, not a list");
	expect_error("just a string\n", 1, 1, "a profile must be a mapping, not a scalar");
}

static void test_parse_unknown_top_level_field(void **state)
{
	(void)state;
	expect_error("name: t\ndescription: d\nextend: web-frontend\nsettings:\n",
		     3, 1, "unknown field 'extend' in a profile (did you mean 'extends'?)");
}

static void test_parse_missing_top_level_fields(void **state)
{
	(void)state;
	expect_error("description: d\nsettings:\n", 1, 1, "a profile needs 'name'");
	expect_error("name: t\nsettings:\n", 1, 1, "a profile needs 'description'");
	expect_error("name: t\ndescription: d\n", 1, 1, "a profile needs 'settings'");
}

static void test_parse_unknown_setting_field(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    value: 4096\n"
		     "    whyy: because\n",
		     6, 5, "unknown field 'whyy' in a setting (did you mean 'why'?)");
}

static void test_parse_missing_why(void **state)
{
	(void)state;
	/* reported at the setting's mapping, which starts at its first field */
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    value: 4096\n",
		     5, 5, "net.core.somaxconn: every setting needs 'why'");
}

static void test_parse_empty_why(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    value: 4096\n"
		     "    why: \"   \"\n",
		     6, 10, "net.core.somaxconn: 'why' is empty");
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    why: ''\n"
		     "    value: 4096\n",
		     5, 10, "'why' is empty");
}

static void test_parse_value_and_at_least(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    value: 4096\n"
		     "    at_least: 1024\n"
		     "    why: w\n",
		     5, 5, "give either 'value' or 'at_least'/'at_most', not both");
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    why: w\n"
		     "    at_most: 8192\n"
		     "    value: 4096\n",
		     5, 5, "not both");
}

static void test_parse_no_value_or_bound(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    why: w\n",
		     5, 5, "net.core.somaxconn: a setting needs 'value', 'at_least' or 'at_most'");
}

static void test_parse_setting_not_a_mapping(void **state)
{
	(void)state;
	expect_error(HDR "  net.core.somaxconn: 4096\n", 4, 23, "a setting must be a mapping, not a scalar");
}

static void test_parse_unknown_key_did_you_mean(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net.ipv4.tcp_fin_timout:\n"
		     "    value: 30\n"
		     "    why: w\n",
		     4, 3, "unknown key 'net.ipv4.tcp_fin_timout' (did you mean 'net.ipv4.tcp_fin_timeout'?)");
	/* nothing close: no suggestion */
	expect_error(HDR
		     "  vm.zzzzzzzzzzzzzzzzzzzzzzz:\n"
		     "    value: 30\n"
		     "    why: w\n",
		     4, 3, "unknown key 'vm.zzzzzzzzzzzzzzzzzzzzzzz': tcptune's catalog has no such knob");
}

static void test_parse_invalid_key_syntax(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net..ipv4.tcp_fin_timeout:\n"
		     "    value: 30\n"
		     "    why: w\n",
		     4, 3, "'net..ipv4.tcp_fin_timeout' is not a valid sysctl key");
	expect_error(HDR
		     "  \"net.ipv4.tcp fin_timeout\":\n"
		     "    value: 30\n"
		     "    why: w\n",
		     4, 3, "is not a valid sysctl key");
	expect_error(HDR
		     "  net.ipv4.tcp_fin_timeout.:\n"
		     "    value: 30\n"
		     "    why: w\n",
		     4, 3, "is not a valid sysctl key");
}

static void test_parse_value_outside_kernel_bounds(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net.ipv4.tcp_tw_reuse:\n"
		     "    value: 3\n"
		     "    why: w\n",
		     5, 12, "net.ipv4.tcp_tw_reuse: value '3' is invalid: 3 is outside 0..2");
	/* bounds are checked too */
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    at_least: -1\n"
		     "    why: w\n",
		     5, 15, "net.core.somaxconn: at_least '-1' is invalid");
}

static void test_parse_unparseable_value(void **state)
{
	(void)state;
	/* "08": a leading zero means octal, and 8 is no octal digit: EINVAL */
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    value: \"08\"\n"
		     "    why: w\n",
		     5, 12, "net.core.somaxconn: value '08' is invalid");
	expect_error(HDR
		     "  net.ipv4.tcp_fin_timeout:\n"
		     "    value: 30abc\n"
		     "    why: w\n",
		     5, 12, "value '30abc' is invalid");
	expect_error(HDR
		     "  net.ipv4.tcp_fin_timeout:\n"
		     "    value: \"+30\"\n"
		     "    why: w\n",
		     5, 12, "value '+30' is invalid");
	/* a value must be a scalar */
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    value: [1, 2]\n"
		     "    why: w\n",
		     5, 12, "value must be a scalar, not a list");
}

static void test_parse_vector_field_count(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net.ipv4.ip_local_port_range:\n"
		     "    value: \"10000\"\n"
		     "    why: w\n",
		     5, 12, "net.ipv4.ip_local_port_range: value needs 2 numbers, got 1");
	expect_error(HDR
		     "  net.ipv4.ip_local_port_range:\n"
		     "    value: \"10000 20000 30000\"\n"
		     "    why: w\n",
		     5, 12, "value needs 2 numbers, got 3");
	expect_error(HDR
		     "  net.ipv4.tcp_rmem:\n"
		     "    at_least: \"4096 131072\"\n"
		     "    why: w\n",
		     5, 15, "net.ipv4.tcp_rmem: at_least needs 3 numbers, got 2");
	/* a scalar knob takes one number */
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    value: \"4096 8192\"\n"
		     "    why: w\n",
		     5, 12, "value takes one number");
}

static void test_parse_at_least_above_at_most(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    at_least: 8192\n"
		     "    at_most: 4096\n"
		     "    why: w\n",
		     5, 15, "net.core.somaxconn: at_least 8192 is above at_most 4096");
	/* vectors: field by field */
	expect_error(HDR
		     "  net.ipv4.tcp_rmem:\n"
		     "    at_least: \"4096 262144 6291456\"\n"
		     "    at_most: \"8192 131072 16777216\"\n"
		     "    why: w\n",
		     5, 15, "at_least 4096 262144 6291456 is above at_most 8192 131072 16777216");
}

static void test_parse_bound_on_string_knob(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net.ipv4.tcp_congestion_control:\n"
		     "    at_least: bbr\n"
		     "    why: w\n",
		     5, 15, "net.ipv4.tcp_congestion_control: at_least/at_most need a numeric knob; net.ipv4.tcp_congestion_control is a string");
	expect_error(HDR
		     "  net.ipv4.tcp_congestion_control:\n"
		     "    at_most: bbr\n"
		     "    why: w\n",
		     5, 14, "need a numeric knob");
}

static void test_parse_tw_recycle_refused(void **state)
{
	(void)state;
	/* refused whatever the value, even 0 */
	expect_error(HDR
		     "  net.ipv4.tcp_tw_recycle:\n"
		     "    value: 0\n"
		     "    why: w\n",
		     4, 3, "net.ipv4.tcp_tw_recycle is refused: tcp_tw_recycle was removed in Linux 4.12");
	expect_error(HDR
		     "  net/ipv4/tcp_tw_recycle:\n"
		     "    value: 1\n"
		     "    why: w\n",
		     4, 3, "net.ipv4.tcp_tw_recycle is refused");
}

static void test_parse_removed_key_refused(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net.ipv4.tcp_dma_copybreak:\n"
		     "    value: 4096\n"
		     "    why: w\n",
		     4, 3, "net.ipv4.tcp_dma_copybreak was removed in Linux 3.13; `sysctl -p` fails on it");
}

static void test_parse_read_only_key_refused(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net.ipv4.tcp_available_congestion_control:\n"
		     "    value: cubic\n"
		     "    why: w\n",
		     4, 3, "net.ipv4.tcp_available_congestion_control is read-only");
}

static void test_parse_noop_key_warns(void **state)
{
	(void)state;
	expect_warning(HDR
		       "  net.ipv4.tcp_low_latency:\n"
		       "    value: 1\n"
		       "    why: w\n",
		       "net.ipv4.tcp_low_latency", 4, 3,
		       "net.ipv4.tcp_low_latency does nothing since Linux 4.14; drop it");
}

static void test_parse_zero_padded_value_warns(void **state)
{
	(void)state;
	expect_warning(HDR
		       "  net.core.somaxconn:\n"
		       "    value: \"010\"\n"
		       "    why: w\n",
		       "net.core.somaxconn", 5, 12,
		       "net.core.somaxconn: '010' has a leading zero, so the kernel reads it as octal");
	expect_warning(HDR
		       "  net.ipv4.ip_local_port_range:\n"
		       "    value: \"10000 060000\"\n"
		       "    why: w\n",
		       "net.ipv4.ip_local_port_range", 5, 12, "has a leading zero");
}

static void test_parse_meaningless_value_warns(void **state)
{
	(void)state;
	expect_warning(HDR
		       "  net.ipv4.tcp_timestamps:\n"
		       "    value: 3\n"
		       "    why: w\n",
		       "net.ipv4.tcp_timestamps", 5, 12,
		       "net.ipv4.tcp_timestamps: 3 is accepted but means nothing more than 2 (meaningful values: 0..2)");
}

static void test_parse_unknown_string_warns(void **state)
{
	(void)state;
	expect_warning(HDR
		       "  net.ipv4.tcp_congestion_control:\n"
		       "    value: vegas\n"
		       "    why: w\n",
		       "net.ipv4.tcp_congestion_control", 5, 12, "'vegas' is not a value tcptune knows");
}

static void test_parse_bad_name(void **state)
{
	(void)state;
	expect_error("name: Web_Frontend\ndescription: d\nsettings:\n", 1, 7,
		     "profile name 'Web_Frontend' must be lower-case letters, digits and '-'");
	expect_error("name: -web\ndescription: d\nsettings:\n", 1, 7, "must be lower-case letters");
	expect_error("name: \"\"\ndescription: d\nsettings:\n", 1, 7, "must be lower-case letters");
	expect_error("name: [a]\ndescription: d\nsettings:\n", 1, 7, "name must be a scalar");
	expect_error("name: t\ndescription: d\nextends: Web_Frontend\nsettings:\n", 3, 10,
		     "extends must name a profile ('Web_Frontend' is not a profile name)");
}

static void test_parse_name_file_mismatch_warns(void **state)
{
	struct parsed x;

	(void)state;
	parse_as(&x, "/etc/tcptune/profiles/other.yaml", "name: edge\ndescription: d\nsettings:\n");
	assert_int_equal(x.r, 0);
	assert_int_equal(diags_count(&x.dg, SEV_ERROR), 0);
	tu_assert_diag(&x.dg, SEV_WARNING, 1, 7, "profile 'edge' is in a file named 'other.yaml'");
	assert_string_equal(x.dg.v[0].file, "/etc/tcptune/profiles/other.yaml");
	parsed_free(&x);

	/* a prefix of the file name is not a match either */
	parse_as(&x, "edge-2.yaml", "name: edge\ndescription: d\nsettings:\n");
	assert_int_equal(x.r, 0);
	tu_assert_diag(&x.dg, SEV_WARNING, 1, 7, "in a file named 'edge-2.yaml'");
	parsed_free(&x);

	/* the right name: no diagnostic at all */
	parse_as(&x, "dir/edge.yaml", "name: edge\ndescription: d\nsettings:\n");
	assert_int_equal(x.r, 0);
	assert_int_equal(x.dg.n, 0);
	parsed_free(&x);
}

static void test_parse_duplicate_setting(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    value: 4096\n"
		     "    why: w\n"
		     "  net.core.somaxconn:\n"
		     "    value: 8192\n"
		     "    why: w\n",
		     7, 3, "'net.core.somaxconn' is set twice in this profile");
}

static void test_parse_duplicate_setting_after_normalisation(void **state)
{
	struct parsed x;
	size_t i, nsomaxconn = 0;
	bool reported = false;
	int r;

	(void)state;
	/* "net/core/somaxconn" is the same key as "net.core.somaxconn" */
	parse(&x, HDR
	      "  net.core.somaxconn:\n"
	      "    value: 4096\n"
	      "    why: w\n"
	      "  net/core/somaxconn:\n"
	      "    value: 8192\n"
	      "    why: w\n");
	/* collect, free, then assert: no leak when this fails */
	r = x.r;
	for (i = 0; i < x.p.n; i++)
		nsomaxconn += strcmp(x.p.settings[i].key, "net.core.somaxconn") == 0;
	for (i = 0; i < x.dg.n; i++)
		reported |= x.dg.v[i].sev == SEV_ERROR && x.dg.v[i].line == 7 && x.dg.v[i].col == 3 &&
			    strstr(x.dg.v[i].msg, "set twice") != NULL;
	if (!reported) {
		fprintf(stderr, "expected error at 7:3 containing \"set twice\"; got %zu diagnostic(s), "
			"%zu setting(s) for net.core.somaxconn\n", x.dg.n, nsomaxconn);
		tu_dump(&x.dg);
	}
	parsed_free(&x);
	assert_int_equal(r, -EINVAL);
	assert_true(reported);
	assert_true(nsomaxconn <= 1);
}

static void test_parse_obsolete_key_refused(void **state)
{
	(void)state;
	/* no removal version known, but gone from current kernels */
	expect_error(HDR
		     "  net.ipv4.tcp_abc:\n"
		     "    value: 1\n"
		     "    why: w\n",
		     4, 3, "net.ipv4.tcp_abc does not exist on current kernels");
}

static void test_parse_duplicate_field(void **state)
{
	(void)state;
	expect_error(HDR
		     "  net.core.somaxconn:\n"
		     "    value: 4096\n"
		     "    value: 8192\n"
		     "    why: w\n",
		     6, 5, "'value' appears twice in a setting");
}

static void test_parse_slash_key_normalised(void **state)
{
	struct parsed x;
	const struct setting *s;

	(void)state;
	parse(&x, HDR
	      "  net/ipv4/tcp_fin_timeout:\n"
	      "    value: 30\n"
	      "    why: w\n");
	assert_int_equal(x.r, 0);
	assert_int_equal(x.dg.n, 0);
	assert_int_equal(x.p.n, 1);
	assert_string_equal(x.p.settings[0].key, "net.ipv4.tcp_fin_timeout");
	s = profile_setting(&x.p, "net.ipv4.tcp_fin_timeout");
	assert_non_null(s);
	assert_ptr_equal(s->knob, catalog_find(&cat, "net.ipv4.tcp_fin_timeout"));
	assert_null(profile_setting(&x.p, "net/ipv4/tcp_fin_timeout"));
	parsed_free(&x);
}

static void test_parse_context(void **state)
{
	struct parsed x;

	(void)state;
	parse(&x, "name: t\ndescription: d\ncontext:\n  clients_behind_nat: true\nsettings:\n");
	assert_int_equal(x.r, 0);
	assert_int_equal(x.p.ctx_nat, 1);
	assert_int_equal(x.p.ctx_fwd, -1);
	parsed_free(&x);

	expect_error("name: t\ndescription: d\ncontext:\n  forwards_traffic: yes\nsettings:\n", 4, 21,
		     "forwards_traffic must be true or false");
	expect_error("name: t\ndescription: d\ncontext:\n  behind_nat: true\nsettings:\n", 4, 3,
		     "unknown field 'behind_nat' in context");
	expect_error("name: t\ndescription: d\ncontext: [nat]\nsettings:\n", 3, 10,
		     "context must be a mapping, not a list");
}

static void test_parse_valid_profile(void **state)
{
	struct parsed x;
	const struct setting *s;

	(void)state;
	parse_as(&x, "profiles/edge.yaml",
		 "# a comment\n"
		 "name: edge\n"
		 "description: TLS edge servers\n"
		 "extends: web-frontend\n"
		 "context:\n"
		 "  clients_behind_nat: true\n"
		 "  forwards_traffic: false\n"
		 "settings:\n"
		 "  net.core.somaxconn:\n"
		 "    at_least: 8192\n"
		 "    why: nginx listens with backlog 8192\n"
		 "  net.ipv4.ip_local_port_range:\n"
		 "    value: \"10000 65535\"\n"
		 "    why: many upstream connections\n"
		 "  net.ipv4.tcp_rmem:\n"
		 "    at_least: \"4096 131072 6291456\"\n"
		 "    at_most: \"8192 262144 33554432\"\n"
		 "    why: >-\n"
		 "      bounded buffers\n"
		 "  net.ipv4.tcp_congestion_control:\n"
		 "    value: bbr\n"
		 "    why: w\n");
	if (x.dg.n)
		tu_dump(&x.dg);
	assert_int_equal(x.r, 0);
	assert_int_equal(x.dg.n, 0);
	assert_string_equal(x.p.name, "edge");
	assert_string_equal(x.p.description, "TLS edge servers");
	assert_string_equal(x.p.extends, "web-frontend");
	assert_string_equal(x.p.file, "profiles/edge.yaml");
	assert_int_equal(x.p.ctx_nat, 1);
	assert_int_equal(x.p.ctx_fwd, 0);
	assert_int_equal(x.p.n, 4);

	s = &x.p.settings[0];
	assert_string_equal(s->key, "net.core.somaxconn");
	assert_ptr_equal(s->knob, catalog_find(&cat, "net.core.somaxconn"));
	assert_null(s->value);
	assert_string_equal(s->at_least, "8192");
	assert_null(s->at_most);
	assert_string_equal(s->why, "nginx listens with backlog 8192");
	assert_string_equal(s->profile, "edge");
	assert_string_equal(s->file, "profiles/edge.yaml");
	assert_int_equal(s->line, 9);
	assert_int_equal(s->col, 3);

	s = profile_setting(&x.p, "net.ipv4.ip_local_port_range");
	assert_ptr_equal(s, &x.p.settings[1]);
	assert_string_equal(s->value, "10000 65535");
	assert_null(s->at_least);
	assert_null(s->at_most);
	assert_int_equal(s->line, 12);

	s = profile_setting(&x.p, "net.ipv4.tcp_rmem");
	assert_non_null(s);
	assert_null(s->value);
	assert_string_equal(s->at_least, "4096 131072 6291456");
	assert_string_equal(s->at_most, "8192 262144 33554432");
	assert_string_equal(s->why, "bounded buffers");

	s = profile_setting(&x.p, "net.ipv4.tcp_congestion_control");
	assert_non_null(s);
	assert_string_equal(s->value, "bbr");

	assert_null(profile_setting(&x.p, "net.ipv4.tcp_fin_timeout"));
	parsed_free(&x);
}

static void test_parse_empty_settings(void **state)
{
	struct parsed x;

	(void)state;
	/* "settings:" with nothing: a profile that only extends */
	parse(&x, "name: t\ndescription: d\nextends: web-frontend\nsettings:\n");
	assert_int_equal(x.r, 0);
	assert_int_equal(x.dg.n, 0);
	assert_int_equal(x.p.n, 0);
	parsed_free(&x);

	expect_error("name: t\ndescription: d\nsettings: [a]\n", 3, 11, "settings must be a mapping, not a list");
}

static void test_parse_all_errors_reported(void **state)
{
	struct parsed x;

	(void)state;
	/* one bad setting does not hide the next one */
	parse(&x, HDR
	      "  net.ipv4.tcp_tw_reuse:\n"
	      "    value: 3\n"
	      "    why: w\n"
	      "  net.core.somaxconn:\n"
	      "    value: 4096\n"
	      "  net.ipv4.tcp_fin_timeout:\n"
	      "    value: 30\n"
	      "    why: ok\n");
	assert_int_equal(x.r, -EINVAL);
	tu_assert_diag(&x.dg, SEV_ERROR, 5, 12, "3 is outside 0..2");
	tu_assert_diag(&x.dg, SEV_ERROR, 8, 5, "every setting needs 'why'");
	assert_int_equal(diags_count(&x.dg, SEV_ERROR), 2);
	parsed_free(&x);
}

static void test_arg_is_path(void **state)
{
	(void)state;
	assert_true(profile_arg_is_path("./x"));
	assert_true(profile_arg_is_path("/etc/tcptune/profiles/a.yaml"));
	assert_true(profile_arg_is_path("edge.yaml"));
	assert_true(profile_arg_is_path("edge.yml"));
	assert_false(profile_arg_is_path("web-frontend"));
}

/* ------------------------------------------------------------------------ */
/* profile_resolve with files on disk                                       */
/* ------------------------------------------------------------------------ */

struct resolved {
	struct profile_set ps;
	struct profile p;
	struct diags dg;
	int r;
};

static void resolve_in(struct resolved *x, const char *dir, const char *confdir, const char *arg)
{
	memset(x, 0, sizeof(*x));
	profile_set_init(&x->ps, &cat, dir, confdir ? confdir : "/nonexistent");
	x->r = profile_resolve(&x->ps, arg, &x->dg, &x->p);
}

static void resolved_free(struct resolved *x)
{
	free(x->p.settings);
	diags_free(&x->dg);
	profile_set_free(&x->ps);
}

/* Settings in the built-in web-frontend profile (the tests do not hard-code it). */
static size_t builtin_web_frontend_n(void)
{
	struct resolved x;
	size_t n;

	resolve_in(&x, NULL, NULL, "web-frontend");
	assert_int_equal(x.r, 0);
	n = x.p.n;
	assert_true(n > 1);
	assert_non_null(profile_setting(&x.p, "net.core.somaxconn"));
	assert_non_null(profile_setting(&x.p, "net.ipv4.tcp_tw_reuse"));
	resolved_free(&x);
	return n;
}

static void write_chain(const char *dir)
{
	tu_write(dir, "base-x.yaml",
		 "name: base-x\n"
		 "description: the base\n"
		 "context:\n"
		 "  clients_behind_nat: true\n"
		 "  forwards_traffic: false\n"
		 "settings:\n"
		 "  net.core.somaxconn:\n"
		 "    value: 1024\n"
		 "    why: base somaxconn\n"
		 "  net.ipv4.tcp_fin_timeout:\n"
		 "    value: 30\n"
		 "    why: base fin\n"
		 "  net.ipv4.tcp_syncookies:\n"
		 "    value: 1\n"
		 "    why: base cookies\n", 0644);
	tu_write(dir, "mid-x.yaml",
		 "name: mid-x\n"
		 "description: the middle\n"
		 "extends: base-x\n"
		 "context:\n"
		 "  forwards_traffic: true\n"
		 "settings:\n"
		 "  net.core.somaxconn:\n"
		 "    at_least: 4096\n"
		 "    why: mid somaxconn\n"
		 "  net.ipv4.tcp_keepalive_time:\n"
		 "    value: 600\n"
		 "    why: mid keepalive\n", 0644);
	tu_write(dir, "top-x.yaml",
		 "name: top-x\n"
		 "description: the top\n"
		 "extends: mid-x\n"
		 "settings:\n"
		 "  net.ipv4.tcp_fin_timeout:\n"
		 "    value: 20\n"
		 "    why: top fin\n", 0644);
}

static void test_resolve_chain_of_three(void **state)
{
	struct resolved x;
	const struct setting *s;
	char *dir = tu_tmpdir(), *path;

	(void)state;

	write_chain(dir);
	resolve_in(&x, dir, NULL, "top-x");
	if (x.dg.n)
		tu_dump(&x.dg);
	assert_int_equal(x.r, 0);
	assert_int_equal(x.dg.n, 0);
	assert_string_equal(x.p.name, "top-x");
	assert_string_equal(x.p.description, "the top");
	assert_string_equal(x.p.origin, dir);
	path = xasprintf("%s/top-x.yaml", dir);
	assert_string_equal(x.p.file, path);
	free(path);

	/* chain: base first */
	assert_int_equal(x.p.nchain, 3);
	assert_string_equal(x.p.chain[0], "base-x");
	assert_string_equal(x.p.chain[1], "mid-x");
	assert_string_equal(x.p.chain[2], "top-x");

	/* context: nat inherited from the base, forwards overridden by the middle */
	assert_int_equal(x.p.ctx_nat, 1);
	assert_int_equal(x.p.ctx_fwd, 1);

	/* settings: key by key */
	assert_int_equal(x.p.n, 4);
	s = profile_setting(&x.p, "net.core.somaxconn");
	assert_non_null(s);
	assert_null(s->value);
	assert_string_equal(s->at_least, "4096");
	assert_string_equal(s->why, "mid somaxconn");
	assert_string_equal(s->profile, "mid-x");
	s = profile_setting(&x.p, "net.ipv4.tcp_fin_timeout");
	assert_non_null(s);
	assert_string_equal(s->value, "20");
	assert_string_equal(s->why, "top fin");
	assert_string_equal(s->profile, "top-x");
	path = xasprintf("%s/top-x.yaml", dir);
	assert_string_equal(s->file, path);
	free(path);
	s = profile_setting(&x.p, "net.ipv4.tcp_syncookies");
	assert_non_null(s);
	assert_string_equal(s->value, "1");
	assert_string_equal(s->profile, "base-x");
	s = profile_setting(&x.p, "net.ipv4.tcp_keepalive_time");
	assert_non_null(s);
	assert_string_equal(s->value, "600");
	assert_string_equal(s->profile, "mid-x");
	resolved_free(&x);

	/* the middle alone: two profiles */
	resolve_in(&x, dir, NULL, "mid-x");
	assert_int_equal(x.r, 0);
	assert_int_equal(x.p.nchain, 2);
	assert_string_equal(x.p.chain[0], "base-x");
	assert_string_equal(x.p.chain[1], "mid-x");
	assert_string_equal(profile_setting(&x.p, "net.ipv4.tcp_fin_timeout")->value, "30");
	resolved_free(&x);

	/* a child that declares a context overrides the inherited one */
	tu_write(dir, "top-y.yaml",
		 "name: top-y\n"
		 "description: d\n"
		 "extends: mid-x\n"
		 "context:\n"
		 "  clients_behind_nat: false\n"
		 "settings:\n", 0644);
	resolve_in(&x, dir, NULL, "top-y");
	assert_int_equal(x.r, 0);
	assert_int_equal(x.p.ctx_nat, 0);
	assert_int_equal(x.p.ctx_fwd, 1);
	assert_int_equal(x.p.n, 4);
	resolved_free(&x);

	tu_rmtree(dir);
	free(dir);
}

static void test_resolve_path_argument(void **state)
{
	struct resolved x;
	char *dir = tu_tmpdir(), *other = tu_tmpdir(), *path;

	(void)state;
	write_chain(dir);
	tu_write(other, "edge.yaml",
		 "name: edge\n"
		 "description: a file given by path\n"
		 "extends: mid-x\n"
		 "settings:\n"
		 "  net.core.somaxconn:\n"
		 "    at_least: 16384\n"
		 "    why: edge\n", 0644);
	path = xasprintf("%s/edge.yaml", other);
	resolve_in(&x, dir, NULL, path);
	if (x.dg.n)
		tu_dump(&x.dg);
	assert_int_equal(x.r, 0);
	assert_int_equal(x.dg.n, 0);
	assert_string_equal(x.p.name, "edge");
	assert_string_equal(x.p.file, path);
	assert_string_equal(x.p.origin, "path");
	assert_int_equal(x.p.nchain, 3);
	assert_string_equal(x.p.chain[0], "base-x");
	assert_string_equal(x.p.chain[1], "mid-x");
	assert_string_equal(x.p.chain[2], "edge");
	assert_string_equal(profile_setting(&x.p, "net.core.somaxconn")->at_least, "16384");
	assert_string_equal(profile_setting(&x.p, "net.ipv4.tcp_fin_timeout")->value, "30");
	resolved_free(&x);
	free(path);

	/* a path extending a built-in profile */
	tu_write(other, "lb.yaml",
		 "name: lb\n"
		 "description: d\n"
		 "extends: web-frontend\n"
		 "settings:\n", 0644);
	path = xasprintf("%s/lb.yaml", other);
	resolve_in(&x, NULL, NULL, path);
	assert_int_equal(x.r, 0);
	assert_int_equal(x.dg.n, 0);
	assert_int_equal(x.p.nchain, 2);
	assert_string_equal(x.p.chain[0], "web-frontend");
	assert_string_equal(x.p.chain[1], "lb");
	assert_non_null(profile_setting(&x.p, "net.ipv4.tcp_tw_reuse"));
	resolved_free(&x);
	free(path);

	/* a path that does not exist */
	path = xasprintf("%s/missing.yaml", other);
	resolve_in(&x, NULL, NULL, path);
	assert_int_equal(x.r, -ENOENT);
	tu_assert_diag(&x.dg, SEV_ERROR, 0, 0, "cannot read the profile");
	assert_string_equal(x.dg.v[0].file, path);
	resolved_free(&x);
	free(path);

	tu_rmtree(dir);
	tu_rmtree(other);
	free(dir);
	free(other);
}

static void test_resolve_missing_parent(void **state)
{
	struct resolved x;
	char *dir = tu_tmpdir();

	(void)state;
	tu_write(dir, "orphan.yaml",
		 "name: orphan\n"
		 "description: d\n"
		 "extends: no-such-parent\n"
		 "settings:\n"
		 "  net.core.somaxconn:\n"
		 "    value: 4096\n"
		 "    why: w\n", 0644);
	resolve_in(&x, dir, NULL, "orphan");
	assert_int_equal(x.r, -EINVAL);
	tu_assert_diag(&x.dg, SEV_ERROR, 0, 0, "profile 'orphan' extends 'no-such-parent', which does not exist");
	assert_int_equal(x.p.n, 0);
	resolved_free(&x);
	tu_rmtree(dir);
	free(dir);
}

static void test_resolve_invalid_parent(void **state)
{
	struct resolved x;
	char *dir = tu_tmpdir();

	(void)state;
	tu_write(dir, "child.yaml",
		 "name: child\n"
		 "description: d\n"
		 "extends: broken\n"
		 "settings:\n"
		 "  net.core.somaxconn:\n"
		 "    value: 4096\n"
		 "    why: w\n", 0644);
	/* the parent's setting has no why: the whole resolution fails */
	tu_write(dir, "broken.yaml",
		 "name: broken\n"
		 "description: d\n"
		 "settings:\n"
		 "  net.ipv4.tcp_fin_timeout:\n"
		 "    value: 30\n", 0644);
	resolve_in(&x, dir, NULL, "child");
	assert_int_equal(x.r, -EINVAL);
	tu_assert_diag(&x.dg, SEV_ERROR, 5, 5, "every setting needs 'why'");
	assert_int_equal(x.p.n, 0);
	assert_null(x.p.settings);
	resolved_free(&x);

	/* the named profile itself invalid */
	resolve_in(&x, dir, NULL, "broken");
	assert_int_equal(x.r, -EINVAL);
	tu_assert_diag(&x.dg, SEV_ERROR, 5, 5, "every setting needs 'why'");
	resolved_free(&x);
	tu_rmtree(dir);
	free(dir);
}

static void test_resolve_two_cycle(void **state)
{
	struct resolved x;
	char *dir = tu_tmpdir();

	(void)state;
	tu_write(dir, "a.yaml", "name: a\ndescription: d\nextends: b\nsettings:\n", 0644);
	tu_write(dir, "b.yaml", "name: b\ndescription: d\nextends: a\nsettings:\n", 0644);
	resolve_in(&x, dir, NULL, "a");
	assert_int_equal(x.r, -EINVAL);
	tu_assert_diag(&x.dg, SEV_ERROR, 0, 0, "extends cycle: a -> b -> a");
	assert_null(x.p.settings);
	resolved_free(&x);

	resolve_in(&x, dir, NULL, "b");
	assert_int_equal(x.r, -EINVAL);
	tu_assert_diag(&x.dg, SEV_ERROR, 0, 0, "extends cycle: b -> a -> b");
	resolved_free(&x);
	tu_rmtree(dir);
	free(dir);
}

static void test_resolve_three_cycle(void **state)
{
	struct resolved x;
	char *dir = tu_tmpdir();

	(void)state;
	tu_write(dir, "a.yaml", "name: a\ndescription: d\nextends: b\nsettings:\n", 0644);
	tu_write(dir, "b.yaml", "name: b\ndescription: d\nextends: c\nsettings:\n", 0644);
	tu_write(dir, "c.yaml", "name: c\ndescription: d\nextends: a\nsettings:\n", 0644);
	/* x is not in the cycle: the message names only the cycle */
	tu_write(dir, "x.yaml", "name: x\ndescription: d\nextends: b\nsettings:\n", 0644);
	resolve_in(&x, dir, NULL, "a");
	assert_int_equal(x.r, -EINVAL);
	tu_assert_diag(&x.dg, SEV_ERROR, 0, 0, "extends cycle: a -> b -> c -> a");
	resolved_free(&x);

	resolve_in(&x, dir, NULL, "x");
	assert_int_equal(x.r, -EINVAL);
	tu_assert_diag(&x.dg, SEV_ERROR, 0, 0, "extends cycle: b -> c -> a -> b");
	resolved_free(&x);
	tu_rmtree(dir);
	free(dir);
}

static void test_resolve_chain_depth(void **state)
{
	struct resolved x;
	char *dir = tu_tmpdir();
	int i;

	(void)state;
	/* p0 extends p1 ... p16: 17 profiles */
	for (i = 0; i <= 16; i++) {
		char *name = xasprintf("p%d.yaml", i);
		char *text = i < 16 ? xasprintf("name: p%d\ndescription: d\nextends: p%d\nsettings:\n", i, i + 1)
				    : xasprintf("name: p%d\ndescription: d\nsettings:\n", i);

		tu_write(dir, name, text, 0644);
		free(name);
		free(text);
	}
	/* 16 profiles (p1 .. p16) are allowed */
	resolve_in(&x, dir, NULL, "p1");
	if (x.dg.n)
		tu_dump(&x.dg);
	assert_int_equal(x.r, 0);
	assert_int_equal(x.p.nchain, 16);
	assert_string_equal(x.p.chain[0], "p16");
	assert_string_equal(x.p.chain[15], "p1");
	resolved_free(&x);
	/* 17 are not */
	resolve_in(&x, dir, NULL, "p0");
	assert_int_equal(x.r, -EINVAL);
	tu_assert_diag(&x.dg, SEV_ERROR, 0, 0, "extends chain deeper than 16 profiles");
	resolved_free(&x);
	tu_rmtree(dir);
	free(dir);
}

static void test_resolve_self_named_extends_builtin(void **state)
{
	struct resolved x;
	const struct setting *s;
	char *dir = tu_tmpdir();

	(void)state;
	tu_write(dir, "web-frontend.yaml",
		 "name: web-frontend\n"
		 "description: our web frontends\n"
		 "extends: web-frontend\n"
		 "settings:\n"
		 "  net.core.somaxconn:\n"
		 "    at_least: 8192\n"
		 "    why: local backlog\n", 0644);
	resolve_in(&x, dir, NULL, "web-frontend");
	if (x.dg.n)
		tu_dump(&x.dg);
	assert_int_equal(x.r, 0);
	assert_int_equal(x.dg.n, 0);
	assert_string_equal(x.p.description, "our web frontends");
	assert_string_equal(x.p.origin, dir);
	assert_int_equal(x.p.nchain, 2);
	assert_string_equal(x.p.chain[0], "web-frontend");
	assert_string_equal(x.p.chain[1], "web-frontend");
	/* the built-in's settings and context, with the local override */
	assert_int_equal(x.p.n, builtin_web_frontend_n());
	s = profile_setting(&x.p, "net.core.somaxconn");
	assert_string_equal(s->at_least, "8192");
	assert_string_equal(s->why, "local backlog");
	s = profile_setting(&x.p, "net.ipv4.tcp_tw_reuse");
	assert_non_null(s);
	assert_string_equal(s->value, "1");
	assert_string_equal(s->file, "profiles/web-frontend.yaml");
	assert_int_equal(x.p.ctx_nat, 1);
	assert_int_equal(x.p.ctx_fwd, 0);
	resolved_free(&x);

	/* a profile extending the self-named one gets all three */
	tu_write(dir, "edge.yaml", "name: edge\ndescription: d\nextends: web-frontend\nsettings:\n", 0644);
	resolve_in(&x, dir, NULL, "edge");
	assert_int_equal(x.r, 0);
	assert_int_equal(x.dg.n, 0);
	assert_int_equal(x.p.nchain, 3);
	assert_string_equal(x.p.chain[0], "web-frontend");
	assert_string_equal(x.p.chain[1], "web-frontend");
	assert_string_equal(x.p.chain[2], "edge");
	assert_string_equal(profile_setting(&x.p, "net.core.somaxconn")->at_least, "8192");
	resolved_free(&x);

	tu_rmtree(dir);
	free(dir);
}

static void test_resolve_shadowing(void **state)
{
	struct resolved x;
	char *dir = tu_tmpdir(), *conf = tu_tmpdir(), *etc;
	size_t i, nweb = 0, nsquid = 0;

	(void)state;
	tu_write(dir, "web-frontend.yaml",
		 "name: web-frontend\n"
		 "description: from the profile dir\n"
		 "settings:\n"
		 "  net.core.somaxconn:\n"
		 "    value: 1024\n"
		 "    why: w\n", 0644);
	tu_write(dir, "squid-proxy.yaml",
		 "name: squid-proxy\n"
		 "description: from the profile dir\n"
		 "settings:\n", 0644);
	tu_write(conf, "profiles/squid-proxy.yaml",
		 "name: squid-proxy\n"
		 "description: from the config dir\n"
		 "settings:\n", 0644);
	tu_write(conf, "profiles/nat-gateway.yaml",
		 "name: nat-gateway\n"
		 "description: from the config dir\n"
		 "settings:\n", 0644);
	etc = xasprintf("%s/profiles", conf);

	resolve_in(&x, dir, conf, "web-frontend");
	assert_int_equal(x.r, 0);
	assert_int_equal(x.dg.n, 0);
	assert_string_equal(x.p.description, "from the profile dir");
	assert_string_equal(x.p.origin, dir);
	assert_int_equal(x.p.nchain, 1);
	assert_int_equal(x.p.n, 1);

	/* search order: profile dir, config dir, built-in; later ones are shadowed */
	for (i = 0; i < x.ps.n; i++) {
		const struct profile_source *src = &x.ps.v[i];

		if (strcmp(src->name, "web-frontend") == 0) {
			if (nweb++ == 0) {
				assert_string_equal(src->origin, dir);
				assert_false(src->shadowed);
			} else {
				assert_string_equal(src->origin, "built-in");
				assert_true(src->shadowed);
			}
		} else if (strcmp(src->name, "squid-proxy") == 0) {
			switch (nsquid++) {
			case 0:
				assert_string_equal(src->origin, dir);
				assert_false(src->shadowed);
				break;
			case 1:
				assert_string_equal(src->origin, etc);
				assert_true(src->shadowed);
				break;
			default:
				assert_string_equal(src->origin, "built-in");
				assert_true(src->shadowed);
			}
		} else if (strcmp(src->name, "nat-gateway") == 0) {
			assert_int_equal(src->shadowed, strcmp(src->origin, "built-in") == 0);
		} else {
			assert_string_equal(src->origin, "built-in");
			assert_false(src->shadowed);
		}
	}
	assert_int_equal(nweb, 2);
	assert_int_equal(nsquid, 3);
	resolved_free(&x);

	resolve_in(&x, dir, conf, "squid-proxy");
	assert_int_equal(x.r, 0);
	assert_string_equal(x.p.description, "from the profile dir");
	resolved_free(&x);

	resolve_in(&x, dir, conf, "nat-gateway");
	assert_int_equal(x.r, 0);
	assert_string_equal(x.p.description, "from the config dir");
	assert_string_equal(x.p.origin, etc);
	assert_int_equal(x.p.n, 0);
	resolved_free(&x);

	/* without the dirs the built-in comes back */
	resolve_in(&x, NULL, NULL, "web-frontend");
	assert_int_equal(x.r, 0);
	assert_string_equal(x.p.origin, "built-in");
	assert_int_equal(x.p.n, builtin_web_frontend_n());
	assert_string_equal(profile_setting(&x.p, "net.core.somaxconn")->file, "profiles/web-frontend.yaml");
	resolved_free(&x);

	free(etc);
	tu_rmtree(dir);
	tu_rmtree(conf);
	free(dir);
	free(conf);
}

static void test_resolve_unknown_name(void **state)
{
	struct resolved x;

	(void)state;
	resolve_in(&x, NULL, NULL, "web-frontnd");
	assert_int_equal(x.r, -ENOENT);
	tu_assert_diag(&x.dg, SEV_ERROR, 0, 0, "no profile named 'web-frontnd' (did you mean 'web-frontend'?)");
	assert_null(x.p.settings);
	assert_int_equal(x.p.n, 0);
	resolved_free(&x);

	resolve_in(&x, NULL, NULL, "qqqqqqqqqqqqqqqqqq");
	assert_int_equal(x.r, -ENOENT);
	tu_assert_diag(&x.dg, SEV_ERROR, 0, 0, "no profile named 'qqqqqqqqqqqqqqqqqq'; `tcptune profiles` lists them");
	assert_null(strstr(x.dg.v[0].msg, "did you mean"));
	resolved_free(&x);
}

static void test_resolve_builtins_clean(void **state)
{
	struct profile_set ps;
	size_t i, nbuiltin = 0;

	(void)state;
	profile_set_init(&ps, &cat, NULL, "/nonexistent");
	for (i = 0; i < ps.n; i++) {
		struct diags dg = { 0 };
		struct profile p;
		int r;

		assert_string_equal(ps.v[i].origin, "built-in");
		assert_false(ps.v[i].shadowed);
		nbuiltin++;
		r = profile_resolve(&ps, ps.v[i].name, &dg, &p);
		if (dg.n)
			tu_dump(&dg);
		assert_int_equal(r, 0);
		assert_int_equal(dg.n, 0);
		assert_string_equal(p.name, ps.v[i].name);
		assert_string_equal(p.origin, "built-in");
		assert_true(p.n > 0);
		assert_true(p.nchain >= 1);
		assert_string_equal(p.chain[p.nchain - 1], ps.v[i].name);
		free(p.settings);

		r = profile_resolve_source(&ps, i, &dg, &p);
		assert_int_equal(r, 0);
		assert_int_equal(dg.n, 0);
		free(p.settings);
		diags_free(&dg);
	}
	assert_true(nbuiltin >= 4);
	profile_set_free(&ps);
}

static void test_resolve_builtin_chains(void **state)
{
	struct resolved x;

	(void)state;
	resolve_in(&x, NULL, NULL, "load-balancer");
	assert_int_equal(x.r, 0);
	assert_int_equal(x.p.nchain, 2);
	assert_string_equal(x.p.chain[0], "web-frontend");
	assert_string_equal(x.p.chain[1], "load-balancer");
	/* web-frontend's settings plus netdev_max_backlog; somaxconn overridden */
	assert_int_equal(x.p.n, builtin_web_frontend_n() + 1);
	assert_non_null(profile_setting(&x.p, "net.core.netdev_max_backlog"));
	assert_string_equal(profile_setting(&x.p, "net.core.somaxconn")->at_least, "16384");
	assert_string_equal(profile_setting(&x.p, "net.core.somaxconn")->profile, "load-balancer");
	assert_string_equal(profile_setting(&x.p, "net.ipv4.tcp_syncookies")->profile, "web-frontend");
	assert_int_equal(x.p.ctx_nat, 1);
	assert_int_equal(x.p.ctx_fwd, 0);
	resolved_free(&x);

	resolve_in(&x, NULL, NULL, "nat-gateway");
	assert_int_equal(x.r, 0);
	assert_int_equal(x.p.nchain, 1);
	assert_int_equal(x.p.ctx_fwd, 1);
	assert_int_equal(x.p.ctx_nat, 1);
	assert_string_equal(profile_setting(&x.p, "net.ipv4.ip_forward")->value, "1");
	assert_non_null(profile_setting(&x.p, "net.netfilter.nf_conntrack_max"));
	resolved_free(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_bad_yaml),
		cmocka_unit_test(test_parse_empty_document),
		cmocka_unit_test(test_parse_not_a_mapping),
		cmocka_unit_test(test_parse_unknown_top_level_field),
		cmocka_unit_test(test_parse_missing_top_level_fields),
		cmocka_unit_test(test_parse_unknown_setting_field),
		cmocka_unit_test(test_parse_missing_why),
		cmocka_unit_test(test_parse_empty_why),
		cmocka_unit_test(test_parse_value_and_at_least),
		cmocka_unit_test(test_parse_no_value_or_bound),
		cmocka_unit_test(test_parse_setting_not_a_mapping),
		cmocka_unit_test(test_parse_unknown_key_did_you_mean),
		cmocka_unit_test(test_parse_invalid_key_syntax),
		cmocka_unit_test(test_parse_value_outside_kernel_bounds),
		cmocka_unit_test(test_parse_unparseable_value),
		cmocka_unit_test(test_parse_vector_field_count),
		cmocka_unit_test(test_parse_at_least_above_at_most),
		cmocka_unit_test(test_parse_bound_on_string_knob),
		cmocka_unit_test(test_parse_tw_recycle_refused),
		cmocka_unit_test(test_parse_removed_key_refused),
		cmocka_unit_test(test_parse_obsolete_key_refused),
		cmocka_unit_test(test_parse_read_only_key_refused),
		cmocka_unit_test(test_parse_noop_key_warns),
		cmocka_unit_test(test_parse_zero_padded_value_warns),
		cmocka_unit_test(test_parse_meaningless_value_warns),
		cmocka_unit_test(test_parse_unknown_string_warns),
		cmocka_unit_test(test_parse_bad_name),
		cmocka_unit_test(test_parse_name_file_mismatch_warns),
		cmocka_unit_test(test_parse_duplicate_setting),
		cmocka_unit_test(test_parse_duplicate_setting_after_normalisation),
		cmocka_unit_test(test_parse_duplicate_field),
		cmocka_unit_test(test_parse_slash_key_normalised),
		cmocka_unit_test(test_parse_context),
		cmocka_unit_test(test_parse_valid_profile),
		cmocka_unit_test(test_parse_empty_settings),
		cmocka_unit_test(test_parse_all_errors_reported),
		cmocka_unit_test(test_arg_is_path),
		cmocka_unit_test(test_resolve_chain_of_three),
		cmocka_unit_test(test_resolve_path_argument),
		cmocka_unit_test(test_resolve_missing_parent),
		cmocka_unit_test(test_resolve_invalid_parent),
		cmocka_unit_test(test_resolve_two_cycle),
		cmocka_unit_test(test_resolve_three_cycle),
		cmocka_unit_test(test_resolve_chain_depth),
		cmocka_unit_test(test_resolve_self_named_extends_builtin),
		cmocka_unit_test(test_resolve_shadowing),
		cmocka_unit_test(test_resolve_unknown_name),
		cmocka_unit_test(test_resolve_builtins_clean),
		cmocka_unit_test(test_resolve_builtin_chains),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown) != 0;
}
