// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for the state directory, the drop-in and base64 (src/state.c):
 * every file is opened relative to a checked directory, nothing is written
 * in place and no symlink is ever followed.
 */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "state.h"
#include "util.h"

/* One private temporary directory per test. */
static char *tmp;

static int fx_setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	return 0;
}

static int fx_teardown(void **state)
{
	(void)state;
	tu_rmtree(tmp);
	free(tmp);
	tmp = NULL;
	return 0;
}

static char *path_in(const char *name)
{
	return xasprintf("%s/%s", tmp, name);
}

static char *slurp(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sb_addn(&sb, buf, (size_t)n);
	close(fd);
	if (len)
		*len = sb.len;
	return sb_detach(&sb);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Does dir hold any entry starting with '.' (a leftover temporary file)? */
static int count_entries(const char *dir, bool dot_only)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (!dot_only || de->d_name[0] == '.')
			n++;
	}
	closedir(d);
	return n;
}

/* ---- state_open ---- */

static void test_open_creates_0700(void **state)
{
	char *dir = path_in("state"), *tx = xasprintf("%s/transactions", dir), err[512] = "";
	struct state st;
	struct stat sb;
	mode_t old = umask(0);

	(void)state;
	assert_int_equal(state_open(&st, dir, true, err, sizeof(err)), 0);
	umask(old);
	assert_true(st.dirfd >= 0);
	assert_true(st.txfd >= 0);
	assert_string_equal(st.path, dir);
	assert_int_equal(lstat(dir, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0700);
	assert_int_equal(lstat(tx, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0700);
	state_close(&st);
	assert_int_equal(st.dirfd, -1);
	assert_int_equal(st.txfd, -1);
	assert_int_equal(st.lockfd, -1);

	/* opening an existing good directory again works */
	assert_int_equal(state_open(&st, dir, false, err, sizeof(err)), 0);
	state_close(&st);
	free(tx);
	free(dir);
}

static void test_open_refuses_symlink(void **state)
{
	char *real = path_in("real"), *link = path_in("link"), *tx = xasprintf("%s/transactions", real);
	char err[512] = "";
	struct state st;

	(void)state;
	assert_int_equal(mkdir(real, 0700), 0);
	assert_int_equal(symlink(real, link), 0);
	assert_int_equal(state_open(&st, link, true, err, sizeof(err)), -ELOOP);
	assert_non_null(strstr(err, "symlink"));
	assert_non_null(strstr(err, link));
	/* nothing was created through the link */
	assert_false(exists(tx));
	state_close(&st);
	free(tx);
	free(real);
	free(link);
}

static void test_open_refuses_group_or_world_writable(void **state)
{
	static const mode_t modes[] = { 0770, 0707, 0720, 0702 };
	char *dir = path_in("state"), err[512];
	struct state st;
	size_t i;

	(void)state;
	assert_int_equal(mkdir(dir, 0700), 0);
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		err[0] = '\0';
		assert_int_equal(chmod(dir, modes[i]), 0);
		assert_int_equal(state_open(&st, dir, true, err, sizeof(err)), -EPERM);
		assert_non_null(strstr(err, "writable by group or others"));
		state_close(&st);
	}
	/* group/world readable (not writable) is fine */
	assert_int_equal(chmod(dir, 0755), 0);
	assert_int_equal(state_open(&st, dir, true, err, sizeof(err)), 0);
	state_close(&st);
	free(dir);
}

static void test_open_refuses_writable_transactions(void **state)
{
	char *dir = path_in("state"), *tx = xasprintf("%s/transactions", dir), err[512] = "";
	struct state st;
	int r;

	(void)state;
	assert_int_equal(state_open(&st, dir, true, err, sizeof(err)), 0);
	state_close(&st);
	assert_int_equal(chmod(tx, 0777), 0);
	assert_int_equal(state_open(&st, dir, true, err, sizeof(err)), -EPERM);
	assert_non_null(strstr(err, "transactions"));
	state_close(&st);
	/* transactions/ as a symlink is refused too */
	assert_int_equal(rmdir(tx), 0);
	assert_int_equal(symlink(tmp, tx), 0);
	/* open(O_DIRECTORY|O_NOFOLLOW) on a symlink fails with ENOTDIR on Linux */
	r = state_open(&st, dir, true, err, sizeof(err));
	assert_true(r == -ELOOP || r == -ENOTDIR);
	assert_non_null(strstr(err, "transactions"));
	state_close(&st);
	free(tx);
	free(dir);
}

static void test_open_refuses_other_owner(void **state)
{
	char *dir = path_in("state"), err[512] = "";
	struct state st;

	(void)state;
	if (geteuid() != 0) {
		/* chown to another uid needs root: nothing to test here */
		free(dir);
		skip();
	}
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(chown(dir, 65534, 65534), 0);
	assert_int_equal(state_open(&st, dir, true, err, sizeof(err)), -EPERM);
	assert_non_null(strstr(err, "owned by uid 65534"));
	state_close(&st);
	free(dir);
}

static void test_open_refuses_regular_file(void **state)
{
	char *file = path_in("state"), err[512] = "";
	struct state st;

	(void)state;
	tu_write(tmp, "state", "not a directory\n", 0600);
	assert_int_equal(state_open(&st, file, true, err, sizeof(err)), -ENOTDIR);
	assert_non_null(strstr(err, "not a directory"));
	state_close(&st);
	free(file);
}

static void test_open_missing_without_create(void **state)
{
	char *dir = path_in("state"), err[512] = "";
	struct state st;

	(void)state;
	assert_int_equal(state_open(&st, dir, false, err, sizeof(err)), -ENOENT);
	assert_true(err[0] != '\0');
	assert_false(exists(dir));
	assert_int_equal(count_entries(tmp, false), 0);
	state_close(&st);
	free(dir);
}

/* ---- state_lock ---- */

static void test_lock_twice(void **state)
{
	char *dir = path_in("state"), err[512] = "";
	struct state a, b;
	struct timespec t0, t1;
	pid_t holder = 0;
	double waited;

	(void)state;
	assert_int_equal(state_open(&a, dir, true, err, sizeof(err)), 0);
	assert_int_equal(state_lock(&a, 0, &holder), 0);
	assert_true(a.lockfd >= 0);
	assert_int_equal(state_open(&b, dir, false, err, sizeof(err)), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(state_lock(&b, 0.2, &holder), -EWOULDBLOCK);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(waited >= 0.19);
	assert_true(waited < 5.0);
	assert_int_equal(holder, getpid());
	assert_int_equal(b.lockfd, -1);
	/* the holder goes away: the lock is free again */
	state_close(&a);
	assert_int_equal(state_lock(&b, 0.2, &holder), 0);
	state_close(&b);
	free(dir);
}

/* ---- write_atomic_at ---- */

static void test_write_atomic_at(void **state)
{
	char *file = path_in("f"), *hl = path_in("hardlink"), *got;
	struct stat s1, s2;
	mode_t old;
	size_t len;
	int dfd;

	(void)state;
	dfd = open(tmp, O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	/* the mode asked for, whatever the umask */
	old = umask(077);
	assert_int_equal(write_atomic_at(dfd, "f", "one\n", 4, 0644, true), 0);
	umask(old);
	assert_int_equal(mode_of(file), 0644);
	got = slurp(file, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(got, "one\n", 4);
	free(got);
	assert_int_equal(count_entries(tmp, true), 0);

	/* replace: a new inode (never written in place), a hard hl keeps the old bytes */
	assert_int_equal(stat(file, &s1), 0);
	assert_int_equal(link(file, hl), 0);
	old = umask(0);
	assert_int_equal(write_atomic_at(dfd, "f", "two\0bytes", 9, 0600, false), 0);
	umask(old);
	assert_int_equal(stat(file, &s2), 0);
	assert_true(s1.st_ino != s2.st_ino);
	assert_int_equal(mode_of(file), 0600);
	got = slurp(file, &len);
	assert_int_equal(len, 9);
	assert_memory_equal(got, "two\0bytes", 9);
	free(got);
	got = slurp(hl, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(got, "one\n", 4);
	free(got);
	assert_int_equal(count_entries(tmp, true), 0);
	assert_int_equal(count_entries(tmp, false), 2);

	/* empty content */
	assert_int_equal(write_atomic_at(dfd, "empty", "", 0, 0640, true), 0);
	assert_int_equal(mode_of(hl), 0644);
	free(hl);
	hl = path_in("empty");
	assert_int_equal(mode_of(hl), 0640);
	got = slurp(hl, &len);
	assert_int_equal(len, 0);
	free(got);
	assert_int_equal(count_entries(tmp, true), 0);
	close(dfd);
	free(file);
	free(hl);
}

/* ---- transactions ---- */

static json_t *txn_json(const char *id, const char *kind, const char *st)
{
	return json_pack("{s:s, s:s, s:s}", "id", id, "kind", kind, "state", st);
}

static int id_seq(const char *id)
{
	const char *dash = strchr(id, '-');

	assert_non_null(dash);
	return atoi(dash + 1);
}

static void test_new_id_unique_increasing(void **state)
{
	char *dir = path_in("state"), err[512] = "", ids[5][64];
	struct state st;
	int i, j;

	(void)state;
	assert_int_equal(state_open(&st, dir, true, err, sizeof(err)), 0);
	for (i = 0; i < 5; i++) {
		json_t *t;

		assert_int_equal(state_new_id(&st, ids[i], sizeof(ids[i])), 0);
		/* 20261122T101500Z-3 */
		assert_true(strlen(ids[i]) >= 18);
		assert_int_equal(ids[i][8], 'T');
		assert_int_equal(ids[i][15], 'Z');
		assert_int_equal(ids[i][16], '-');
		for (j = 0; j < i; j++) {
			assert_string_not_equal(ids[i], ids[j]);
			assert_true(id_seq(ids[i]) > id_seq(ids[j]));
		}
		t = txn_json(ids[i], "apply", "committed");
		assert_int_equal(state_save(&st, ids[i], t), 0);
		json_decref(t);
	}
	assert_int_equal(id_seq(ids[0]), 1);
	assert_int_equal(id_seq(ids[4]), 5);
	state_close(&st);
	free(dir);
}

static void test_save_load_list_remove(void **state)
{
	/*
	 * newest first by sequence number (numerically: 10 > 9), not by the
	 * time in the id: a clock stepped back must not reorder transactions
	 */
	static const char *const in[] = {
		"20250101T000000Z-9", "20260101T000000Z-1", "20250101T000000Z-10", "20241231T235959Z-11",
	};
	static const char *const want[] = {
		"20241231T235959Z-11", "20250101T000000Z-10", "20250101T000000Z-9", "20260101T000000Z-1",
	};
	char *dir = path_in("state"), *txdir, *f, err[512] = "";
	struct state st;
	char **ids;
	size_t n, i;
	json_t *t;

	(void)state;
	assert_int_equal(state_open(&st, dir, true, err, sizeof(err)), 0);
	txdir = xasprintf("%s/transactions", dir);
	assert_int_equal(state_list(&st, &ids, &n), 0);
	assert_int_equal(n, 0);
	free(ids);
	for (i = 0; i < ARRAY_SIZE(in); i++) {
		t = txn_json(in[i], "apply", i == 0 ? "pending" : "committed");
		assert_int_equal(state_save(&st, in[i], t), 0);
		json_decref(t);
	}
	/* not transactions: ignored by state_list */
	tu_write(txdir, "junk.json", "{}", 0600);
	tu_write(txdir, "20250101T000000Z-3.txt", "{}", 0600);
	tu_write(txdir, ".20250101T000000Z-4.json.tmp.1", "{}", 0600);

	/* saved 0600, no temporary file left */
	f = xasprintf("%s/%s.json", txdir, in[0]);
	assert_int_equal(mode_of(f), 0600);
	free(f);

	assert_int_equal(state_list(&st, &ids, &n), 0);
	assert_int_equal(n, ARRAY_SIZE(want));
	for (i = 0; i < n; i++) {
		assert_string_equal(ids[i], want[i]);
		free(ids[i]);
	}
	free(ids);

	assert_int_equal(state_load(&st, in[0], &t), 0);
	assert_string_equal(json_string_value(json_object_get(t, "id")), in[0]);
	assert_string_equal(json_string_value(json_object_get(t, "state")), "pending");
	json_decref(t);
	/* save replaces */
	t = txn_json(in[0], "apply", "committed");
	assert_int_equal(state_save(&st, in[0], t), 0);
	json_decref(t);
	assert_int_equal(state_load(&st, in[0], &t), 0);
	assert_string_equal(json_string_value(json_object_get(t, "state")), "committed");
	json_decref(t);

	assert_int_equal(state_remove(&st, in[1]), 0);
	assert_int_equal(state_load(&st, in[1], &t), -ENOENT);
	assert_int_equal(state_remove(&st, in[1]), -ENOENT);
	assert_int_equal(state_list(&st, &ids, &n), 0);
	assert_int_equal(n, ARRAY_SIZE(want) - 1);
	assert_string_equal(ids[0], "20241231T235959Z-11");
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);

	/* a damaged file is an error, not a crash */
	tu_write(txdir, "20200101T000000Z-1.json", "{not json", 0600);
	t = NULL;
	assert_int_equal(state_load(&st, "20200101T000000Z-1", &t), -EBADMSG);
	assert_null(t);

	state_close(&st);
	free(txdir);
	free(dir);
}

static void test_invalid_ids(void **state)
{
	static const char *const bad[] = {
		"../x", "abc", "", "../../etc/passwd", "20250101T000000Z-", "20250101T000000Z-1/..",
		"2025010xT000000Z-1", "20250101T000000Z-1a", "20250101X000000Z-1",
	};
	char *dir = path_in("state"), *victim = path_in("x.json"), err[512] = "";
	struct state st;
	json_t *t = txn_json("x", "apply", "committed"), *out;
	size_t i;

	(void)state;
	assert_int_equal(state_open(&st, dir, true, err, sizeof(err)), 0);
	tu_write(tmp, "x.json", "{\"victim\": true}", 0600);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		out = NULL;
		assert_int_equal(state_save(&st, bad[i], t), -EINVAL);
		assert_int_equal(state_load(&st, bad[i], &out), -EINVAL);
		assert_null(out);
		assert_int_equal(state_remove(&st, bad[i]), -EINVAL);
	}
	/* "../x" never reached the file next to the state directory */
	assert_true(exists(victim));
	out = NULL;
	json_decref(t);
	state_close(&st);
	free(victim);
	free(dir);
}

static void test_plan_save_load(void **state)
{
	char *dir = path_in("state"), *f, err[512] = "";
	struct state st;
	json_t *plan = json_pack("{s:s, s:[{s:s, s:s}]}", "profile", "web",
				 "settings", "key", "net.core.somaxconn", "value", "8192"), *got = NULL;

	(void)state;
	assert_int_equal(state_open(&st, dir, true, err, sizeof(err)), 0);
	assert_int_equal(state_load_plan(&st, &got), -ENOENT);
	assert_int_equal(state_save_plan(&st, plan), 0);
	f = xasprintf("%s/plan.json", dir);
	assert_int_equal(mode_of(f), 0600);
	assert_int_equal(state_load_plan(&st, &got), 0);
	assert_true(json_equal(plan, got));
	json_decref(got);
	/* plan.json as a symlink is never followed */
	assert_int_equal(unlink(f), 0);
	tu_write(tmp, "other.json", "{\"evil\": 1}", 0600);
	{
		char *other = path_in("other.json");

		assert_int_equal(symlink(other, f), 0);
		free(other);
	}
	got = NULL;
	assert_int_equal(state_load_plan(&st, &got), -ELOOP);
	assert_null(got);
	free(f);
	json_decref(plan);
	state_close(&st);
	free(dir);
}

/* ---- the drop-in ---- */

static void test_dropin_read_missing(void **state)
{
	char *p = path_in("90-tcptune.conf"), *buf = (char *)"sentinel";
	size_t len = 7;
	mode_t mode = 0;
	bool existed = true;

	(void)state;
	assert_int_equal(dropin_read(p, &existed, &buf, &len, &mode), 0);
	assert_false(existed);
	assert_null(buf);
	assert_int_equal(len, 0);
	free(p);
}

static void test_dropin_read_regular(void **state)
{
	static const char bytes[] = "net.core.somaxconn = 8192\n\0binary\n";
	char *p = path_in("90-tcptune.conf"), *buf = NULL;
	size_t len = 0;
	mode_t mode = 0;
	bool existed = false;
	int fd;

	(void)state;
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, sizeof(bytes) - 1), (ssize_t)(sizeof(bytes) - 1));
	close(fd);
	assert_int_equal(chmod(p, 0640), 0);
	assert_int_equal(dropin_read(p, &existed, &buf, &len, &mode), 0);
	assert_true(existed);
	assert_int_equal(len, sizeof(bytes) - 1);
	assert_memory_equal(buf, bytes, len);
	assert_int_equal(mode, 0640);
	free(buf);
	free(p);
}

static void test_dropin_read_symlink(void **state)
{
	char *p = path_in("90-tcptune.conf"), *target = path_in("secret"), *buf = NULL, *got;
	size_t len = 0;
	mode_t mode = 0;
	bool existed = true;
	struct stat before, after;

	(void)state;
	tu_write(tmp, "secret", "SECRET\n", 0600);
	assert_int_equal(symlink(target, p), 0);
	assert_int_equal(stat(target, &before), 0);
	assert_int_equal(dropin_read(p, &existed, &buf, &len, &mode), -ELOOP);
	assert_false(existed);
	assert_null(buf);
	assert_int_equal(len, 0);
	/* the target was never touched */
	assert_int_equal(stat(target, &after), 0);
	assert_int_equal(before.st_mtime, after.st_mtime);
	got = slurp(target, NULL);
	assert_string_equal(got, "SECRET\n");
	free(got);
	/* a dangling symlink is refused the same way */
	assert_int_equal(unlink(target), 0);
	assert_int_equal(dropin_read(p, &existed, &buf, &len, &mode), -ELOOP);
	assert_null(buf);
	free(target);
	free(p);
}

static void test_dropin_read_directory(void **state)
{
	char *p = path_in("90-tcptune.conf"), *buf = NULL;
	size_t len = 0;
	mode_t mode = 0;
	bool existed = true;

	(void)state;
	assert_int_equal(mkdir(p, 0755), 0);
	assert_int_equal(dropin_read(p, &existed, &buf, &len, &mode), -EINVAL);
	assert_false(existed);
	assert_null(buf);
	free(p);
}

static void test_dropin_write(void **state)
{
	char *p = path_in("90-tcptune.conf"), *got;
	struct stat s1, s2;
	size_t len;
	mode_t old;

	(void)state;
	old = umask(077);
	assert_int_equal(dropin_write(p, "a = 1\n", 6, 0644), 0);
	umask(old);
	assert_int_equal(mode_of(p), 0644);
	got = slurp(p, &len);
	assert_int_equal(len, 6);
	assert_memory_equal(got, "a = 1\n", 6);
	free(got);
	assert_int_equal(count_entries(tmp, true), 0);
	/* replaced atomically: a new inode, the exact mode */
	assert_int_equal(stat(p, &s1), 0);
	assert_int_equal(dropin_write(p, "b = 2\n", 6, 0600), 0);
	assert_int_equal(stat(p, &s2), 0);
	assert_true(s1.st_ino != s2.st_ino);
	assert_int_equal(mode_of(p), 0600);
	got = slurp(p, &len);
	assert_memory_equal(got, "b = 2\n", 6);
	free(got);
	assert_int_equal(count_entries(tmp, true), 0);
	assert_int_equal(count_entries(tmp, false), 1);
	free(p);
}

static void test_dropin_write_refuses_symlink(void **state)
{
	char *p = path_in("90-tcptune.conf"), *target = path_in("target"), *got;
	struct stat st;

	(void)state;
	tu_write(tmp, "target", "untouched\n", 0644);
	assert_int_equal(symlink(target, p), 0);
	assert_int_equal(dropin_write(p, "evil = 1\n", 9, 0644), -ELOOP);
	got = slurp(target, NULL);
	assert_string_equal(got, "untouched\n");
	free(got);
	/* the symlink itself was not replaced either */
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(count_entries(tmp, true), 0);
	/* dangling: never creates the target */
	assert_int_equal(unlink(target), 0);
	assert_int_equal(dropin_write(p, "evil = 1\n", 9, 0644), -ELOOP);
	assert_false(exists(target));
	free(target);
	free(p);
}

static void test_dropin_remove(void **state)
{
	char *p = path_in("90-tcptune.conf"), *target = path_in("target");

	(void)state;
	assert_int_equal(dropin_write(p, "a = 1\n", 6, 0644), 0);
	assert_int_equal(dropin_remove(p), 0);
	assert_false(exists(p));
	/* already absent: fine */
	assert_int_equal(dropin_remove(p), 0);
	/* a symlink is removed, its target is not */
	tu_write(tmp, "target", "keep\n", 0644);
	assert_int_equal(symlink(target, p), 0);
	assert_int_equal(dropin_remove(p), 0);
	assert_false(exists(p));
	assert_true(exists(target));
	/* the parent is missing: an error */
	free(p);
	p = path_in("nodir/90-tcptune.conf");
	assert_int_equal(dropin_remove(p), -ENOENT);
	free(target);
	free(p);
}

static void test_dropin_check_path(void **state)
{
	char *ok = path_in("90-tcptune.conf"), *noparent = path_in("nodir/90-tcptune.conf"), err[512];

	(void)state;
	err[0] = '\0';
	assert_int_equal(dropin_check_path("etc/sysctl.d/90-tcptune.conf", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "absolute"));
	err[0] = '\0';
	assert_int_equal(dropin_check_path("/etc/sysctl.d/90-tcptune", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, ".conf"));
	err[0] = '\0';
	assert_int_equal(dropin_check_path("/etc/sysctl.d/90-tcptune.conf.bak", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, ".conf"));
	err[0] = '\0';
	assert_int_equal(dropin_check_path(noparent, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, noparent));
	assert_int_equal(dropin_check_path(ok, err, sizeof(err)), 0);
	free(ok);
	free(noparent);
}

/* ---- base64 ---- */

static void roundtrip(const char *in, size_t len, const char *want)
{
	char *enc = b64_encode(in, len), *dec = NULL;
	size_t dlen = 99;

	if (want)
		assert_string_equal(enc, want);
	assert_int_equal(strlen(enc) % 4, 0);
	assert_int_equal(b64_decode(enc, &dec, &dlen), 0);
	assert_int_equal(dlen, len);
	if (len)
		assert_memory_equal(dec, in, len);
	free(enc);
	free(dec);
}

static void test_b64_roundtrip(void **state)
{
	char all[256];
	int i;

	(void)state;
	roundtrip("", 0, "");
	roundtrip("f", 1, "Zg==");
	roundtrip("fo", 2, "Zm8=");
	roundtrip("foo", 3, "Zm9v");
	roundtrip("foob", 4, "Zm9vYg==");
	roundtrip("\0", 1, "AA==");
	roundtrip("\0\0", 2, "AAA=");
	roundtrip("\0\0\0", 3, "AAAA");
	roundtrip("a\0b\n\xff\xfe\x80\0", 8, NULL);
	for (i = 0; i < 256; i++)
		all[i] = (char)i;
	for (i = 0; i <= 256; i++)
		roundtrip(all, (size_t)i, NULL);
}

static void test_b64_rejects_bad(void **state)
{
	static const char *const bad[] = {
		"Z", "Zg", "Zg=", "Zm9vY", "Zm9!", "Zm9v\n", " Zm9v", "Zm 9", "====", "=Zm9", "Z===",
		"Zg==Zg==", "Zm=v", "Zg=a",
	};
	size_t i, accepted = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		char *out = NULL;
		size_t len = 0;
		int r = b64_decode(bad[i], &out, &len);

		if (r != -EINVAL || out) {
			print_error("b64_decode(\"%s\") returned %d (%zu bytes) instead of -EINVAL\n", bad[i], r, len);
			accepted++;
		}
		free(out);
	}
	assert_int_equal(accepted, 0);
}

/* A pending snapshot has a marker beside it; a later state removes it. */
static void test_pending_marker(void **state)
{
	char *dir = path_in("state"), *marker, err[512] = "";
	struct state st;
	char **ids;
	size_t n;
	json_t *t;

	(void)state;
	assert_int_equal(state_open(&st, dir, true, err, sizeof(err)), 0);
	marker = xasprintf("%s/transactions/20261122T101500Z-3.pending", dir);
	t = json_pack("{s:s, s:s}", "kind", "apply", "state", "pending");
	assert_int_equal(state_save(&st, "20261122T101500Z-3", t), 0);
	assert_true(exists(marker));
	assert_int_equal(state_list_pending(&st, &ids, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ids[0], "20261122T101500Z-3");
	free(ids[0]);
	free(ids);
	/* committing removes the marker; the snapshot stays */
	json_object_set_new(t, "state", json_string("committed"));
	assert_int_equal(state_save(&st, "20261122T101500Z-3", t), 0);
	assert_false(exists(marker));
	assert_int_equal(state_list_pending(&st, &ids, &n), 0);
	assert_int_equal(n, 0);
	free(ids);
	/* removing a transaction removes its marker too */
	json_object_set_new(t, "state", json_string("pending"));
	assert_int_equal(state_save(&st, "20261122T101500Z-3", t), 0);
	assert_true(exists(marker));
	assert_int_equal(state_remove(&st, "20261122T101500Z-3"), 0);
	assert_false(exists(marker));
	json_decref(t);
	state_close(&st);
	free(marker);
	free(dir);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_open_creates_0700),
		T(test_open_refuses_symlink),
		T(test_open_refuses_group_or_world_writable),
		T(test_open_refuses_writable_transactions),
		T(test_open_refuses_other_owner),
		T(test_open_refuses_regular_file),
		T(test_open_missing_without_create),
		T(test_lock_twice),
		T(test_write_atomic_at),
		T(test_new_id_unique_increasing),
		T(test_save_load_list_remove),
		T(test_pending_marker),
		T(test_invalid_ids),
		T(test_plan_save_load),
		T(test_dropin_read_missing),
		T(test_dropin_read_regular),
		T(test_dropin_read_symlink),
		T(test_dropin_read_directory),
		T(test_dropin_write),
		T(test_dropin_write_refuses_symlink),
		T(test_dropin_remove),
		T(test_dropin_check_path),
		T(test_b64_roundtrip),
		T(test_b64_rejects_bad),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
