// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sysctl.conf parser: the exact syntax systemd-sysctl and procps read
 * (ecosystem.md section 1), with the line and column of every assignment
 * and every finding. Buffers are passed with explicit lengths so that NUL
 * bytes, missing final newlines and overlong lines can be tested.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conffile.h"
#include "diag.h"
#include "key.h"
#include "util.h"

#define PATH "test.conf"
/* a string literal, with its length (any NUL bytes inside count) */
#define PARSE(cf, dg, lit) conf_parse((cf), PATH, (lit), sizeof(lit) - 1, (dg))

static size_t count_id(const struct diags *dg, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < dg->n; i++)
		n += dg->v[i].id && strcmp(dg->v[i].id, id) == 0;
	return n;
}

#define ANY_SEV (-1)

/* Assert a finding with this id, severity and position (col 0: any column; sev ANY_SEV: any). */
static void assert_finding(const struct diags *dg, const char *id, int sev, int line, int col)
{
	size_t i;

	for (i = 0; i < dg->n; i++) {
		const struct diag *d = &dg->v[i];

		if (d->id && strcmp(d->id, id) == 0 && (sev == ANY_SEV || (int)d->sev == sev) && d->line == line &&
		    (col == 0 || d->col == col)) {
			assert_non_null(d->file);
			assert_string_equal(d->file, PATH);
			assert_non_null(d->msg);
			assert_true(d->msg[0] != '\0');
			return;
		}
	}
	fprintf(stderr, "expected %s (%s) at %d:%d; got:\n", id, sev == ANY_SEV ? "any" : severity_name(sev), line,
		col);
	tu_dump(dg);
	fail();
}

static void assert_no_diags(const struct diags *dg)
{
	if (dg->n)
		tu_dump(dg);
	assert_int_equal(dg->n, 0);
}

/* Assert one assignment's fields. */
static void assert_assign(const struct conf_assign *a, const char *key, const char *value, int line, int col,
			  int vcol)
{
	assert_non_null(a->key);
	assert_non_null(a->value);
	if (strcmp(a->key, key) || strcmp(a->value, value) || a->line != line || a->col != col || a->vcol != vcol)
		fprintf(stderr, "got key \"%s\" value \"%s\" at %d:%d vcol %d; want \"%s\" \"%s\" %d:%d vcol %d\n",
			a->key, a->value, a->line, a->col, a->vcol, key, value, line, col, vcol);
	assert_string_equal(a->key, key);
	assert_string_equal(a->value, value);
	assert_int_equal(a->line, line);
	assert_int_equal(a->col, col);
	assert_int_equal(a->vcol, vcol);
}

static void test_basic_assignment(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "net.core.somaxconn = 4096\n"
			"  net.ipv4.tcp_syncookies=1\n"
			"\tkernel.pid_max\t=\t65536\t\n");
	assert_no_diags(&dg);
	assert_string_equal(cf.path, PATH);
	assert_int_equal(cf.n, 3);
	assert_assign(&cf.a[0], "net.core.somaxconn", "4096", 1, 1, 22);
	assert_true(cf.a[0].key_valid);
	assert_false(cf.a[0].ignore_failure);
	assert_false(cf.a[0].glob);
	assert_false(cf.a[0].exclude);
	assert_assign(&cf.a[1], "net.ipv4.tcp_syncookies", "1", 2, 3, 27);
	assert_true(cf.a[1].key_valid);
	assert_assign(&cf.a[2], "kernel.pid_max", "65536", 3, 2, 19);
	assert_true(cf.a[2].key_valid);
	assert_false(cf.bom);
	assert_false(cf.crlf);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_comments(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "# hash comment = not an assignment\n"
			"; semicolon comment = neither\n"
			"    # indented hash\n"
			"\t; tab-indented semicolon\n"
			"#net.core.somaxconn = 1\n"
			";net.core.somaxconn = 2\n"
			"net.core.somaxconn = 3\n");
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 1);
	assert_assign(&cf.a[0], "net.core.somaxconn", "3", 7, 1, 22);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_no_trailing_comments(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "net.core.somaxconn = 4096 # raise the backlog\n"
			"net.ipv4.tcp_ecn = 1 ; semicolon too\n"
			"kernel.domainname = \"quoted\"\n");
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 3);
	assert_assign(&cf.a[0], "net.core.somaxconn", "4096 # raise the backlog", 1, 1, 22);
	assert_assign(&cf.a[1], "net.ipv4.tcp_ecn", "1 ; semicolon too", 2, 1, 20);
	/* quotes are not removed either */
	assert_assign(&cf.a[2], "kernel.domainname", "\"quoted\"", 3, 1, 21);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_value_split_at_first_equals(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "kernel.core_pattern = a=b = c\n"
			"net.a.b=c=d\n"
			"net.x.y = =\n");
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 3);
	assert_assign(&cf.a[0], "kernel.core_pattern", "a=b = c", 1, 1, 23);
	assert_assign(&cf.a[1], "net.a.b", "c=d", 2, 1, 9);
	assert_assign(&cf.a[2], "net.x.y", "=", 3, 1, 11);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_value_ends_stripped_inner_kept(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "net.ipv4.tcp_rmem =   4096  87380   6291456   \n"
			"net.ipv4.tcp_wmem=\t4096\t16384\t4194304\t\t\n"
			"   net.ipv4.ip_local_port_range   =   1024 \t 65000\n");
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 3);
	assert_assign(&cf.a[0], "net.ipv4.tcp_rmem", "4096  87380   6291456", 1, 1, 23);
	assert_assign(&cf.a[1], "net.ipv4.tcp_wmem", "4096\t16384\t4194304", 2, 1, 20);
	assert_assign(&cf.a[2], "net.ipv4.ip_local_port_range", "1024 \t 65000", 3, 4, 39);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_separators(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "net/ipv4/tcp_fin_timeout = 30\n"
			"net.ipv4.conf.enp3s0/200.forwarding = 1\n"
			"net/ipv4/conf/enp3s0.200/forwarding = 0\n"
			"net.ipv4.tcp_fin_timeout = 15\n");
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 4);
	assert_assign(&cf.a[0], "net.ipv4.tcp_fin_timeout", "30", 1, 1, 28);
	assert_true(cf.a[0].key_valid);
	assert_assign(&cf.a[1], "net.ipv4.conf.enp3s0/200.forwarding", "1", 2, 1, 39);
	assert_true(cf.a[1].key_valid);
	/* the path form of the same VLAN key normalises to the same spelling */
	assert_assign(&cf.a[2], "net.ipv4.conf.enp3s0/200.forwarding", "0", 3, 1, 39);
	assert_true(cf.a[2].key_valid);
	assert_assign(&cf.a[3], "net.ipv4.tcp_fin_timeout", "15", 4, 1, 28);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_dash_prefix(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "-net.ipv4.tcp_ecn = 1\n"
			"- net.core.somaxconn = 2\n"
			"  -net/ipv4/tcp_fin_timeout=3\n"
			"net.ipv4.tcp_sack = 1\n");
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 4);
	/* the column is the key's, after the '-' */
	assert_assign(&cf.a[0], "net.ipv4.tcp_ecn", "1", 1, 2, 21);
	assert_true(cf.a[0].ignore_failure);
	assert_false(cf.a[0].exclude);
	assert_true(cf.a[0].key_valid);
	assert_assign(&cf.a[1], "net.core.somaxconn", "2", 2, 3, 24);
	assert_true(cf.a[1].ignore_failure);
	assert_assign(&cf.a[2], "net.ipv4.tcp_fin_timeout", "3", 3, 4, 29);
	assert_true(cf.a[2].ignore_failure);
	assert_false(cf.a[2].exclude);
	assert_false(cf.a[3].ignore_failure);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_glob_keys(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };
	size_t i;

	(void)state;
	PARSE(&cf, &dg, "net.ipv4.conf.*.rp_filter = 2\n"
			"net/ipv4/conf/*/accept_redirects = 0\n"
			"net.ipv4.conf.eth?.log_martians = 1\n"
			"-net.ipv6.conf.eth[01].disable_ipv6 = 1\n"
			"net.ipv4.conf.all.rp_filter = 1\n");
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 5);
	assert_assign(&cf.a[0], "net.ipv4.conf.*.rp_filter", "2", 1, 1, 29);
	assert_assign(&cf.a[1], "net.ipv4.conf.*.accept_redirects", "0", 2, 1, 36);
	assert_assign(&cf.a[2], "net.ipv4.conf.eth?.log_martians", "1", 3, 1, 35);
	assert_assign(&cf.a[3], "net.ipv6.conf.eth[01].disable_ipv6", "1", 4, 2, 39);
	assert_true(cf.a[3].ignore_failure);
	for (i = 0; i < 4; i++) {
		assert_true(cf.a[i].glob);
		assert_false(cf.a[i].exclude);
	}
	assert_false(cf.a[4].glob);
	assert_true(cf.a[4].key_valid);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_exclusion(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "net.ipv4.conf.*.rp_filter = 2\n"
			"-net.ipv4.conf.all.rp_filter\n"
			"  -net/ipv4/conf/lo/rp_filter  \n"
			"-net.ipv4.conf.eth*.rp_filter\n");
	assert_no_diags(&dg);	/* an exclusion has no value: no TT102 */
	assert_int_equal(cf.n, 4);
	assert_false(cf.a[0].exclude);
	assert_true(cf.a[1].exclude);
	assert_true(cf.a[1].ignore_failure);
	assert_true(cf.a[1].key_valid);
	assert_false(cf.a[1].glob);
	assert_string_equal(cf.a[1].key, "net.ipv4.conf.all.rp_filter");
	assert_string_equal(cf.a[1].value, "");
	assert_int_equal(cf.a[1].line, 2);
	assert_int_equal(cf.a[1].col, 2);
	assert_true(cf.a[2].exclude);
	assert_string_equal(cf.a[2].key, "net.ipv4.conf.lo.rp_filter");
	assert_string_equal(cf.a[2].value, "");
	assert_int_equal(cf.a[2].line, 3);
	assert_int_equal(cf.a[2].col, 4);
	assert_true(cf.a[3].exclude);
	assert_true(cf.a[3].glob);
	assert_string_equal(cf.a[3].key, "net.ipv4.conf.eth*.rp_filter");
	conf_free(&cf);
	diags_free(&dg);
}

static void test_line_without_equals(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "net.core.somaxconn = 1\n"
			"net.core.somaxconn 4096\n"
			"\n"
			"   garbage here\n"
			"-\n"
			"net.ipv4.tcp_ecn = 1\n");
	assert_int_equal(count_id(&dg, "TT101"), 3);
	assert_int_equal(dg.n, 3);
	assert_finding(&dg, "TT101", SEV_ERROR, 2, 1);
	assert_finding(&dg, "TT101", SEV_ERROR, 4, 4);
	/* a lone '-' is neither an assignment nor an exclusion */
	assert_finding(&dg, "TT101", SEV_ERROR, 5, 0);
	assert_int_equal(cf.n, 2);
	assert_assign(&cf.a[0], "net.core.somaxconn", "1", 1, 1, 22);
	assert_assign(&cf.a[1], "net.ipv4.tcp_ecn", "1", 6, 1, 20);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_empty_key(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, " = 3\n"
			"=4\n"
			"- = 5\n"
			"net.a.b = 6\n");
	assert_int_equal(count_id(&dg, "TT101"), 3);
	assert_int_equal(dg.n, 3);
	assert_finding(&dg, "TT101", SEV_ERROR, 1, 2);
	assert_finding(&dg, "TT101", SEV_ERROR, 2, 1);
	assert_finding(&dg, "TT101", SEV_ERROR, 3, 0);
	assert_int_equal(cf.n, 1);
	assert_assign(&cf.a[0], "net.a.b", "6", 4, 1, 11);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_empty_value(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "net.core.somaxconn =\n"
			"  net.ipv4.tcp_ecn=   \t\n"
			"net.ipv4.tcp_sack = 1\n");
	/* an empty value is still an assignment, reported at the value's column */
	assert_int_equal(cf.n, 3);
	assert_assign(&cf.a[0], "net.core.somaxconn", "", 1, 1, 21);
	assert_assign(&cf.a[1], "net.ipv4.tcp_ecn", "", 2, 3, 20);
	assert_int_equal(count_id(&dg, "TT102"), 2);
	assert_int_equal(dg.n, 2);
	assert_finding(&dg, "TT102", SEV_WARNING, 1, 21);
	assert_finding(&dg, "TT102", SEV_WARNING, 2, 20);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_nul_byte(void **state)
{
	static const char text[] = "net.a.b = 1\n"
				   "net.x\0y = 2\n"
				   "# comment \0 with NUL\n"
				   "net.c.d = 3\n"
				   "net.e.f = \0";
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	conf_parse(&cf, PATH, text, sizeof(text) - 1, &dg);
	assert_int_equal(count_id(&dg, "TT101"), 3);
	assert_int_equal(dg.n, 3);
	assert_finding(&dg, "TT101", SEV_ERROR, 2, 1);
	assert_finding(&dg, "TT101", SEV_ERROR, 3, 1);
	assert_finding(&dg, "TT101", SEV_ERROR, 5, 1);
	assert_int_equal(cf.n, 2);
	assert_assign(&cf.a[0], "net.a.b", "1", 1, 1, 11);
	assert_assign(&cf.a[1], "net.c.d", "3", 4, 1, 11);
	conf_free(&cf);
	diags_free(&dg);
}

/* A file of only a NUL byte, and a NUL right after the BOM. */
static void test_nul_only(void **state)
{
	static const char nul[] = "\0";
	static const char bomnul[] = "\xef\xbb\xbf\0\nnet.a.b = 1";
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	conf_parse(&cf, PATH, nul, 1, &dg);
	assert_int_equal(cf.n, 0);
	assert_int_equal(dg.n, 1);
	assert_finding(&dg, "TT101", SEV_ERROR, 1, 1);
	conf_free(&cf);
	diags_free(&dg);

	conf_parse(&cf, PATH, bomnul, sizeof(bomnul) - 1, &dg);
	assert_true(cf.bom);
	assert_int_equal(dg.n, 1);
	assert_finding(&dg, "TT101", SEV_ERROR, 1, 1);
	assert_int_equal(cf.n, 1);
	assert_assign(&cf.a[0], "net.a.b", "1", 2, 1, 11);
	conf_free(&cf);
	diags_free(&dg);
}

static char *repeat(char c, size_t n)
{
	char *s = xmalloc(n + 1);

	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void test_overlong_line(void **state)
{
	char *fill = repeat('A', CONF_LINE_MAX + 904);
	char *text = xasprintf("net.a.b = 1\n"
			       "net.x.y = %s\n"
			       "# after\n"
			       "net.c.d = 3\n"
			       "%s\n"	/* no '=' at all, and overlong */
			       "net.e.f = 5",
			       fill, fill);
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	conf_parse(&cf, PATH, text, strlen(text), &dg);
	assert_int_equal(count_id(&dg, "TT101"), 2);
	assert_int_equal(dg.n, 2);
	assert_finding(&dg, "TT101", SEV_ERROR, 2, 1);
	assert_finding(&dg, "TT101", SEV_ERROR, 5, 1);
	assert_int_equal(cf.n, 3);
	assert_assign(&cf.a[0], "net.a.b", "1", 1, 1, 11);
	assert_assign(&cf.a[1], "net.c.d", "3", 4, 1, 11);
	assert_assign(&cf.a[2], "net.e.f", "5", 6, 1, 11);
	conf_free(&cf);
	diags_free(&dg);
	free(text);
	free(fill);
}

/* The boundary: CONF_LINE_MAX bytes are read, one more is reported. */
static void test_line_max_boundary(void **state)
{
	/* "net.a.b = " is 10 bytes */
	char *v1 = repeat('7', CONF_LINE_MAX - 10), *v2 = repeat('8', CONF_LINE_MAX - 9);
	char *text = xasprintf("net.a.b = %s\nnet.c.d = %s\n", v1, v2);
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	conf_parse(&cf, PATH, text, strlen(text), &dg);
	assert_int_equal(cf.n, 1);
	assert_string_equal(cf.a[0].key, "net.a.b");
	assert_string_equal(cf.a[0].value, v1);
	assert_int_equal(cf.a[0].vcol, 11);
	assert_int_equal(dg.n, 1);
	assert_finding(&dg, "TT101", SEV_ERROR, 2, 1);
	conf_free(&cf);
	diags_free(&dg);
	free(text);
	free(v1);
	free(v2);
}

/* An overlong key (within a normal line) is an invalid key, not a crash. */
static void test_long_key(void **state)
{
	char *k300 = repeat('k', 300), *k2000 = repeat('q', 2000);
	char *gk = repeat('*', 1000);
	char *text = xasprintf("%s = 1\n%s = 2\n%s = 3\n", k300, k2000, gk);
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	conf_parse(&cf, PATH, text, strlen(text), &dg);
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 3);
	assert_false(cf.a[0].key_valid);
	assert_false(cf.a[1].key_valid);
	assert_true(strlen(cf.a[1].key) <= 2000);
	assert_true(cf.a[2].glob);
	assert_false(cf.a[2].key_valid);
	assert_string_equal(cf.a[0].value, "1");
	assert_int_equal(cf.a[1].line, 2);
	assert_int_equal(cf.a[1].vcol, 2004);
	assert_string_equal(cf.a[2].value, "3");
	conf_free(&cf);
	diags_free(&dg);
	free(text);
	free(k300);
	free(k2000);
	free(gk);
}

static void test_crlf(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };
	size_t i;

	(void)state;
	PARSE(&cf, &dg, "# windows editor\r\n"
			"net.core.somaxconn = 4096\r\n"
			"\r\n"
			"net.ipv4.tcp_rmem = 4096 87380 6291456  \r\n"
			"-net.ipv4.conf.all.rp_filter\r\n"
			"net.ipv4.tcp_ecn =\r\n"
			"net.ipv4.tcp_sack = 1\r\n");
	assert_true(cf.crlf);
	assert_false(cf.bom);
	assert_int_equal(cf.n, 5);
	assert_assign(&cf.a[0], "net.core.somaxconn", "4096", 2, 1, 22);
	assert_assign(&cf.a[1], "net.ipv4.tcp_rmem", "4096 87380 6291456", 4, 1, 21);
	assert_true(cf.a[2].exclude);
	assert_string_equal(cf.a[2].key, "net.ipv4.conf.all.rp_filter");
	assert_int_equal(cf.a[2].line, 5);
	assert_assign(&cf.a[3], "net.ipv4.tcp_ecn", "", 6, 1, 19);
	assert_assign(&cf.a[4], "net.ipv4.tcp_sack", "1", 7, 1, 21);
	for (i = 0; i < cf.n; i++) {
		assert_null(strchr(cf.a[i].key, '\r'));
		assert_null(strchr(cf.a[i].value, '\r'));
	}
	/* the '\r' of an empty value is not a value */
	assert_int_equal(dg.n, 1);
	assert_finding(&dg, "TT102", SEV_WARNING, 6, 19);
	conf_free(&cf);
	diags_free(&dg);

	/* one CRLF line is enough for the flag; LF-only files do not have it */
	PARSE(&cf, &dg, "net.a.b = 1\nnet.c.d = 2\r\n");
	assert_true(cf.crlf);
	assert_string_equal(cf.a[1].value, "2");
	conf_free(&cf);
	PARSE(&cf, &dg, "net.a.b = 1\nnet.c.d = 2\n");
	assert_false(cf.crlf);
	conf_free(&cf);
	assert_no_diags(&dg);
	diags_free(&dg);
}

static void test_bom(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "\xef\xbb\xbfnet.core.somaxconn = 4096\n"
			"net.ipv4.tcp_ecn = 1\n");
	assert_no_diags(&dg);
	assert_true(cf.bom);
	assert_int_equal(cf.n, 2);
	/* the BOM is not part of the key, and does not shift the columns */
	assert_assign(&cf.a[0], "net.core.somaxconn", "4096", 1, 1, 22);
	assert_true(cf.a[0].key_valid);
	assert_assign(&cf.a[1], "net.ipv4.tcp_ecn", "1", 2, 1, 20);
	conf_free(&cf);

	/* BOM, then a comment; BOM with CRLF; a file of only a BOM */
	PARSE(&cf, &dg, "\xef\xbb\xbf# comment\r\n  net.a.b = 1\r\n");
	assert_no_diags(&dg);
	assert_true(cf.bom);
	assert_true(cf.crlf);
	assert_int_equal(cf.n, 1);
	assert_assign(&cf.a[0], "net.a.b", "1", 2, 3, 13);
	conf_free(&cf);

	PARSE(&cf, &dg, "\xef\xbb\xbf");
	assert_no_diags(&dg);
	assert_true(cf.bom);
	assert_int_equal(cf.n, 0);
	conf_free(&cf);

	/* a finding on the BOM line: column 1 too */
	PARSE(&cf, &dg, "\xef\xbb\xbfgarbage\n");
	assert_false(cf.n);
	assert_finding(&dg, "TT101", SEV_ERROR, 1, 1);
	conf_free(&cf);
	diags_free(&dg);

	/* a truncated BOM is not a BOM */
	PARSE(&cf, &dg, "\xef\xbb");
	assert_false(cf.bom);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_no_final_newline(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "net.a.b = 1\nnet.c.d =  two words  ");
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 2);
	assert_assign(&cf.a[1], "net.c.d", "two words", 2, 1, 12);
	conf_free(&cf);

	PARSE(&cf, &dg, "net.a.b = 1");
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 1);
	assert_assign(&cf.a[0], "net.a.b", "1", 1, 1, 11);
	conf_free(&cf);

	/* an exclusion and a comment at the very end */
	PARSE(&cf, &dg, "-net.a.b");
	assert_int_equal(cf.n, 1);
	assert_true(cf.a[0].exclude);
	assert_string_equal(cf.a[0].key, "net.a.b");
	conf_free(&cf);
	PARSE(&cf, &dg, "net.a.b = 1\n# end");
	assert_int_equal(cf.n, 1);
	conf_free(&cf);
	assert_no_diags(&dg);
	diags_free(&dg);
}

static void test_empty_file(void **state)
{
	static const char empty[1] = "";
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	conf_parse(&cf, PATH, empty, 0, &dg);
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 0);
	assert_int_equal(cf.nsup, 0);
	assert_false(cf.bom);
	assert_false(cf.crlf);
	assert_string_equal(cf.path, PATH);
	conf_free(&cf);

	/* only blank lines */
	PARSE(&cf, &dg, "\n\n   \n\t\n\r\n");
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 0);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_only_comments(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "# Kernel tuning\n"
			"; nothing here yet\n"
			"\n"
			"   # net.core.somaxconn = 4096\n"
			"#\n"
			";");
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 0);
	assert_int_equal(cf.nsup, 0);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_suppressions(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "# tcptune: disable=TT101,TT205\n"	/* 1 */
			"\n"					/* 2 */
			"net.ipv4.tcp_tw_reuse = 1\n"		/* 3 */
			"# tcptune: disable-file=TT301\n"	/* 4 */
			"  ; tcptune:disable=TT207\n"		/* 5 */
			"# plain comment\n"			/* 6 */
			"net.core.somaxconn = 4096\n"		/* 7 */
			"net.ipv4.tcp_ecn = 1\n"		/* 8 */
			"#tcptune: disable= TT102 , TT103\n"	/* 9 */
			"garbage\n"				/* 10 */
			"net.ipv4.tcp_sack = 1\n"		/* 11 */
			"# tcptune: disable=TT999\n");		/* 12 */
	assert_int_equal(cf.nsup, 7);
	assert_string_equal(cf.sup[0].id, "TT101");
	assert_int_equal(cf.sup[0].line, 1);
	assert_int_equal(cf.sup[0].col, 1);
	assert_false(cf.sup[0].file_wide);
	assert_int_equal(cf.sup[0].target_line, 3);
	assert_string_equal(cf.sup[1].id, "TT205");
	assert_int_equal(cf.sup[1].line, 1);
	assert_false(cf.sup[1].file_wide);
	assert_int_equal(cf.sup[1].target_line, 3);

	assert_string_equal(cf.sup[2].id, "TT301");
	assert_int_equal(cf.sup[2].line, 4);
	assert_true(cf.sup[2].file_wide);
	assert_int_equal(cf.sup[2].target_line, 0);

	assert_string_equal(cf.sup[3].id, "TT207");
	assert_int_equal(cf.sup[3].line, 5);
	assert_int_equal(cf.sup[3].col, 3);
	assert_false(cf.sup[3].file_wide);
	assert_int_equal(cf.sup[3].target_line, 7);	/* the next assignment, past the plain comment */

	assert_string_equal(cf.sup[4].id, "TT102");
	assert_int_equal(cf.sup[4].line, 9);
	assert_int_equal(cf.sup[4].target_line, 11);	/* "garbage" is not an assignment */
	assert_string_equal(cf.sup[5].id, "TT103");
	assert_int_equal(cf.sup[5].target_line, 11);

	assert_string_equal(cf.sup[6].id, "TT999");
	assert_int_equal(cf.sup[6].line, 12);
	assert_int_equal(cf.sup[6].target_line, 0);	/* no assignment follows */

	/* directives are comments: the only finding is the garbage line */
	assert_int_equal(dg.n, 1);
	assert_finding(&dg, "TT101", SEV_ERROR, 10, 1);
	assert_int_equal(cf.n, 4);
	conf_free(&cf);
	diags_free(&dg);
}

static void test_unknown_directive(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "# tcptune: enable=TT101\n"
			"  # tcptune: disable TT101\n"
			"; tcptune:\n"
			"# tcptune is great, and tcptune: is mentioned here\n"
			"# see tcptune: docs\n"
			"net.a.b = 1\n");
	assert_int_equal(cf.nsup, 0);
	assert_int_equal(count_id(&dg, "TT104"), 3);
	assert_int_equal(dg.n, 3);
	/* the severity is the rule's (schema/rules.yaml), not the parser's business here */
	assert_finding(&dg, "TT104", ANY_SEV, 1, 1);
	assert_finding(&dg, "TT104", ANY_SEV, 2, 3);
	assert_finding(&dg, "TT104", ANY_SEV, 3, 1);
	assert_int_equal(cf.n, 1);
	conf_free(&cf);
	diags_free(&dg);
}

static void assert_comment(const struct conf_file *cf, size_t i, const char *want)
{
	char *c = conf_comment(cf, &cf->a[i]);

	if (!want) {
		if (c)
			fprintf(stderr, "assignment %zu (%s): unexpected comment \"%s\"\n", i, cf->a[i].key, c);
		assert_null(c);
		return;
	}
	if (!c || strcmp(c, want))
		fprintf(stderr, "assignment %zu (%s): comment \"%s\", want \"%s\"\n", i, cf->a[i].key,
			c ? c : "(null)", want);
	assert_non_null(c);
	assert_string_equal(c, want);
	free(c);
}

static void test_comment_block(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "# Allow more connections\n"	/* 1 */
			"#   queued on listen\n"	/* 2 */
			"net.core.somaxconn = 4096\n"	/* 3 */
			"net.ipv4.tcp_max_syn_backlog = 8192\n"	/* 4: same paragraph */
			"\n"				/* 5 */
			"net.ipv4.tcp_syncookies = 1\n"	/* 6 */
			"# orphan block\n"		/* 7 */
			"\n"				/* 8: resets it */
			"net.ipv4.tcp_ecn = 1\n"	/* 9 */
			"\n"
			"   ; indented: time wait\n"	/* 11 */
			"net.ipv4.tcp_fin_timeout = 15\n");	/* 12 */
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 5);
	assert_comment(&cf, 0, "# Allow more connections\n#   queued on listen");
	assert_comment(&cf, 1, "# Allow more connections\n#   queued on listen");
	assert_comment(&cf, 2, NULL);
	assert_comment(&cf, 3, NULL);
	assert_comment(&cf, 4, "; indented: time wait");
	conf_free(&cf);
	diags_free(&dg);
}

/*
 * A comment after an assignment in the same paragraph: the block returned
 * for the second key holds comment lines only, never the first assignment.
 */
static void test_comment_block_interleaved(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };
	bool has_own, has_assign;
	char *c;

	(void)state;
	PARSE(&cf, &dg, "# first block\n"
			"net.ipv4.tcp_tw_reuse = 1\n"
			"# syn flood defence\n"
			"net.ipv4.tcp_syncookies = 1\n");
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 2);
	assert_comment(&cf, 0, "# first block");
	c = conf_comment(&cf, &cf.a[1]);
	assert_non_null(c);
	has_own = strstr(c, "# syn flood defence") != NULL;
	has_assign = strstr(c, "net.ipv4.tcp_tw_reuse") != NULL;
	if (has_assign)
		fprintf(stderr, "conf_comment for line 4 includes the assignment on line 2: \"%s\"\n", c);
	free(c);
	conf_free(&cf);
	diags_free(&dg);
	assert_true(has_own);
	assert_false(has_assign);
}

static void test_invalid_key(void **state)
{
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	PARSE(&cf, &dg, "net..x = 1\n"
			"net.core.some thing = 2\n"
			"../../etc/shadow = 3\n"
			".net.core.somaxconn = 4\n"
			"net.core.somaxconn. = 5\n"
			"net.core.somaxconn = 6\n");
	/* the parser reads them; lint reports them */
	assert_no_diags(&dg);
	assert_int_equal(cf.n, 6);
	/* repeated or end separators are simplified away, as systemd-sysctl does */
	assert_assign(&cf.a[0], "net.x", "1", 1, 1, 10);
	assert_true(cf.a[0].key_valid);
	assert_true(cf.a[0].respelled);
	assert_false(cf.a[1].key_valid);
	assert_string_equal(cf.a[1].key, "net.core.some thing");
	assert_false(cf.a[2].key_valid);
	assert_string_equal(cf.a[3].key, "net.core.somaxconn");
	assert_true(cf.a[3].key_valid && cf.a[3].respelled);
	assert_string_equal(cf.a[4].key, "net.core.somaxconn");
	assert_true(cf.a[4].key_valid && cf.a[4].respelled);
	assert_true(cf.a[5].key_valid);
	assert_false(cf.a[5].respelled);
	conf_free(&cf);
	diags_free(&dg);
}

/* Many lines: line numbers stay right through every kind of line. */
static void test_line_numbers_mixed(void **state)
{
	static const char text[] = "\xef\xbb\xbf# header\r\n"	/* 1 */
				   "\n"				/* 2 */
				   "net.a.b = 1\n"		/* 3 */
				   "bad line\n"			/* 4 */
				   "x\0y\n"			/* 5 */
				   " = 9\n"			/* 6 */
				   "net.c.d =\n"		/* 7 */
				   ";c\n"			/* 8 */
				   "-net.e.f\n"			/* 9 */
				   "net/g/h = 2\r\n"		/* 10 */
				   "net.i.j = 3";		/* 11 */
	struct conf_file cf;
	struct diags dg = { 0 };

	(void)state;
	conf_parse(&cf, PATH, text, sizeof(text) - 1, &dg);
	assert_int_equal(dg.n, 4);
	assert_finding(&dg, "TT101", SEV_ERROR, 4, 1);
	assert_finding(&dg, "TT101", SEV_ERROR, 5, 1);
	assert_finding(&dg, "TT101", SEV_ERROR, 6, 2);
	assert_finding(&dg, "TT102", SEV_WARNING, 7, 10);
	assert_int_equal(cf.n, 5);
	assert_assign(&cf.a[0], "net.a.b", "1", 3, 1, 11);
	assert_assign(&cf.a[1], "net.c.d", "", 7, 1, 10);
	assert_int_equal(cf.a[2].line, 9);
	assert_true(cf.a[2].exclude);
	assert_assign(&cf.a[3], "net.g.h", "2", 10, 1, 11);
	assert_assign(&cf.a[4], "net.i.j", "3", 11, 1, 11);
	assert_true(cf.bom);
	assert_true(cf.crlf);
	conf_free(&cf);
	diags_free(&dg);
}

/* The resolver re-parses a file it has seen with no diags: still parsed, no crash. */
static void test_null_diags(void **state)
{
	static const char text[] = "garbage\n = 1\nx\0\nnet.a.b =\n# tcptune: bogus\nnet.c.d = 2\n";
	char *fill = repeat('Z', CONF_LINE_MAX * 2);
	struct conf_file cf;

	(void)state;
	conf_parse(&cf, PATH, text, sizeof(text) - 1, NULL);
	assert_int_equal(cf.n, 2);
	assert_string_equal(cf.a[0].key, "net.a.b");
	assert_string_equal(cf.a[1].key, "net.c.d");
	assert_int_equal(cf.a[1].line, 6);
	conf_free(&cf);

	conf_parse(&cf, PATH, fill, strlen(fill), NULL);
	assert_int_equal(cf.n, 0);
	conf_free(&cf);
	free(fill);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_assignment),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_no_trailing_comments),
		cmocka_unit_test(test_value_split_at_first_equals),
		cmocka_unit_test(test_value_ends_stripped_inner_kept),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_dash_prefix),
		cmocka_unit_test(test_glob_keys),
		cmocka_unit_test(test_exclusion),
		cmocka_unit_test(test_line_without_equals),
		cmocka_unit_test(test_empty_key),
		cmocka_unit_test(test_empty_value),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_nul_only),
		cmocka_unit_test(test_overlong_line),
		cmocka_unit_test(test_line_max_boundary),
		cmocka_unit_test(test_long_key),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_no_final_newline),
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_only_comments),
		cmocka_unit_test(test_suppressions),
		cmocka_unit_test(test_unknown_directive),
		cmocka_unit_test(test_comment_block),
		cmocka_unit_test(test_comment_block_interleaved),
		cmocka_unit_test(test_invalid_key),
		cmocka_unit_test(test_line_numbers_mixed),
		cmocka_unit_test(test_null_diags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
