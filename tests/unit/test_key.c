// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sysctl key names: systemd-sysctl's normalisation ('/' first means a path,
 * '.' and '/' swap) and the validation every key passes before it becomes
 * a path under /proc/sys.
 */
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "key.h"

static void norm_ok(const char *in, const char *want)
{
	char out[KEY_MAX + 1];
	int r;

	memset(out, 0, sizeof(out));
	r = key_normalize(in, out, sizeof(out));
	if (r != 0)
		fprintf(stderr, "key_normalize(\"%s\") = %d\n", in, r);
	assert_int_equal(r, 0);
	assert_string_equal(out, want);
	assert_true(key_valid(out));
}

static void path_ok(const char *key, const char *want)
{
	char out[KEY_MAX + 1];

	memset(out, 0, sizeof(out));
	assert_int_equal(key_to_path(key, out, sizeof(out)), 0);
	assert_string_equal(out, want);
}

static void invalid(const char *key)
{
	char out[KEY_MAX + 16];

	if (key_valid(key))
		fprintf(stderr, "key_valid accepted \"%s\"\n", key);
	assert_false(key_valid(key));
	assert_int_equal(key_to_path(key, out, sizeof(out)), -EINVAL);
}

/* Neither spelling of a bad key may get through key_normalize. */
static void norm_refused(const char *in)
{
	char out[KEY_MAX + 16];
	int r = key_normalize(in, out, sizeof(out));

	if (r == 0)
		fprintf(stderr, "key_normalize(\"%s\") accepted it as \"%s\"\n", in, out);
	assert_true(r < 0);
}

static void test_normalize_path_form(void **state)
{
	(void)state;
	norm_ok("net/ipv4/tcp_fin_timeout", "net.ipv4.tcp_fin_timeout");
	norm_ok("net/core/somaxconn", "net.core.somaxconn");
	norm_ok("net/ipv4/conf/all/rp_filter", "net.ipv4.conf.all.rp_filter");
	/* the dot inside an interface name becomes '/' */
	norm_ok("net/ipv4/conf/enp3s0.200/forwarding", "net.ipv4.conf.enp3s0/200.forwarding");
	norm_ok("kernel/exec-shield", "kernel.exec-shield");
}

static void test_normalize_dotted_form(void **state)
{
	(void)state;
	norm_ok("net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_fin_timeout");
	/* '/' after a first '.' stands for a dot inside one name: kept */
	norm_ok("net.ipv4.conf.enp3s0/200.forwarding", "net.ipv4.conf.enp3s0/200.forwarding");
	/* only the first separator decides (systemd's sysctl_normalize) */
	norm_ok("net.ipv4/conf", "net.ipv4/conf");
	norm_ok("vm.swappiness", "vm.swappiness");
}

static void test_normalize_round_trip(void **state)
{
	char out[KEY_MAX + 1];

	(void)state;
	path_ok("net.ipv4.tcp_fin_timeout", "net/ipv4/tcp_fin_timeout");
	path_ok("net.ipv4.conf.enp3s0/200.forwarding", "net/ipv4/conf/enp3s0.200/forwarding");
	path_ok("kernel.exec-shield", "kernel/exec-shield");
	/* path form -> key -> the same path */
	assert_int_equal(key_normalize("net/ipv4/conf/enp3s0.200/forwarding", out, sizeof(out)), 0);
	path_ok(out, "net/ipv4/conf/enp3s0.200/forwarding");
}

static void test_normalize_buffer(void **state)
{
	char small[8];

	(void)state;
	assert_int_equal(key_normalize("net.core.somaxconn", small, sizeof(small)), -ENAMETOOLONG);
	assert_int_equal(key_to_path("net.core.somaxconn", small, sizeof(small)), -ENAMETOOLONG);
	/* exactly enough room */
	assert_int_equal(key_normalize("net.a.b", small, sizeof(small)), 0);
	assert_string_equal(small, "net.a.b");
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(key_valid("net.ipv4.tcp_fin_timeout"));
	assert_true(key_valid("net.ipv4.conf.enp3s0/200.forwarding"));
	assert_true(key_valid("kernel.exec-shield"));
	assert_true(key_valid("vm"));
	assert_true(key_valid("net.ipv4.conf.eth0:1.rp_filter"));
	assert_true(key_valid("net.ipv6.conf.veth@if2.forwarding"));
	assert_true(key_valid("net.a+b.c"));
	/* "a//b" as a path is "a..b": an ordinary name, not traversal */
	assert_true(key_valid("net.a//b.c"));
}

static void test_invalid_shape(void **state)
{
	(void)state;
	invalid("");
	invalid(".");
	invalid(".net.ipv4");
	invalid("net.ipv4.");
	invalid("net..x");
	invalid("/net.ipv4");
	invalid("net.ipv4/");
	invalid("net./x");
	invalid("net.x/.y");
}

/* A segment that would be "." or ".." once '/' becomes '.' in the path. */
static void test_invalid_dot_segments(void **state)
{
	(void)state;
	invalid("net.ipv4.//.x");
	invalid("a./.b");
	invalid("net.ipv4.//");
	invalid("//.net");
	invalid("/");
	invalid("//");
	invalid("net.///.x");
}

/* "../etc/passwd" in any spelling is refused, by key_valid and key_normalize. */
static void test_traversal(void **state)
{
	static const char *const spellings[] = {
		"../etc/passwd",
		"..",
		"./x",
		"/etc/passwd",
		"/proc/sys/net/ipv4/tcp_fin_timeout",
		"net/../../etc/passwd",
		"net/ipv4/../../../etc/shadow",
		"net/ipv4/..",
		"net/ipv4/./tcp_fin_timeout",
		"net.//.//.etc.passwd",
		"net.ipv4.//.//.//.etc.shadow",
		"net.ipv4/../x",
		"net/./x",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		invalid(spellings[i]);
		norm_refused(spellings[i]);
	}
}

static void test_invalid_chars(void **state)
{
	static const char *const keys[] = {
		"net.ipv4.tcp_*",
		"net.ipv4.conf.*.rp_filter",
		"net.$x",
		"net.ipv4.tcp_fin timeout",
		" net.ipv4.tcp_fin_timeout",
		"net.ipv4.tcp_fin_timeout ",
		"net.ipv4.tcp_fin_timeout\n",
		"net.ipv4\t.x",
		"net\\ipv4",
		"net.ipv4.tcp_fin_timeout=5",
		"net.ipv4.conf.<iface>.rp_filter",
		"net.ipv4.?",
		"net.ipv4.`id`",
		"net.ipv4.\x01",
		"net.\xc3\xa9t\xc3\xa9",
		"net;rm",
		"net|x",
		"net.\"x\"",
		"net.'x'",
		"net.x~",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		invalid(keys[i]);
		norm_refused(keys[i]);
	}
}

static void test_length(void **state)
{
	char key[KEY_MAX + 2], out[KEY_MAX + 2];

	(void)state;
	/* "n.aaaa...": exactly KEY_MAX bytes is fine */
	memset(key, 'a', sizeof(key));
	key[0] = 'n';
	key[1] = '.';
	key[KEY_MAX] = '\0';
	assert_true(key_valid(key));
	assert_int_equal(key_normalize(key, out, sizeof(out)), 0);
	assert_string_equal(out, key);

	/* one more byte is refused, even with room in the buffer */
	key[KEY_MAX] = 'a';
	key[KEY_MAX + 1] = '\0';
	assert_false(key_valid(key));
	assert_int_equal(key_normalize(key, out, sizeof(out)), -ENAMETOOLONG);
	assert_int_equal(key_to_path(key, out, sizeof(out)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize_path_form),
		cmocka_unit_test(test_normalize_dotted_form),
		cmocka_unit_test(test_normalize_round_trip),
		cmocka_unit_test(test_normalize_buffer),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid_shape),
		cmocka_unit_test(test_invalid_dot_segments),
		cmocka_unit_test(test_traversal),
		cmocka_unit_test(test_invalid_chars),
		cmocka_unit_test(test_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
