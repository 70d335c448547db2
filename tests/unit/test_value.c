// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * value_parse and friends against the kernel's write semantics
 * (kernel/sysctl.c 6.12, see kernel-knobs.md "How the kernel treats writes").
 */
#include "testutil.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

/*
 * Everything a test looks at, copied out of the struct value so that the
 * value is freed before any assertion can longjmp out of the test.
 */
struct parsed {
	enum value_status st;
	struct value_notes notes;
	int nfields;
	long long num[VALUE_MAX_FIELDS];
	char canon[512];
	char conf[512];
	char err[256];
};

static void parse(const char *text, enum vtype t, int nfields, const struct bounds *b, int hz,
		  struct parsed *p)
{
	struct value v;
	char *s;

	memset(p, 0, sizeof(*p));
	p->st = value_parse(text, t, nfields, b, hz, &v, &p->notes, p->err, sizeof(p->err));
	p->nfields = v.nfields;
	memcpy(p->num, v.num, sizeof(p->num));
	if (p->st == VS_OK) {
		s = value_canonical(&v);
		snprintf(p->canon, sizeof(p->canon), "%s", s);
		free(s);
		s = value_conf_form(&v);
		snprintf(p->conf, sizeof(p->conf), "%s", s);
		free(s);
	}
	value_free(&v);
}

/* A scalar that must parse to want. */
static void ok_num(const char *text, enum vtype t, const struct bounds *b, int hz, long long want)
{
	struct parsed p;

	parse(text, t, 1, b, hz, &p);
	if (p.st != VS_OK)
		fprintf(stderr, "\"%s\" as %s: status %d (%s)\n", text, vtype_name(t), p.st, p.err);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.nfields, 1);
	assert_true(p.num[0] == want);
	assert_int_equal(p.notes.bad_field, -1);
}

/* A value that must be rejected with status st (and a message for the user). */
static void bad(const char *text, enum vtype t, int nfields, const struct bounds *b, int hz,
		enum value_status st, int bad_field)
{
	struct parsed p;

	parse(text, t, nfields, b, hz, &p);
	if (p.st != st)
		fprintf(stderr, "\"%s\" as %s: status %d, expected %d (%s)\n", text, vtype_name(t), p.st,
			st, p.err);
	assert_int_equal(p.st, st);
	assert_int_equal(p.notes.bad_field, bad_field);
	assert_true(p.err[0] != '\0');
}

/* A value whose canonical form must be want. */
static void canon(const char *text, enum vtype t, int nfields, const struct bounds *b, const char *want)
{
	struct parsed p;

	parse(text, t, nfields, b, 0, &p);
	if (p.st != VS_OK)
		fprintf(stderr, "\"%s\" as %s: status %d (%s)\n", text, vtype_name(t), p.st, p.err);
	assert_int_equal(p.st, VS_OK);
	assert_string_equal(p.canon, want);
}

static bool equal(const char *a, const char *b, enum vtype t, int nfields)
{
	struct value va, vb;
	enum value_status sa, sb;
	bool eq;

	sa = value_parse(a, t, nfields, NULL, 0, &va, NULL, NULL, 0);
	sb = value_parse(b, t, nfields, NULL, 0, &vb, NULL, NULL, 0);
	eq = value_equal(&va, &vb);
	value_free(&va);
	value_free(&vb);
	assert_int_equal(sa, VS_OK);
	assert_int_equal(sb, VS_OK);
	return eq;
}

static const struct bounds tw_reuse_bounds = { .has_min = true, .has_max = true, .min = 0, .max = 2 };
static const struct bounds somaxconn_bounds = { .has_min = true, .min = 0 };
static const struct bounds port_range_bounds = { .has_min = true, .has_max = true, .min = 1, .max = 65535 };
static const struct bounds rmem_bounds = { .has_min = true, .min = 1 };

/* T: 010 becomes 8, 0100 becomes 64 (strtoul_lenient base 0, sysctl.c:370). */
static void test_octal(void **state)
{
	struct parsed p;

	(void)state;
	parse("010", VT_INT, 1, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.num[0], 8);
	assert_true(p.notes.octal);
	assert_false(p.notes.hex);
	assert_string_equal(p.canon, "8");

	parse("0100", VT_INT, 1, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.num[0], 64);
	assert_true(p.notes.octal);

	ok_num("0755", VT_UINT, NULL, 0, 493);
	ok_num("00", VT_INT, NULL, 0, 0);
	ok_num("-010", VT_INT, NULL, 0, -8);

	/* a plain 0 or decimal is not octal */
	parse("0", VT_INT, 1, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.num[0], 0);
	assert_false(p.notes.octal);
	parse("60", VT_INT, 1, NULL, 0, &p);
	assert_false(p.notes.octal);
	assert_false(p.notes.hex);
}

/* T: 08 gives EINVAL: 8 is not an octal digit. */
static void test_bad_octal(void **state)
{
	(void)state;
	bad("08", VT_INT, 1, NULL, 0, VS_SYNTAX, 0);
	bad("09", VT_UINT, 1, NULL, 0, VS_SYNTAX, 0);
	bad("0778", VT_INT, 1, NULL, 0, VS_SYNTAX, 0);
	bad("-08", VT_INT, 1, NULL, 0, VS_SYNTAX, 0);
}

/* T: 0x10 becomes 16. */
static void test_hex(void **state)
{
	struct parsed p;

	(void)state;
	parse("0x10", VT_INT, 1, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.num[0], 16);
	assert_true(p.notes.hex);
	assert_false(p.notes.octal);
	assert_string_equal(p.canon, "16");

	ok_num("0X1f", VT_INT, NULL, 0, 31);
	ok_num("0xff", VT_U8, NULL, 0, 255);
	ok_num("-0x10", VT_INT, NULL, 0, -16);
	/* "0x" without a hex digit is octal 0 followed by garbage */
	bad("0x", VT_INT, 1, NULL, 0, VS_SYNTAX, 0);
	bad("0xg", VT_INT, 1, NULL, 0, VS_SYNTAX, 0);
	bad("0x1g", VT_INT, 1, NULL, 0, VS_SYNTAX, 0);
}

/* T: +32, 30abc and 3.5 give EINVAL. */
static void test_syntax(void **state)
{
	static const char *const cases[] = {
		"+32", "30abc", "3.5", "abc", "-", "--1", "- 1", "1e3", "0b101", "1,2", "ten",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bad(cases[i], VT_INT, 1, NULL, 0, VS_SYNTAX, 0);
		bad(cases[i], VT_VECTOR, 3, NULL, 0, VS_SYNTAX, 0);
	}
	bad("+32", VT_UINT, 1, NULL, 0, VS_SYNTAX, 0);
	bad("3.5", VT_SECONDS, 1, NULL, 250, VS_SYNTAX, 0);
	bad("30abc", VT_U8, 1, NULL, 0, VS_SYNTAX, 0);
}

/* Leading whitespace and the newline echo adds are accepted. */
static void test_whitespace(void **state)
{
	(void)state;
	ok_num("60\n", VT_INT, NULL, 0, 60);
	ok_num("  60", VT_SECONDS, NULL, 250, 60);
	ok_num("\t7 \n", VT_UINT, NULL, 0, 7);
}

/* T: "45 46" to a scalar is a short write; only 45 is applied. */
static void test_scalar_extra_fields(void **state)
{
	struct parsed p;

	(void)state;
	parse("45 46", VT_INT, 1, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.nfields, 1);
	assert_int_equal(p.num[0], 45);
	assert_int_equal(p.notes.fields_given, 2);
	assert_int_equal(p.notes.bad_field, -1);
	assert_string_equal(p.canon, "45");

	parse("45\t46 47", VT_U8, 1, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.num[0], 45);
	assert_int_equal(p.notes.fields_given, 3);

	/* the kernel stops after its one slot, whatever follows */
	parse("45 junk", VT_INT, 1, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.num[0], 45);
	assert_int_equal(p.notes.fields_given, 2);

	/* a scalar's nfields argument is ignored */
	parse("1 2 3", VT_INT, 3, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.nfields, 1);
	assert_int_equal(p.notes.fields_given, 3);
}

/* A zero-length write is a successful no-op. */
static void test_empty(void **state)
{
	static const enum vtype types[] = {
		VT_INT, VT_UINT, VT_U8, VT_SECONDS, VT_VECTOR, VT_BITMASK, VT_STRING, VT_PORTS,
	};
	struct parsed p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		parse("", types[i], 3, NULL, 0, &p);
		assert_int_equal(p.st, VS_EMPTY);
		assert_int_equal(p.nfields, 0);
		assert_true(p.err[0] != '\0');
	}
}

/* Negatives: proc_dointvec takes them, proc_douintvec/proc_dou8vec_minmax refuse (-1 included). */
static void test_negative(void **state)
{
	(void)state;
	ok_num("-5", VT_INT, NULL, 0, -5);
	ok_num("-1", VT_BITMASK, NULL, 0, -1);
	ok_num("-5", VT_SECONDS, NULL, 250, -5);	/* T: tcp_fin_timeout -5 accepted */
	ok_num("-1", VT_INT, NULL, 0, -1);		/* tcp_max_syn_backlog: no bounds */
	bad("-1", VT_INT, 1, &somaxconn_bounds, 0, VS_RANGE, 0);	/* T: somaxconn -1 EINVAL */
}

/*
 * proc_get_long accepts the '-'; the unsigned handlers then refuse the
 * negative value (do_proc_douintvec_w): -1 is outside 0..UINT_MAX, a range
 * error (TT303 lists "unsigned knobs: -1 is EINVAL" among the bounds), not
 * a number the kernel cannot read.
 */
static void test_negative_unsigned(void **state)
{
	static const struct {
		const char *text;
		enum vtype t;
		const struct bounds *b;
	} cases[] = {
		{ "-1", VT_UINT, NULL },
		{ "-1", VT_U8, NULL },
		{ "-1", VT_U8, &tw_reuse_bounds },	/* T: tcp_tw_reuse -1 EINVAL */
		{ "-5", VT_UINT, NULL },
		{ "-1", VT_ULONG, NULL },
	};
	struct parsed p;
	size_t i, wrong = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse(cases[i].text, cases[i].t, 1, cases[i].b, 0, &p);
		if (p.st != VS_RANGE || p.notes.bad_field != 0) {
			fprintf(stderr, "\"%s\" as %s: status %d, bad_field %d; expected VS_RANGE (%d), 0\n",
				cases[i].text, vtype_name(cases[i].t), p.st, p.notes.bad_field, VS_RANGE);
			wrong++;
		}
		assert_true(p.st != VS_OK);
	}
	assert_int_equal(wrong, 0);
}

/* proc_doulongvec_minmax: 0..ULONG_MAX, printed unsigned. */
static void test_ulong(void **state)
{
	struct parsed p;

	(void)state;
	parse("18446744073709551615", VT_ULONG, 1, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_string_equal(p.canon, "18446744073709551615");
	parse("0xffffffffffffffff", VT_ULONG, 1, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_string_equal(p.canon, "18446744073709551615");
	assert_true(p.notes.hex);
	bad("18446744073709551616", VT_ULONG, 1, NULL, 0, VS_RANGE, 0);
	bad("3.5", VT_ULONG, 1, NULL, 0, VS_SYNTAX, 0);

}

/* Vectors of unsigned elements (tcp_mem: longs, ping_group_range: gids). */
static void test_vector_elem(void **state)
{
	static const struct bounds gid_bounds = { .has_min = true, .has_max = true, .min = 0, .max = 4294967294LL };
	struct value v;
	enum value_status st;
	struct value_notes notes;
	char *canon, *conf;

	(void)state;
	st = value_parse_elem("1 4294967296\t18446744073709551615", VT_VECTOR, VT_ULONG, 3, NULL, 0, &v, &notes,
			      NULL, 0);
	canon = st == VS_OK ? value_canonical(&v) : NULL;
	conf = st == VS_OK ? value_conf_form(&v) : NULL;
	value_free(&v);
	assert_int_equal(st, VS_OK);
	assert_string_equal(canon, "1\t4294967296\t18446744073709551615");
	assert_string_equal(conf, "1 4294967296 18446744073709551615");
	free(canon);
	free(conf);

	st = value_parse_elem("1 -1 3", VT_VECTOR, VT_ULONG, 3, NULL, 0, &v, &notes, NULL, 0);
	value_free(&v);
	assert_true(st != VS_OK);
	assert_int_equal(notes.bad_field, 1);

	/* ping_group_range: unsigned gids up to 4294967294 */
	st = value_parse_elem("0 4294967294", VT_VECTOR, VT_UINT, 2, &gid_bounds, 0, &v, &notes, NULL, 0);
	value_free(&v);
	assert_int_equal(st, VS_OK);
	st = value_parse_elem("0 4294967295", VT_VECTOR, VT_UINT, 2, &gid_bounds, 0, &v, &notes, NULL, 0);
	value_free(&v);
	assert_int_equal(st, VS_RANGE);
	assert_int_equal(notes.bad_field, 1);

	/* the default element is int */
	st = value_parse_elem("1 2147483648", VT_VECTOR, VT_INT, 2, NULL, 0, &v, &notes, NULL, 0);
	value_free(&v);
	assert_int_equal(st, VS_RANGE);
}

/* proc_dou8vec_minmax: 0..255 unless the knob narrows it. */
static void test_u8(void **state)
{
	(void)state;
	ok_num("0", VT_U8, NULL, 0, 0);
	ok_num("255", VT_U8, NULL, 0, 255);
	bad("256", VT_U8, 1, NULL, 0, VS_RANGE, 0);
	bad("1000", VT_U8, 1, NULL, 0, VS_RANGE, 0);
	/* T: tcp_tw_reuse bounds 0..2: 3 and 256 give EINVAL */
	ok_num("0", VT_U8, &tw_reuse_bounds, 0, 0);
	ok_num("2", VT_U8, &tw_reuse_bounds, 0, 2);
	bad("3", VT_U8, 1, &tw_reuse_bounds, 0, VS_RANGE, 0);
	bad("256", VT_U8, 1, &tw_reuse_bounds, 0, VS_RANGE, 0);
}

static void test_int_limits(void **state)
{
	(void)state;
	ok_num("2147483647", VT_INT, NULL, 0, 2147483647LL);
	ok_num("-2147483648", VT_INT, NULL, 0, -2147483648LL);
	ok_num("0x7fffffff", VT_INT, NULL, 0, 2147483647LL);
	bad("2147483648", VT_INT, 1, NULL, 0, VS_RANGE, 0);
	bad("-2147483649", VT_INT, 1, NULL, 0, VS_RANGE, 0);
	bad("0x80000000", VT_INT, 1, NULL, 0, VS_RANGE, 0);
	bad("99999999999999999999999", VT_INT, 1, NULL, 0, VS_RANGE, 0);
	bad("9223372036854775808", VT_INT, 1, NULL, 0, VS_RANGE, 0);
	bad("2147483648", VT_BITMASK, 1, NULL, 0, VS_RANGE, 0);
	/* T: somaxconn (min 0, no max): 2147483647 accepted, 2147483648 EINVAL */
	ok_num("2147483647", VT_INT, &somaxconn_bounds, 0, 2147483647LL);
	ok_num("65536", VT_INT, &somaxconn_bounds, 0, 65536);
	bad("2147483648", VT_INT, 1, &somaxconn_bounds, 0, VS_RANGE, 0);
}

static void test_uint_limits(void **state)
{
	(void)state;
	ok_num("4294967295", VT_UINT, NULL, 0, 4294967295LL);
	ok_num("0xffffffff", VT_UINT, NULL, 0, 4294967295LL);
	ok_num("0", VT_UINT, NULL, 0, 0);
	bad("4294967296", VT_UINT, 1, NULL, 0, VS_RANGE, 0);
	bad("0x100000000", VT_UINT, 1, NULL, 0, VS_RANGE, 0);
}

/* proc_dointvec_jiffies: EINVAL above INT_MAX/HZ (sysctl.c:1153-1163). */
static void test_seconds(void **state)
{
	struct parsed p;
	long long min, max;

	(void)state;
	/* T: at HZ=250, 8589934 accepted and 8589935 EINVAL */
	ok_num("8589934", VT_SECONDS, NULL, 250, 8589934);
	bad("8589935", VT_SECONDS, 1, NULL, 250, VS_RANGE, 0);
	parse("8589935", VT_SECONDS, 1, NULL, 250, &p);
	assert_non_null(strstr(p.err, "HZ=250"));
	/* HZ=1000: 2147483 */
	ok_num("2147483", VT_SECONDS, NULL, 1000, 2147483);
	bad("2147484", VT_SECONDS, 1, NULL, 1000, VS_RANGE, 0);
	/* unknown HZ: the loosest, 100 */
	ok_num("21474836", VT_SECONDS, NULL, 0, 21474836);
	bad("21474837", VT_SECONDS, 1, NULL, 0, VS_RANGE, 0);
	parse("21474837", VT_SECONDS, 1, NULL, 0, &p);
	assert_non_null(strstr(p.err, "HZ=100"));
	/* T: fin_timeout 0 and -5 accepted */
	ok_num("0", VT_SECONDS, NULL, 250, 0);
	ok_num("-2147483648", VT_SECONDS, NULL, 250, -2147483648LL);

	vtype_limits(VT_SECONDS, 250, &min, &max);
	assert_true(min == INT_MIN);
	assert_true(max == 8589934);
	vtype_limits(VT_SECONDS, 0, &min, &max);
	assert_true(max == 21474836);
	vtype_limits(VT_SECONDS, -5, &min, &max);
	assert_true(max == 21474836);
	vtype_limits(VT_UINT, 0, &min, &max);
	assert_true(min == 0 && max == 4294967295LL);
	vtype_limits(VT_U8, 0, &min, &max);
	assert_true(min == 0 && max == 255);
	vtype_limits(VT_INT, 0, &min, &max);
	assert_true(min == INT_MIN && max == INT_MAX);
	vtype_limits(VT_VECTOR, 0, &min, &max);
	assert_true(min == INT_MIN && max == INT_MAX);
}

/* Vector fields are split on any whitespace; canonical uses tabs, conf form spaces. */
static void test_vector_whitespace(void **state)
{
	static const char *const spellings[] = {
		"4096 87380 6291456",
		"4096\t87380\t6291456",
		"  4096   87380\t \t6291456\n",
		"4096\n87380\n6291456",
	};
	struct parsed p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		parse(spellings[i], VT_VECTOR, 3, NULL, 0, &p);
		assert_int_equal(p.st, VS_OK);
		assert_int_equal(p.nfields, 3);
		assert_int_equal(p.notes.fields_given, 3);
		assert_int_equal(p.num[0], 4096);
		assert_int_equal(p.num[1], 87380);
		assert_int_equal(p.num[2], 6291456);
		assert_string_equal(p.canon, "4096\t87380\t6291456");
		assert_string_equal(p.conf, "4096 87380 6291456");
		assert_true(equal(spellings[i], spellings[0], VT_VECTOR, 3));
	}
	assert_false(equal("4096 87380 6291456", "4096 87380 6291457", VT_VECTOR, 3));

	/* octal applies per field */
	parse("010 20", VT_VECTOR, 2, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.num[0], 8);
	assert_int_equal(p.num[1], 20);
	assert_true(p.notes.octal);
	assert_string_equal(p.canon, "8\t20");
}

/* Fewer values than slots updates only those slots. */
static void test_vector_fewer_fields(void **state)
{
	struct parsed p;

	(void)state;
	parse("4096 87380", VT_VECTOR, 3, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.nfields, 2);
	assert_int_equal(p.notes.fields_given, 2);
	assert_string_equal(p.canon, "4096\t87380");
	assert_string_equal(p.conf, "4096 87380");
	/* equality compares the fields both have */
	assert_true(equal("4096 87380", "4096 87380 6291456", VT_VECTOR, 3));
	assert_false(equal("4096 1", "4096 87380 6291456", VT_VECTOR, 3));

	parse("7", VT_VECTOR, 3, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.nfields, 1);
	assert_string_equal(p.canon, "7");
}

/* Extra values are ignored; fields_given tells how many there were. */
static void test_vector_extra_fields(void **state)
{
	struct parsed p;

	(void)state;
	parse("1 2 3 4 5", VT_VECTOR, 3, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.nfields, 3);
	assert_int_equal(p.notes.fields_given, 5);
	assert_string_equal(p.canon, "1\t2\t3");
	assert_string_equal(p.conf, "1 2 3");

	parse("32768 60999 junk", VT_VECTOR, 2, &port_range_bounds, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_int_equal(p.nfields, 2);
	assert_int_equal(p.notes.fields_given, 3);
	assert_string_equal(p.canon, "32768\t60999");
}

/* T: "8192 65536 -1" to tcp_rmem is EINVAL; the bad field is reported. */
static void test_vector_bad_field(void **state)
{
	struct parsed p;

	(void)state;
	bad("8192 65536 -1", VT_VECTOR, 3, &rmem_bounds, 0, VS_RANGE, 2);
	bad("8192 65536 x", VT_VECTOR, 3, NULL, 0, VS_SYNTAX, 2);
	bad("8192 08 1", VT_VECTOR, 3, NULL, 0, VS_SYNTAX, 1);
	bad("1 2 3.5", VT_VECTOR, 3, NULL, 0, VS_SYNTAX, 2);
	bad("1 2147483648", VT_VECTOR, 2, NULL, 0, VS_RANGE, 1);
	/* T: ip_local_port_range: every field in 1..65535 */
	bad("1024 65536", VT_VECTOR, 2, &port_range_bounds, 0, VS_RANGE, 1);
	bad("0 65535", VT_VECTOR, 2, &port_range_bounds, 0, VS_RANGE, 0);
	/* the fields before the bad one were read */
	parse("8192 65536 -1", VT_VECTOR, 3, &rmem_bounds, 0, &p);
	assert_int_equal(p.nfields, 2);
	assert_int_equal(p.num[0], 8192);
	assert_int_equal(p.num[1], 65536);
	/* no ordering is checked: T: "16777216 87380 4096" accepted */
	canon("16777216 87380 4096", VT_VECTOR, 3, &rmem_bounds, "16777216\t87380\t4096");
	canon("1 65535", VT_VECTOR, 2, &port_range_bounds, "1\t65535");
}

/* proc_do_large_bitmap: "a,b-c", ports 0..65535. */
static void test_ports(void **state)
{
	(void)state;
	canon("8080,9000-9100", VT_PORTS, 1, NULL, "8080,9000-9100");
	canon("9000-9100,8080", VT_PORTS, 1, NULL, "8080,9000-9100");
	canon("80\n", VT_PORTS, 1, NULL, "80");
	canon(" 80 , 443 ", VT_PORTS, 1, NULL, "80,443");
	canon("0,65535", VT_PORTS, 1, NULL, "0,65535");
	canon("5-5", VT_PORTS, 1, NULL, "5");
	/* overlapping and adjacent entries merge, duplicates vanish */
	canon("1-5,3-8,9,20", VT_PORTS, 1, NULL, "1-9,20");
	canon("1-3,4-6", VT_PORTS, 1, NULL, "1-6");
	canon("20,1,1,20", VT_PORTS, 1, NULL, "1,20");
	canon("10,11,12", VT_PORTS, 1, NULL, "10-12");
	canon("1-65535", VT_PORTS, 1, NULL, "1-65535");
	/* T: 70000 gives EINVAL */
	bad("70000", VT_PORTS, 1, NULL, 0, VS_RANGE, -1);
	bad("1-70000", VT_PORTS, 1, NULL, 0, VS_RANGE, -1);
	bad("80,65536", VT_PORTS, 1, NULL, 0, VS_RANGE, -1);
	bad("9100-9000", VT_PORTS, 1, NULL, 0, VS_RANGE, -1);
	bad("abc", VT_PORTS, 1, NULL, 0, VS_SYNTAX, -1);
	bad("80;443", VT_PORTS, 1, NULL, 0, VS_SYNTAX, -1);
	bad("80-", VT_PORTS, 1, NULL, 0, VS_SYNTAX, -1);
	bad("-80", VT_PORTS, 1, NULL, 0, VS_SYNTAX, -1);
	bad("", VT_PORTS, 1, NULL, 0, VS_EMPTY, -1);

	assert_true(equal("1,2,3,4", "1-3,4", VT_PORTS, 1));
	assert_false(equal("1,2,3", "1-4", VT_PORTS, 1));
}

/* proc_dostring: the value with surrounding whitespace removed. */
static void test_string(void **state)
{
	struct parsed p;

	(void)state;
	parse("  cubic \n", VT_STRING, 1, NULL, 0, &p);
	assert_int_equal(p.st, VS_OK);
	assert_string_equal(p.canon, "cubic");
	assert_string_equal(p.conf, "cubic");
	assert_int_equal(p.notes.fields_given, 1);
	canon("bbr", VT_STRING, 1, NULL, "bbr");
	canon("\tfq codel\t", VT_STRING, 1, NULL, "fq codel");
	/* strings are not numbers: no base conversion */
	canon("010", VT_STRING, 1, NULL, "010");
	assert_true(equal(" bbr\n", "bbr", VT_STRING, 1));
	assert_false(equal("bbr", "cubic", VT_STRING, 1));
	/* a CR or another control byte inside would end a sysctl.d line early */
	parse("cubic\rnet.ipv4.tcp_syncookies = 0", VT_STRING, 1, NULL, 0, &p);
	assert_int_equal(p.st, VS_SYNTAX);
	parse("cu\x01bic", VT_STRING, 1, NULL, 0, &p);
	assert_int_equal(p.st, VS_SYNTAX);
}

static void test_equal_numeric(void **state)
{
	(void)state;
	assert_true(equal("010", "8", VT_INT, 1));
	assert_true(equal("0x10", "16", VT_INT, 1));
	assert_true(equal("16\n", " 16", VT_UINT, 1));
	assert_false(equal("16", "17", VT_INT, 1));
	assert_false(equal("010", "10", VT_INT, 1));
}

static void test_copy(void **state)
{
	struct value a, b;

	(void)state;
	assert_int_equal(value_parse("1-3", VT_PORTS, 1, NULL, 0, &a, NULL, NULL, 0), VS_OK);
	value_copy(&b, &a);
	assert_true(a.str != b.str);
	assert_true(value_equal(&a, &b));
	value_free(&a);
	assert_null(a.str);
	assert_string_equal(b.str, "1-3");
	value_free(&b);

	assert_int_equal(value_parse("1 2", VT_VECTOR, 2, NULL, 0, &a, NULL, NULL, 0), VS_OK);
	value_copy(&b, &a);
	assert_true(value_equal(&a, &b));
	assert_int_equal(b.nfields, 2);
	value_free(&a);
	value_free(&b);
}

static void test_too_long(void **state)
{
	char *s = malloc(VALUE_MAX_LEN + 2);
	struct parsed p;

	(void)state;
	assert_non_null(s);
	memset(s, '1', VALUE_MAX_LEN + 1);
	s[VALUE_MAX_LEN + 1] = '\0';
	parse(s, VT_STRING, 1, NULL, 0, &p);
	free(s);
	assert_int_equal(p.st, VS_SYNTAX);
}

/* value_parse_number: strtoul_lenient(base 0) plus proc_get_long's sign. */
static void test_parse_number(void **state)
{
	const char *p, *text;
	long long v;
	bool octal, hex;

	(void)state;
	text = "010";
	p = text;
	octal = hex = false;
	assert_int_equal(value_parse_number(&p, true, &v, &octal, &hex), 0);
	assert_int_equal(v, 8);
	assert_true(octal);
	assert_false(hex);
	assert_ptr_equal(p, text + 3);

	text = "0x10 rest";
	p = text;
	octal = hex = false;
	assert_int_equal(value_parse_number(&p, true, &v, &octal, &hex), 0);
	assert_int_equal(v, 16);
	assert_true(hex);
	assert_false(octal);
	assert_string_equal(p, " rest");

	text = "-42\t";
	p = text;
	assert_int_equal(value_parse_number(&p, true, &v, NULL, NULL), 0);
	assert_int_equal(v, -42);
	assert_string_equal(p, "\t");

	/* a sign where it is not allowed is out of the type's range; then the usual garbage */
	p = "-42";
	assert_int_equal(value_parse_number(&p, false, &v, NULL, NULL), -ERANGE);
	p = "+42";
	assert_int_equal(value_parse_number(&p, true, &v, NULL, NULL), -EINVAL);
	p = "08";
	assert_int_equal(value_parse_number(&p, true, &v, NULL, NULL), -EINVAL);
	p = "30abc";
	assert_int_equal(value_parse_number(&p, true, &v, NULL, NULL), -EINVAL);
	p = "3.5";
	assert_int_equal(value_parse_number(&p, true, &v, NULL, NULL), -EINVAL);
	p = "";
	assert_int_equal(value_parse_number(&p, true, &v, NULL, NULL), -EINVAL);
	p = "0x";
	assert_int_equal(value_parse_number(&p, true, &v, NULL, NULL), -EINVAL);

	/* too large for 64 bits */
	p = "99999999999999999999999";
	assert_int_equal(value_parse_number(&p, true, &v, NULL, NULL), -ERANGE);
	p = "9223372036854775808";
	assert_int_equal(value_parse_number(&p, true, &v, NULL, NULL), -ERANGE);
	p = "9223372036854775807";
	assert_int_equal(value_parse_number(&p, true, &v, NULL, NULL), 0);
	assert_true(v == LLONG_MAX);
	p = "-9223372036854775808";
	assert_int_equal(value_parse_number(&p, true, &v, NULL, NULL), 0);
	assert_true(v == LLONG_MIN);
	p = "-9223372036854775809";
	assert_int_equal(value_parse_number(&p, true, &v, NULL, NULL), -ERANGE);

	/* plain zero is not octal */
	p = "0";
	octal = false;
	assert_int_equal(value_parse_number(&p, true, &v, &octal, NULL), 0);
	assert_int_equal(v, 0);
	assert_false(octal);
}

static void test_vtype_names(void **state)
{
	static const enum vtype types[] = {
		VT_INT, VT_UINT, VT_U8, VT_SECONDS, VT_VECTOR, VT_BITMASK, VT_STRING, VT_PORTS, VT_ULONG,
	};
	enum vtype t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		assert_int_equal(vtype_from_name(vtype_name(types[i]), &t), 0);
		assert_int_equal(t, types[i]);
	}
	assert_string_equal(vtype_name(VT_SECONDS), "seconds");
	assert_int_equal(vtype_from_name("integer", &t), -EINVAL);
	assert_int_equal(vtype_from_name("", &t), -EINVAL);
	assert_true(vtype_numeric(VT_VECTOR));
	assert_true(vtype_numeric(VT_BITMASK));
	assert_false(vtype_numeric(VT_STRING));
	assert_false(vtype_numeric(VT_PORTS));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_octal),
		cmocka_unit_test(test_bad_octal),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_whitespace),
		cmocka_unit_test(test_scalar_extra_fields),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_negative),
		cmocka_unit_test(test_negative_unsigned),
		cmocka_unit_test(test_u8),
		cmocka_unit_test(test_ulong),
		cmocka_unit_test(test_vector_elem),
		cmocka_unit_test(test_int_limits),
		cmocka_unit_test(test_uint_limits),
		cmocka_unit_test(test_seconds),
		cmocka_unit_test(test_vector_whitespace),
		cmocka_unit_test(test_vector_fewer_fields),
		cmocka_unit_test(test_vector_extra_fields),
		cmocka_unit_test(test_vector_bad_field),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_equal_numeric),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_parse_number),
		cmocka_unit_test(test_vtype_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
