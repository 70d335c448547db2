// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests for the transaction logic (src/txn.c): apply, rollback, the
 * snapshot, pruning, over a fake kernel (a /proc/sys tree in a temporary
 * directory) whose fault hook fails, crashes or sabotages a chosen step.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "key.h"
#include "procfs.h"
#include "state.h"
#include "txn.h"
#include "util.h"

#define K1 "net.core.somaxconn"
#define K1_OLD "4096"
#define K1_NEW "8192"
#define K2 "net.ipv4.tcp_rmem"
#define K2_OLD "4096\t131072\t6291456"	/* as the kernel prints a vector */
#define K2_OLD_CONF "4096 131072 6291456"
#define K2_NEW "4096 262144 16777216"
#define K3 "net.core.netdev_max_backlog"
#define K3_OLD "1000"
#define K3_NEW "5000"
#define OTHER "net.ipv4.tcp_wmem"
#define OTHER_VAL "4096\t16384\t4194304"

#define PREV_DROPIN "# hand-written, before tcptune\nnet.core.somaxconn = 2048\n\0tail\n"
#define PREV_DROPIN_LEN (sizeof(PREV_DROPIN) - 1)

enum fault_action { FA_FAIL, FA_CRASH, FA_SWAPDIR };

struct fault_rule {
	char step[128];
	int err;		/* -errno returned by FA_FAIL */
	int nth;		/* 0: every time; k: only the k-th time this step runs */
	int seen;
	enum fault_action action;
};

/* The fake kernel and everything a test owns. */
struct fake {
	char *proc, *statebase, *statedir, *dropdir, *boot, *dropin;
	struct state st;
	struct fault_rule rules[8];
	size_t nrules;
	struct strbuf log;	/* every step the fault hook saw, one per line */
	/* the kernel stores clamp_to when clamp_from is written to clamp_key */
	const char *clamp_key, *clamp_from, *clamp_to;
	bool check_snapshot;	/* at the first step: the pending snapshot is on disk */
	bool snapshot_checked;
	/* results live here, so teardown frees them even when an assertion fails */
	struct txn_result r[4];
};

static struct fake F;
static struct catalog cat;

/* ---- the fake kernel ---- */

static char *key_path(const char *key)
{
	char rel[KEY_MAX + 1];

	assert_int_equal(key_to_path(key, rel, sizeof(rel)), 0);
	return xasprintf("%s/%s", F.proc, rel);
}

static int fk_read(void *ctx, const char *key, char **value)
{
	(void)ctx;
	return procfs_read(key, value);
}

static int fk_write(void *ctx, const char *key, const char *value)
{
	struct fake *f = ctx;
	char *path = key_path(key);
	struct stat st;

	if (f->clamp_key && strcmp(key, f->clamp_key) == 0 && strcmp(value, f->clamp_from) == 0)
		value = f->clamp_to;
	/* /proc/sys replaces the whole value on write; a regular file needs truncating */
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		(void)truncate(path, 0);
	free(path);
	return procfs_write(key, value);
}

static void check_pending_snapshot(void);

static int fk_fault(void *ctx, const char *step)
{
	struct fake *f = ctx;
	size_t i;

	sb_addf(&f->log, "%s\n", step);
	if (f->check_snapshot && !f->snapshot_checked) {
		f->snapshot_checked = true;
		check_pending_snapshot();
	}
	for (i = 0; i < f->nrules; i++) {
		struct fault_rule *r = &f->rules[i];

		if (strcmp(r->step, step) != 0)
			continue;
		r->seen++;
		if (r->nth && r->seen != r->nth)
			continue;
		switch (r->action) {
		case FA_FAIL:
			return r->err;
		case FA_CRASH:
			_exit(42);	/* the process dies here: no cleanup, no rollback */
		case FA_SWAPDIR: {
			/* the kernel refuses the write: the key's file becomes a directory */
			char *path = key_path(step + strlen("write "));

			assert_int_equal(unlink(path), 0);
			assert_int_equal(mkdir(path, 0755), 0);
			free(path);
			return 0;
		}
		}
	}
	return 0;
}

static const struct txn_sys fake_sys = {
	.ctx = &F, .read = fk_read, .write = fk_write, .fault = fk_fault,
};

static void add_rule(const char *step, enum fault_action action, int err, int nth)
{
	struct fault_rule *r;

	assert_true(F.nrules < ARRAY_SIZE(F.rules));
	r = &F.rules[F.nrules++];
	memset(r, 0, sizeof(*r));
	snprintf(r->step, sizeof(r->step), "%s", step);
	r->action = action;
	r->err = err;
	r->nth = nth;
}

static void clear_rules(void)
{
	F.nrules = 0;
}

/* ---- fixtures ---- */

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
	procfs_set_root(NULL);
	return 0;
}

static int fx_setup(void **state)
{
	char err[512] = "";

	(void)state;
	memset(&F, 0, sizeof(F));
	F.proc = tu_tmpdir();
	tu_sysctl(F.proc, K1, K1_OLD, 0644);
	tu_sysctl(F.proc, K2, K2_OLD, 0644);
	tu_sysctl(F.proc, K3, K3_OLD, 0644);
	tu_sysctl(F.proc, OTHER, OTHER_VAL, 0644);
	procfs_set_root(F.proc);
	F.statebase = tu_tmpdir();
	F.statedir = xasprintf("%s/state", F.statebase);
	assert_int_equal(state_open(&F.st, F.statedir, true, err, sizeof(err)), 0);
	F.dropdir = tu_tmpdir();
	F.dropin = xasprintf("%s/90-tcptune.conf", F.dropdir);
	F.boot = tu_tmpdir();	/* an empty tree: nothing loads at boot */
	return 0;
}

static int fx_teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(F.r); i++)
		txn_result_free(&F.r[i]);
	state_close(&F.st);
	procfs_set_root(NULL);
	tu_rmtree(F.proc);
	tu_rmtree(F.statebase);
	tu_rmtree(F.dropdir);
	tu_rmtree(F.boot);
	free(F.proc);
	free(F.statebase);
	free(F.statedir);
	free(F.dropdir);
	free(F.boot);
	free(F.dropin);
	sb_release(&F.log);
	memset(&F, 0, sizeof(F));
	return 0;
}

/* Put the drop-in where the resolver sees it: BOOT/etc/sysctl.d. */
static void dropin_in_boot_tree(void)
{
	char *d = xasprintf("%s/etc/sysctl.d", F.boot);

	tu_write(F.boot, "etc/sysctl.d/.keep", "", 0644);
	free(F.dropin);
	/* exactly how the resolver shows BOOT's files: BOOT + "/etc/sysctl.d/NAME" */
	F.dropin = xasprintf("%s/90-tcptune.conf", d);
	free(d);
}

/* ---- requests ---- */

static const struct txn_skip skips[] = {
	{ "net.ipv4.tcp_ecn", "not available on this kernel" },
};

struct req_buf {
	struct txn_setting s[3];
	struct apply_req req;
};

static void req_init(struct req_buf *b)
{
	memset(b, 0, sizeof(*b));
	b->s[0] = (struct txn_setting){ K1, K1_NEW, K1_OLD,
		"Accept queues overflow under connection bursts; a longer backlog keeps the listener from dropping "
		"handshakes that already completed, which clients would otherwise see as timeouts.", true };
	b->s[1] = (struct txn_setting){ K2, K2_NEW, K2_OLD_CONF, "Room for the receive window on long fat paths.", true };
	b->s[2] = (struct txn_setting){ K3, K3_NEW, K3_OLD, NULL, true };
	b->req.profile = "test";
	b->req.profile_file = "/etc/tcptune/profiles/test.yaml";
	b->req.s = b->s;
	b->req.n = ARRAY_SIZE(b->s);
	b->req.skipped = skips;
	b->req.nskipped = ARRAY_SIZE(skips);
	b->req.dropin = F.dropin;
	b->req.boot_root = F.boot;
	b->req.kernel = "6.8.0-test";
	b->req.netns = "host";
	b->req.keep = 20;
}

/* The request a fresh plan makes once the profile is applied: nothing to change. */
static void req_replanned(struct req_buf *b)
{
	size_t i;

	req_init(b);
	for (i = 0; i < b->req.n; i++) {
		b->s[i].current = b->s[i].value;
		b->s[i].change = false;
	}
}

/* ---- helpers ---- */

/* Helpers copy what they compare and free it first: a failed assertion leaks nothing. */
static void assert_kval(const char *key, const char *want)
{
	char got[256] = "", *v = NULL;
	int r = procfs_read(key, &v);

	if (!r)
		snprintf(got, sizeof(got), "%s", v);
	free(v);
	assert_int_equal(r, 0);
	assert_string_equal(got, want);
}

static void assert_all_old(void)
{
	assert_kval(K1, K1_OLD);
	assert_kval(K2, K2_OLD);
	assert_kval(K3, K3_OLD);
	assert_kval(OTHER, OTHER_VAL);
}

static void assert_all_new(void)
{
	assert_kval(K1, K1_NEW);
	assert_kval(K2, K2_NEW);
	assert_kval(K3, K3_NEW);
	assert_kval(OTHER, OTHER_VAL);
}

static size_t ntxn(void)
{
	char **ids;
	size_t n, i;

	assert_int_equal(state_list(&F.st, &ids, &n), 0);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return n;
}

static json_t *load(const char *id)
{
	json_t *t = NULL;

	assert_non_null(id);
	assert_int_equal(state_load(&F.st, id, &t), 0);
	return t;
}

static const char *jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void assert_txn_state(const char *id, const char *want)
{
	json_t *t = load(id);
	char got[64];

	snprintf(got, sizeof(got), "%s", jstr(t, "state") ? jstr(t, "state") : "(none)");
	json_decref(t);
	assert_string_equal(got, want);
}

static bool file_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
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
	*len = sb.len;
	return sb_detach(&sb);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

static void write_prev_dropin(mode_t mode)
{
	int fd = open(F.dropin, O_WRONLY | O_CREAT | O_EXCL, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, PREV_DROPIN, PREV_DROPIN_LEN), (ssize_t)PREV_DROPIN_LEN);
	close(fd);
	assert_int_equal(chmod(F.dropin, mode), 0);
}

static void assert_prev_dropin(mode_t mode)
{
	size_t len;
	char *got = slurp(F.dropin, &len);
	bool same = len == PREV_DROPIN_LEN && memcmp(got, PREV_DROPIN, len) == 0;

	free(got);
	assert_true(same);
	assert_int_equal(mode_of(F.dropin), mode);
}

static bool has_warning(const struct txn_result *res, const char *text)
{
	size_t i;

	for (i = 0; i < res->nwarnings; i++)
		if (strstr(res->warnings[i], text))
			return true;
	return false;
}

static void dump_result(const struct txn_result *res)
{
	size_t i;

	if (res->error)
		print_message("error: %s\n", res->error);
	for (i = 0; i < res->nwarnings; i++)
		print_message("warning: %s\n", res->warnings[i]);
}

/* Apply the standard request and check it committed. */
static void apply_ok(struct txn_result *res)
{
	struct req_buf b;
	int r;

	req_init(&b);
	r = txn_apply(&F.st, &cat, &fake_sys, &b.req, res);
	if (r)
		dump_result(res);
	assert_int_equal(r, 0);
	assert_null(res->error);
	assert_true(res->changed);
	assert_true(res->id[0] != '\0');
	assert_txn_state(res->id, "committed");
}

/* Called from the fault hook at the first step of an apply. */
static void check_pending_snapshot(void)
{
	char **ids;
	size_t n, i;
	json_t *t, *ch;

	assert_int_equal(state_list(&F.st, &ids, &n), 0);
	assert_int_equal(n, 1);
	t = load(ids[0]);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	assert_string_equal(jstr(t, "state"), "pending");
	ch = json_object_get(t, "changes");
	assert_int_equal(json_array_size(ch), 3);
	assert_string_equal(jstr(json_array_get(ch, 1), "before"), K2_OLD);
	assert_false(json_is_true(json_object_get(json_object_get(t, "dropin"), "existed")));
	json_decref(t);
	/* and nothing was touched yet */
	assert_all_old();
	assert_false(file_exists(F.dropin));
}

/* ---- apply ---- */

static void test_apply_changes_values(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;
	json_t *t, *ch, *d, *settings;
	char *text, *want;
	size_t len, i;

	(void)state;
	apply_ok(res);
	assert_all_new();

	/* what the user sees: conf form */
	assert_int_equal(res->n, 3);
	assert_string_equal(res->changes[0].key, K1);
	assert_string_equal(res->changes[0].before, K1_OLD);
	assert_string_equal(res->changes[0].after, K1_NEW);
	assert_string_equal(res->changes[1].key, K2);
	assert_string_equal(res->changes[1].before, K2_OLD_CONF);
	assert_string_equal(res->changes[1].after, K2_NEW);
	assert_true(res->dropin_changed);
	assert_false(res->restored);
	/* the empty boot tree does not load the drop-in */
	assert_true(has_warning(res, "not in a sysctl.d directory"));

	/* the drop-in: header, each key = value, deterministic rendering */
	text = slurp(F.dropin, &len);
	assert_int_equal(mode_of(F.dropin), 0644);
	assert_true(strncmp(text, "# Generated by tcptune from profile test (/etc/tcptune/profiles/test.yaml).\n",
			    strlen("# Generated by tcptune from profile test (/etc/tcptune/profiles/test.yaml).\n")) == 0);
	assert_non_null(strstr(text, "\n" K1 " = " K1_NEW "\n"));
	assert_non_null(strstr(text, "\n" K2 " = " K2_NEW "\n"));
	assert_non_null(strstr(text, "\n" K3 " = " K3_NEW "\n"));
	assert_non_null(strstr(text, "#   net.ipv4.tcp_ecn: not available on this kernel\n"));
	req_init(&b);
	want = dropin_render(&b.req);
	assert_string_equal(text, want);
	assert_string_equal(res->dropin_text, want);
	free(want);
	free(text);

	/* the snapshot */
	assert_int_equal(ntxn(), 1);
	t = load(res->id);
	assert_string_equal(jstr(t, "id"), res->id);
	assert_string_equal(jstr(t, "kind"), "apply");
	assert_string_equal(jstr(t, "state"), "committed");
	assert_string_equal(jstr(t, "profile"), "test");
	assert_string_equal(jstr(t, "profile_file"), "/etc/tcptune/profiles/test.yaml");
	assert_string_equal(jstr(t, "kernel"), "6.8.0-test");
	assert_string_equal(jstr(t, "tool_version"), TCPTUNE_VERSION);
	assert_non_null(jstr(t, "created"));
	assert_null(json_object_get(t, "failure"));
	settings = json_object_get(t, "settings");
	assert_int_equal(json_array_size(settings), 3);
	for (i = 0; i < 3; i++)
		assert_string_equal(jstr(json_array_get(settings, i), "value"), b.s[i].value);
	ch = json_object_get(t, "changes");
	assert_int_equal(json_array_size(ch), 3);
	assert_string_equal(jstr(json_array_get(ch, 0), "key"), K1);
	assert_string_equal(jstr(json_array_get(ch, 0), "before"), K1_OLD);
	assert_string_equal(jstr(json_array_get(ch, 0), "after"), K1_NEW);
	/* the exact previous bytes: tabs, as the kernel printed them */
	assert_string_equal(jstr(json_array_get(ch, 1), "key"), K2);
	assert_string_equal(jstr(json_array_get(ch, 1), "before"), K2_OLD);
	assert_string_equal(jstr(json_array_get(ch, 1), "after"), K2_NEW);
	assert_string_equal(jstr(json_array_get(ch, 2), "before"), K3_OLD);
	d = json_object_get(t, "dropin");
	assert_string_equal(jstr(d, "path"), F.dropin);
	assert_true(json_is_false(json_object_get(d, "existed")));
	assert_null(json_object_get(d, "previous_base64"));
	assert_int_equal(json_array_size(json_object_get(t, "skipped")), 1);
	json_decref(t);

	/* the steps, in order */
	assert_string_equal(sb_str(&F.log), "write " K1 "\nwrite " K2 "\nwrite " K3 "\ndropin\nboot\n");
	txn_result_free(res);
}

static void test_apply_snapshot_before_any_write(void **state)
{
	struct txn_result *res = &F.r[0];

	(void)state;
	F.check_snapshot = true;
	apply_ok(res);
	assert_true(F.snapshot_checked);
	txn_result_free(res);
}

static void test_apply_only_changed_keys_written(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;
	json_t *t;

	(void)state;
	tu_sysctl(F.proc, K3, K3_NEW, 0644);
	req_init(&b);
	b.s[2].current = K3_NEW;
	b.s[2].change = false;
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), 0);
	assert_int_equal(res->n, 2);
	assert_all_new();
	/* kept keys are in the drop-in, not in the changes */
	t = load(res->id);
	assert_int_equal(json_array_size(json_object_get(t, "changes")), 2);
	assert_int_equal(json_array_size(json_object_get(t, "settings")), 3);
	json_decref(t);
	assert_null(strstr(sb_str(&F.log), "write " K3));
	txn_result_free(res);
}

static void test_reapply_replanned_noop(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;

	(void)state;
	apply_ok(res);
	txn_result_free(res);
	sb_release(&F.log);
	req_replanned(&b);
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), 0);
	assert_false(res->changed);
	assert_false(res->dropin_changed);
	assert_int_equal(res->n, 0);
	assert_string_equal(res->id, "");
	assert_null(res->error);
	assert_int_equal(ntxn(), 1);
	assert_string_equal(sb_str(&F.log), "");
	assert_all_new();
	txn_result_free(res);
}

static void test_reapply_same_request_noop(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;

	(void)state;
	apply_ok(res);
	txn_result_free(res);
	/* the very same request again: the kernel and the drop-in already match */
	req_init(&b);
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), 0);
	assert_null(res->error);
	assert_false(res->changed);
	assert_int_equal(ntxn(), 1);
	assert_all_new();
	txn_result_free(res);
}

static void test_dry_run_writes_nothing(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;
	char *want;

	(void)state;
	req_init(&b);
	b.req.dry_run = true;
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), 0);
	assert_true(res->changed);
	assert_true(res->dropin_changed);
	assert_int_equal(res->n, 3);
	assert_string_equal(res->id, "");
	want = dropin_render(&b.req);
	assert_string_equal(res->dropin_text, want);
	free(want);
	assert_all_old();
	assert_false(file_exists(F.dropin));
	assert_int_equal(ntxn(), 0);
	assert_string_equal(sb_str(&F.log), "");
	txn_result_free(res);
}

static void test_apply_existing_dropin_saved(void **state)
{
	struct txn_result *res = &F.r[0];
	json_t *t, *d;
	char *dec = NULL;
	size_t len = 0;

	(void)state;
	write_prev_dropin(0640);
	apply_ok(res);
	assert_true(res->dropin_changed);
	t = load(res->id);
	d = json_object_get(t, "dropin");
	assert_true(json_is_true(json_object_get(d, "existed")));
	assert_int_equal(json_integer_value(json_object_get(d, "previous_mode")), 0640);
	assert_non_null(jstr(d, "previous_base64"));
	assert_int_equal(b64_decode(jstr(d, "previous_base64"), &dec, &len), 0);
	assert_int_equal(len, PREV_DROPIN_LEN);
	assert_memory_equal(dec, PREV_DROPIN, len);
	free(dec);
	json_decref(t);
	/* the new drop-in keeps the file's mode */
	assert_int_equal(mode_of(F.dropin), 0640);
	txn_result_free(res);
}

static void test_apply_refuses_symlinked_dropin(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;
	char *target = xasprintf("%s/target.conf", F.dropdir), *got;
	size_t len;

	(void)state;
	tu_write(F.dropdir, "target.conf", "keep = me\n", 0644);
	assert_int_equal(symlink(target, F.dropin), 0);
	req_init(&b);
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), -ELOOP);
	assert_non_null(res->error);
	assert_non_null(strstr(res->error, "symlink"));
	assert_all_old();
	got = slurp(target, &len);
	assert_string_equal(got, "keep = me\n");
	free(got);
	assert_int_equal(ntxn(), 0);
	free(target);
	txn_result_free(res);
}

/* ---- failures during apply ---- */

static void assert_rolled_back_failure(const char *id, const char *text1, const char *text2)
{
	json_t *t = load(id);
	const char *failure = jstr(t, "failure");

	assert_string_equal(jstr(t, "state"), "rolled-back");
	assert_non_null(failure);
	if (text1)
		assert_non_null(strstr(failure, text1));
	if (text2)
		assert_non_null(strstr(failure, text2));
	json_decref(t);
}

static void test_fault_write_second_key(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;
	struct stat s1, s2;
	char *pending;
	int r;

	(void)state;
	write_prev_dropin(0644);
	assert_int_equal(stat(F.dropin, &s1), 0);
	add_rule("write " K2, FA_FAIL, -EACCES, 1);
	req_init(&b);
	r = txn_apply(&F.st, &cat, &fake_sys, &b.req, res);
	assert_int_equal(r, -EACCES);
	assert_true(res->restored);
	assert_non_null(res->error);
	assert_non_null(strstr(res->error, K2));
	assert_non_null(strstr(res->error, strerror(EACCES)));
	/* KEY1 restored, KEY2 and KEY3 never written, the drop-in untouched */
	assert_all_old();
	assert_prev_dropin(0644);
	assert_int_equal(stat(F.dropin, &s2), 0);
	assert_true(s1.st_ino == s2.st_ino);
	assert_rolled_back_failure(res->id, K2, strerror(EACCES));
	assert_string_equal(sb_str(&F.log), "write " K1 "\nwrite " K2 "\nwrite " K1 "\n");
	pending = txn_find_pending(&F.st);
	assert_null(pending);
	txn_result_free(res);
}

static void test_fault_dropin(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;

	(void)state;
	add_rule("dropin", FA_FAIL, -ENOSPC, 0);
	req_init(&b);
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), -ENOSPC);
	assert_true(res->restored);
	assert_non_null(strstr(res->error, F.dropin));
	assert_non_null(strstr(res->error, strerror(ENOSPC)));
	assert_all_old();
	assert_false(file_exists(F.dropin));
	assert_rolled_back_failure(res->id, F.dropin, strerror(ENOSPC));
	txn_result_free(res);
}

static void test_fault_boot(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;

	(void)state;
	write_prev_dropin(0600);
	add_rule("boot", FA_FAIL, -ENOMEM, 0);
	req_init(&b);
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), -ENOMEM);
	assert_true(res->restored);
	assert_non_null(strstr(res->error, strerror(ENOMEM)));
	assert_all_old();
	/* the drop-in had been written: its previous bytes and mode are back */
	assert_prev_dropin(0600);
	assert_rolled_back_failure(res->id, strerror(ENOMEM), NULL);
	txn_result_free(res);
}

static void test_fault_boot_removes_new_dropin(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;

	(void)state;
	add_rule("boot", FA_FAIL, -EIO, 0);
	req_init(&b);
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), -EIO);
	assert_true(res->restored);
	assert_all_old();
	assert_false(file_exists(F.dropin));
	assert_txn_state(res->id, "rolled-back");
	txn_result_free(res);
}

static void write_boot_overrides(void)
{
	/* wins over 90-tcptune.conf at boot for both systemd-sysctl and procps */
	tu_write(F.boot, "etc/sysctl.d/99-later.conf", "# later\n" K1 " = 1024\n", 0644);
	/* loses to 90-tcptune.conf */
	tu_write(F.boot, "etc/sysctl.d/10-early.conf", K3 " = 100\n", 0644);
	/* procps applies /etc/sysctl.conf last; systemd does not read it */
	tu_write(F.boot, "etc/sysctl.conf", K2 " = 4096 65536 65536\n", 0644);
}

static void test_boot_override_warns(void **state)
{
	struct txn_result *res = &F.r[0];
	char *later = NULL, *conf = NULL;
	size_t i;
	bool sd = false, pp = false;

	(void)state;
	dropin_in_boot_tree();
	write_boot_overrides();
	apply_ok(res);
	assert_all_new();
	later = xasprintf("%s/etc/sysctl.d/99-later.conf:2 ", F.boot);
	conf = xasprintf("%s/etc/sysctl.conf:1 ", F.boot);
	for (i = 0; i < res->nwarnings; i++) {
		const char *w = res->warnings[i];

		if (strncmp(w, later, strlen(later)) == 0) {
			assert_non_null(strstr(w, K1 " = 1024"));
			assert_non_null(strstr(w, K1_NEW));
			assert_false(sd);
			sd = true;
		} else if (strncmp(w, conf, strlen(conf)) == 0) {
			assert_non_null(strstr(w, K2));
			assert_non_null(strstr(w, "procps"));
			assert_false(pp);
			pp = true;
		} else {
			print_error("unexpected warning: %s\n", w);
			fail();
		}
	}
	assert_true(sd);
	assert_true(pp);
	/* the drop-in is where boot loads it, and 10-early.conf loses to it */
	assert_false(has_warning(res, "not in a sysctl.d directory"));
	assert_false(has_warning(res, "10-early.conf"));
	free(later);
	free(conf);
	txn_result_free(res);
}

static void test_boot_same_value_no_warning(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;

	(void)state;
	dropin_in_boot_tree();
	/* a later file that agrees (other spacing, canonical comparison) is fine, even with --strict */
	tu_write(F.boot, "etc/sysctl.d/99-later.conf", K1 " = " K1_NEW "\n" K2 " = 4096  262144\t16777216\n", 0644);
	req_init(&b);
	b.req.strict = true;
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), 0);
	assert_int_equal(res->nwarnings, 0);
	assert_all_new();
	assert_txn_state(res->id, "committed");
	txn_result_free(res);
}

static void test_strict_boot_override_fails(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;
	char *later;

	(void)state;
	dropin_in_boot_tree();
	write_boot_overrides();
	req_init(&b);
	b.req.strict = true;
	assert_true(txn_apply(&F.st, &cat, &fake_sys, &b.req, res) < 0);
	assert_true(res->restored);
	assert_non_null(res->error);
	assert_non_null(strstr(res->error, "--strict"));
	later = xasprintf("%s/etc/sysctl.d/99-later.conf:2", F.boot);
	assert_non_null(strstr(res->error, later));
	free(later);
	assert_all_old();
	assert_false(file_exists(F.dropin));
	assert_rolled_back_failure(res->id, "--strict", K1);
	txn_result_free(res);
}

static void test_strict_dropin_not_loaded_fails(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;

	(void)state;
	/* the drop-in is outside every sysctl.d directory of the boot tree */
	req_init(&b);
	b.req.strict = true;
	assert_true(txn_apply(&F.st, &cat, &fake_sys, &b.req, res) < 0);
	assert_true(res->restored);
	assert_non_null(strstr(res->error, "not in a sysctl.d directory"));
	assert_all_old();
	assert_false(file_exists(F.dropin));
	txn_result_free(res);
}

/*
 * A pending marker whose snapshot exists but cannot be read is pending
 * (fail closed); one whose snapshot was never written is stale and goes.
 */
/* dir/name in a static buffer (one at a time) */
static const char *joined(const char *dir, const char *name)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

static void test_find_pending_fails_closed(void **state)
{
	char *dir = xasprintf("%s/transactions", F.statedir), *pending;

	(void)state;
	tu_write(dir, "20261122T101500Z-1.pending", "", 0600);
	tu_write(dir, "20261122T101500Z-1.json", "{ not json", 0600);
	pending = txn_find_pending(&F.st);
	assert_non_null(pending);
	assert_string_equal(pending, "20261122T101500Z-1");
	free(pending);
	unlink(joined(dir, "20261122T101500Z-1.json"));
	pending = txn_find_pending(&F.st);
	assert_null(pending);
	assert_false(file_exists(joined(dir, "20261122T101500Z-1.pending")));
	free(dir);
}

/* A drop-in too large to keep in a snapshot is refused before anything changes. */
static void test_apply_refuses_huge_dropin(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;
	char *big = xmalloc(DROPIN_MAX + 2);

	(void)state;
	memset(big, '#', DROPIN_MAX + 1);
	big[DROPIN_MAX + 1] = '\0';
	tu_write(F.dropdir, "90-tcptune.conf", big, 0644);
	free(big);
	req_init(&b);
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), -EFBIG);
	assert_non_null(strstr(res->error, "too large"));
	assert_all_old();
	txn_result_free(res);
}


static void test_kernel_rejects_write(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;

	(void)state;
	/* the third key's file turns into a directory just before its write: open(O_WRONLY) fails, root or not */
	add_rule("write " K3, FA_SWAPDIR, 0, 1);
	req_init(&b);
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), -EISDIR);
	assert_true(res->restored);
	assert_non_null(strstr(res->error, K3));
	assert_non_null(strstr(res->error, strerror(EISDIR)));
	assert_kval(K1, K1_OLD);
	assert_kval(K2, K2_OLD);
	assert_false(file_exists(F.dropin));
	assert_rolled_back_failure(res->id, K3, strerror(EISDIR));
	txn_result_free(res);
}

static void test_readback_mismatch_restored(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;

	(void)state;
	/* the kernel accepts the write but stores something else (it clamped a field) */
	F.clamp_key = K2;
	F.clamp_from = K2_NEW;
	F.clamp_to = "4096 262144 4194304";
	req_init(&b);
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), -EIO);
	assert_non_null(strstr(res->error, K2));
	assert_non_null(strstr(res->error, "reads back as"));
	assert_true(res->restored);
	assert_kval(K1, K1_OLD);
	/* the write went through, so it has to be undone too */
	assert_kval(K2, K2_OLD);
	assert_kval(K3, K3_OLD);
	assert_false(file_exists(F.dropin));
	txn_result_free(res);
}

static void test_read_before_fails_nothing_changed(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;
	char *path = key_path(K3);

	(void)state;
	assert_int_equal(unlink(path), 0);
	req_init(&b);
	assert_true(txn_apply(&F.st, &cat, &fake_sys, &b.req, res) < 0);
	assert_non_null(strstr(res->error, K3));
	assert_non_null(strstr(res->error, "nothing was changed"));
	assert_kval(K1, K1_OLD);
	assert_kval(K2, K2_OLD);
	assert_false(file_exists(F.dropin));
	assert_null(txn_find_pending(&F.st));
	assert_string_equal(sb_str(&F.log), "");
	free(path);
	txn_result_free(res);
}

static void test_restore_failure_leaves_pending(void **state)
{
	struct txn_result *res = &F.r[0], *rb = &F.r[1];
	char *pending, *target;
	json_t *t;

	(void)state;
	{
		struct req_buf b;

		/* KEY3 fails; restoring KEY1 (its second write) fails too */
		add_rule("write " K3, FA_FAIL, -EIO, 1);
		add_rule("write " K1, FA_FAIL, -EBUSY, 2);
		req_init(&b);
		assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), -EIO);
	}
	assert_false(res->restored);
	assert_non_null(strstr(res->error, K3));
	assert_non_null(strstr(res->error, "failed too"));
	assert_non_null(strstr(res->error, K1));
	assert_txn_state(res->id, "pending");
	/* KEY2 was restored, KEY1 could not be */
	assert_kval(K1, K1_NEW);
	assert_kval(K2, K2_OLD);
	assert_kval(K3, K3_OLD);
	assert_false(file_exists(F.dropin));

	/* the next command notices it */
	pending = txn_find_pending(&F.st);
	assert_non_null(pending);
	assert_string_equal(pending, res->id);
	target = txn_find_target(&F.st);
	assert_string_equal(target, res->id);

	/* rollback of the pending apply restores every "before" value */
	clear_rules();
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb), 0);
	assert_null(rb->error);
	assert_true(rb->changed);
	assert_all_old();
	assert_false(file_exists(F.dropin));
	t = load(res->id);
	assert_string_equal(jstr(t, "state"), "undone");
	assert_string_equal(jstr(t, "undone_by"), rb->id);
	json_decref(t);
	assert_txn_state(rb->id, "committed");
	free(pending);
	pending = txn_find_pending(&F.st);
	assert_null(pending);
	free(target);
	txn_result_free(rb);
	txn_result_free(res);
}

/* Run an apply in a child that dies at step; the parent sees the wreck. */
static void crash_apply_at(const char *step)
{
	pid_t pid;
	int status = 0;

	add_rule(step, FA_CRASH, 0, 1);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct txn_result *res = &F.r[2];
		struct req_buf b;

		req_init(&b);
		txn_apply(&F.st, &cat, &fake_sys, &b.req, res);
		_exit(1);	/* the crash never happened */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 42);
	clear_rules();
}

static void test_crash_during_apply(void **state)
{
	struct txn_result *rb = &F.r[0];
	char *pending;
	json_t *t;

	(void)state;
	crash_apply_at("write " K2);
	assert_kval(K1, K1_NEW);
	assert_kval(K2, K2_OLD);
	pending = txn_find_pending(&F.st);
	assert_non_null(pending);
	t = load(pending);
	assert_string_equal(jstr(t, "kind"), "apply");
	assert_int_equal(json_array_size(json_object_get(t, "changes")), 3);
	json_decref(t);
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb), 0);
	assert_true(rb->changed);
	assert_all_old();
	assert_false(file_exists(F.dropin));
	assert_txn_state(pending, "undone");
	free(pending);
	assert_null(txn_find_pending(&F.st));
	txn_result_free(rb);
}

static void test_crash_after_dropin(void **state)
{
	struct txn_result *rb = &F.r[0];
	char *pending;

	(void)state;
	write_prev_dropin(0640);
	crash_apply_at("boot");
	assert_all_new();
	pending = txn_find_pending(&F.st);
	assert_non_null(pending);
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb), 0);
	assert_all_old();
	assert_prev_dropin(0640);
	assert_txn_state(pending, "undone");
	free(pending);
	txn_result_free(rb);
}

/* ---- rollback ---- */

static void test_rollback_committed(void **state)
{
	struct txn_result *res = &F.r[0], *rb = &F.r[1];
	char **ids;
	size_t n, i;
	json_t *t;

	(void)state;
	apply_ok(res);
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb), 0);
	assert_null(rb->error);
	assert_true(rb->changed);
	assert_true(rb->id[0] != '\0');
	assert_string_not_equal(rb->id, res->id);
	/* exact previous bytes, tabs included */
	assert_all_old();
	/* the drop-in did not exist: it is gone again */
	assert_false(file_exists(F.dropin));
	assert_int_equal(rb->n, 3);
	assert_string_equal(rb->changes[1].key, K2);
	assert_string_equal(rb->changes[1].before, K2_NEW);
	assert_string_equal(rb->changes[1].after, K2_OLD_CONF);

	/* recorded as a transaction of its own, newest first */
	assert_int_equal(state_list(&F.st, &ids, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(ids[0], rb->id);
	assert_string_equal(ids[1], res->id);
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	t = load(rb->id);
	assert_string_equal(jstr(t, "kind"), "rollback");
	assert_string_equal(jstr(t, "state"), "committed");
	assert_string_equal(jstr(t, "undoes"), res->id);
	assert_int_equal(json_array_size(json_object_get(t, "changes")), 3);
	json_decref(t);
	t = load(res->id);
	assert_string_equal(jstr(t, "state"), "undone");
	assert_string_equal(jstr(t, "undone_by"), rb->id);
	json_decref(t);
	txn_result_free(rb);
	txn_result_free(res);
}

static void test_rollback_restores_previous_dropin(void **state)
{
	struct txn_result *res = &F.r[0], *rb = &F.r[1];

	(void)state;
	write_prev_dropin(0640);
	apply_ok(res);
	/* by id */
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, res->id, false, 20, rb), 0);
	assert_true(rb->changed);
	assert_true(rb->dropin_changed);
	assert_all_old();
	assert_prev_dropin(0640);
	txn_result_free(rb);
	txn_result_free(res);
}

static void test_rollback_twice_noop(void **state)
{
	struct txn_result *res = &F.r[0], *rb = &F.r[1];

	(void)state;
	apply_ok(res);
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb), 0);
	txn_result_free(rb);
	sb_release(&F.log);
	/* again, by default target and by id: a clear no-op */
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb), 0);
	assert_false(rb->changed);
	assert_null(rb->error);
	assert_int_equal(rb->n, 0);
	assert_true(has_warning(rb, "already rolled back"));
	txn_result_free(rb);
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, res->id, false, 20, rb), 0);
	assert_false(rb->changed);
	assert_null(rb->error);
	assert_true(has_warning(rb, res->id));
	txn_result_free(rb);
	assert_int_equal(ntxn(), 2);
	assert_string_equal(sb_str(&F.log), "");
	assert_all_old();
	txn_result_free(res);
}

static void test_rollback_refuses_drift_then_force(void **state)
{
	struct txn_result *res = &F.r[0], *rb = &F.r[1];
	size_t len;
	char *text;

	(void)state;
	apply_ok(res);
	/* someone changed KEY1 since */
	tu_sysctl(F.proc, K1, "2048", 0644);
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb), -EBUSY);
	assert_non_null(rb->error);
	assert_non_null(strstr(rb->error, K1));
	assert_non_null(strstr(rb->error, "set " K1_NEW));
	assert_non_null(strstr(rb->error, "now 2048"));
	assert_null(strstr(rb->error, K2));
	assert_false(rb->changed);
	/* nothing touched, nothing recorded */
	assert_kval(K1, "2048");
	assert_kval(K2, K2_NEW);
	assert_kval(K3, K3_NEW);
	text = slurp(F.dropin, &len);
	free(text);
	assert_int_equal(ntxn(), 1);
	assert_txn_state(res->id, "committed");
	txn_result_free(rb);

	/* --force restores the old values anyway */
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, NULL, true, 20, rb), 0);
	assert_true(rb->changed);
	assert_all_old();
	assert_false(file_exists(F.dropin));
	assert_txn_state(res->id, "undone");
	txn_result_free(rb);
	txn_result_free(res);
}

static void test_rollback_nothing_or_unknown(void **state)
{
	struct txn_result *res = &F.r[0], *rb = &F.r[1];

	(void)state;
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb), -ENOENT);
	assert_non_null(rb->error);
	txn_result_free(rb);
	assert_true(txn_rollback(&F.st, &cat, &fake_sys, "20250101T000000Z-99", false, 20, rb) < 0);
	assert_non_null(strstr(rb->error, "20250101T000000Z-99"));
	txn_result_free(rb);
	assert_true(txn_rollback(&F.st, &cat, &fake_sys, "../../x", false, 20, rb) < 0);
	txn_result_free(rb);
	/* a rollback is not rolled back */
	apply_ok(res);
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb), 0);
	{
		struct txn_result *rb2 = &F.r[2];
		char id[64];

		snprintf(id, sizeof(id), "%s", rb->id);
		assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, id, false, 20, rb2), -EINVAL);
		assert_non_null(strstr(rb2->error, "not an apply"));
		txn_result_free(rb2);
	}
	assert_all_old();
	txn_result_free(rb);
	txn_result_free(res);
}

static void test_rollback_fault_restores(void **state)
{
	struct txn_result *res = &F.r[0], *rb = &F.r[1];

	(void)state;
	write_prev_dropin(0644);
	apply_ok(res);
	/* restoring the drop-in fails: the rollback's own writes are undone */
	add_rule("dropin", FA_FAIL, -EROFS, 0);
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb), -EROFS);
	assert_true(rb->restored);
	assert_non_null(strstr(rb->error, strerror(EROFS)));
	assert_all_new();
	assert_txn_state(rb->id, "rolled-back");
	assert_txn_state(res->id, "committed");
	txn_result_free(rb);
	/* and it can be rolled back once the problem is gone */
	clear_rules();
	assert_int_equal(txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb), 0);
	assert_all_old();
	assert_prev_dropin(0644);
	txn_result_free(rb);
	txn_result_free(res);
}

/*
 * A rollback that failed and could not put things back stays pending. Every
 * command then refuses to run until `tcptune rollback` resolves it, so
 * rollback must be able to restore the state before it.
 */
static void test_rollback_of_pending_rollback(void **state)
{
	struct txn_result *res = &F.r[0], *rb = &F.r[1], *rb2 = &F.r[2];
	char *pending;
	int r;

	(void)state;
	apply_ok(res);
	/* the rollback fails at the drop-in; undoing its write of KEY1 fails too */
	add_rule("dropin", FA_FAIL, -EIO, 1);
	/* counted from here: the rollback's write of KEY1 is the 1st, undoing it the 2nd */
	add_rule("write " K1, FA_FAIL, -EBUSY, 2);
	assert_true(txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb) < 0);
	assert_false(rb->restored);
	assert_txn_state(rb->id, "pending");
	assert_kval(K1, K1_OLD);
	assert_kval(K2, K2_NEW);
	pending = txn_find_pending(&F.st);
	assert_string_equal(pending, rb->id);
	free(pending);
	clear_rules();

	/* the next `tcptune rollback` restores the state before the failed rollback */
	r = txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb2);
	if (r)
		dump_result(rb2);
	assert_int_equal(r, 0);
	assert_all_new();
	pending = txn_find_pending(&F.st);
	assert_null(pending);
	txn_result_free(rb2);
	txn_result_free(rb);
	txn_result_free(res);
}

/*
 * Apply A commits, apply B fails and is undone at once: the kernel still
 * runs A, so `tcptune rollback` (the newest apply not yet undone) undoes A.
 */
static void test_rollback_skips_failed_apply(void **state)
{
	struct txn_result *a = &F.r[0], *b = &F.r[1], *rb = &F.r[2];
	struct req_buf rq;
	int r;

	(void)state;
	apply_ok(a);
	req_replanned(&rq);
	rq.s[0].value = "16384";
	rq.s[0].current = K1_NEW;
	rq.s[0].change = true;
	add_rule("write " K1, FA_FAIL, -EINVAL, 1);
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &rq.req, b), -EINVAL);
	assert_true(b->restored);
	assert_txn_state(b->id, "rolled-back");
	assert_all_new();
	clear_rules();

	r = txn_rollback(&F.st, &cat, &fake_sys, NULL, false, 20, rb);
	if (r)
		dump_result(rb);
	assert_int_equal(r, 0);
	if (!rb->changed)
		dump_result(rb);
	assert_true(rb->changed);
	assert_all_old();
	assert_false(file_exists(F.dropin));
	assert_txn_state(a->id, "undone");
	txn_result_free(rb);
	txn_result_free(b);
	txn_result_free(a);
}

/* ---- history ---- */

static void save_record(const char *id, const char *kind, const char *st)
{
	json_t *t = json_pack("{s:s, s:s, s:s, s:[], s:n}", "id", id, "kind", kind, "state", st, "changes",
			      "dropin");

	assert_int_equal(state_save(&F.st, id, t), 0);
	json_decref(t);
}

static void assert_ids(const char *const *want, size_t nwant)
{
	char **ids;
	size_t n, i;

	assert_int_equal(state_list(&F.st, &ids, &n), 0);
	assert_int_equal(n, nwant);
	for (i = 0; i < n; i++) {
		assert_string_equal(ids[i], want[i]);
		free(ids[i]);
	}
	free(ids);
}

static void test_prune(void **state)
{
	static const char *const all[] = {
		"20250101T000008Z-8", "20250101T000007Z-7", "20250101T000006Z-6", "20250101T000005Z-5",
		"20250101T000004Z-4", "20250101T000003Z-3", "20250101T000002Z-2", "20250101T000001Z-1",
	};
	static const char *const kept[] = {
		"20250101T000008Z-8", "20250101T000007Z-7", "20250101T000006Z-6", "20250101T000005Z-5",
		"20250101T000002Z-2",
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(all); i++)
		save_record(all[i], i % 2 ? "rollback" : "apply",
			    strcmp(all[i], "20250101T000007Z-7") == 0 || strcmp(all[i], "20250101T000002Z-2") == 0 ?
			    "pending" : "committed");
	txn_prune(&F.st, 0);
	assert_ids(all, ARRAY_SIZE(all));
	txn_prune(&F.st, -1);
	assert_ids(all, ARRAY_SIZE(all));
	/* the 3 newest finished ones, and every pending one */
	txn_prune(&F.st, 3);
	assert_ids(kept, ARRAY_SIZE(kept));
	txn_prune(&F.st, 3);
	assert_ids(kept, ARRAY_SIZE(kept));
	txn_prune(&F.st, 1);
	{
		static const char *const one[] = {
			"20250101T000008Z-8", "20250101T000007Z-7", "20250101T000002Z-2",
		};

		assert_ids(one, ARRAY_SIZE(one));
	}
}

static void test_apply_prunes(void **state)
{
	struct txn_result *res = &F.r[0];
	struct req_buf b;
	char **ids;
	size_t n, i;

	(void)state;
	save_record("20200101T000000Z-1", "apply", "committed");
	save_record("20200101T000001Z-2", "apply", "pending");
	save_record("20200101T000002Z-3", "rollback", "committed");
	save_record("20200101T000003Z-4", "apply", "undone");
	req_init(&b);
	b.req.keep = 2;
	assert_int_equal(txn_apply(&F.st, &cat, &fake_sys, &b.req, res), 0);
	assert_int_equal(state_list(&F.st, &ids, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(ids[0], res->id);
	assert_string_equal(ids[1], "20200101T000003Z-4");
	assert_string_equal(ids[2], "20200101T000001Z-2");
	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	txn_result_free(res);
}

static void test_find_target_and_pending(void **state)
{
	char *id;

	(void)state;
	assert_null(txn_find_target(&F.st));
	assert_null(txn_find_pending(&F.st));
	save_record("20250101T000001Z-1", "apply", "committed");
	save_record("20250101T000002Z-2", "apply", "pending");
	save_record("20250101T000003Z-3", "apply", "committed");
	save_record("20250101T000004Z-4", "rollback", "committed");
	/* an interrupted apply comes first, even when older */
	id = txn_find_target(&F.st);
	assert_string_equal(id, "20250101T000002Z-2");
	free(id);
	id = txn_find_pending(&F.st);
	assert_string_equal(id, "20250101T000002Z-2");
	free(id);
	save_record("20250101T000002Z-2", "apply", "undone");
	assert_null(txn_find_pending(&F.st));
	/* else the newest apply, never a rollback */
	id = txn_find_target(&F.st);
	assert_string_equal(id, "20250101T000003Z-3");
	free(id);
	/* the newest pending one */
	save_record("20250101T000005Z-5", "apply", "pending");
	save_record("20250101T000001Z-1", "apply", "pending");
	id = txn_find_pending(&F.st);
	assert_string_equal(id, "20250101T000005Z-5");
	free(id);
}

/* ---- pure helpers ---- */

/*
 * Nothing a profile says can end a comment line early: systemd-sysctl ends
 * lines at a bare CR too, so a why with "\rnet.x = 1" would set a key.
 */
static void test_dropin_render_no_control_bytes(void **state)
{
	struct req_buf a;
	char *x, *p;

	(void)state;
	req_init(&a);
	a.s[0].why = "Keeps cwnd after idle.\rnet.ipv4.tcp_syn_retries = 1\nnet.core.somaxconn = 1";
	a.req.profile = "evil\rnet.ipv4.tcp_syncookies = 0";
	x = dropin_render(&a.req);
	for (p = x; *p; p++)
		assert_false(*p == '\r' || ((unsigned char)*p < 0x20 && *p != '\n'));
	/* every line that is not a comment is one of the request's settings */
	for (p = x; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (*p == '#' || *p == '\n')
			continue;
		assert_true(strncmp(p, K1, strlen(K1)) == 0 || strncmp(p, K2, strlen(K2)) == 0 ||
			    strncmp(p, K3, strlen(K3)) == 0);
	}
	free(x);
}


static void test_dropin_render_deterministic(void **state)
{
	struct req_buf a, b;
	char *x, *y, year[16], *line, *save;
	time_t now = time(NULL);
	struct tm tm;

	(void)state;
	req_init(&a);
	req_init(&b);
	/* equal requests from distinct buffers */
	b.s[0].value = xstrdup(K1_NEW);
	x = dropin_render(&a.req);
	y = dropin_render(&b.req);
	assert_string_equal(x, y);
	free((char *)b.s[0].value);
	free(y);
	y = dropin_render(&a.req);
	assert_string_equal(x, y);
	free(y);
	/* no time, no id */
	gmtime_r(&now, &tm);
	snprintf(year, sizeof(year), "%04d", tm.tm_year + 1900);
	assert_null(strstr(x, year));
	assert_null(strstr(x, "T0"));
	assert_null(strstr(x, "Z-"));
	assert_non_null(strstr(x, "\n" K1 " = " K1_NEW "\n"));
	assert_non_null(strstr(x, "\n" K2 " = " K2_NEW "\n"));
	assert_non_null(strstr(x, "\n" K3 " = " K3_NEW "\n"));
	/* comments fold at 76 columns */
	for (line = strtok_r(x, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (line[0] == '#')
			assert_true(strlen(line) <= 80);
	free(x);
	/* no profile file: the recorded plan */
	a.req.profile_file = NULL;
	x = dropin_render(&a.req);
	assert_non_null(strstr(x, "from profile test (recorded plan)"));
	free(x);
}

static void test_same_value(void **state)
{
	(void)state;
	assert_true(txn_same_value(&cat, K2, "4096 87380", "4096\t87380"));
	assert_true(txn_same_value(&cat, K2, "4096 87380 6291456", "4096\t87380\t6291456"));
	assert_true(txn_same_value(&cat, K2, " 4096  87380\t6291456\n", "4096\t87380\t6291456"));
	assert_false(txn_same_value(&cat, K2, "4096 87380 6291456", "4096 87380 6291457"));
	assert_false(txn_same_value(&cat, K2, "4096 87380", "4096 87380 6291456"));
	assert_true(txn_same_value(&cat, "net.ipv4.ip_local_port_range", "32768 60999", "32768\t60999"));
	assert_true(txn_same_value(&cat, K1, "4096", " 4096\n"));
	assert_false(txn_same_value(&cat, K1, "4096", "4097"));
	/* no catalog: trimmed text */
	assert_true(txn_same_value(NULL, "net.example.knob", " abc\n", "abc"));
	assert_false(txn_same_value(NULL, "net.example.knob", "abc", "abd"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_apply_changes_values),
		T(test_apply_snapshot_before_any_write),
		T(test_apply_only_changed_keys_written),
		T(test_reapply_replanned_noop),
		T(test_reapply_same_request_noop),
		T(test_dry_run_writes_nothing),
		T(test_apply_existing_dropin_saved),
		T(test_apply_refuses_symlinked_dropin),
		T(test_fault_write_second_key),
		T(test_fault_dropin),
		T(test_fault_boot),
		T(test_fault_boot_removes_new_dropin),
		T(test_boot_override_warns),
		T(test_boot_same_value_no_warning),
		T(test_strict_boot_override_fails),
		T(test_strict_dropin_not_loaded_fails),
		T(test_kernel_rejects_write),
		T(test_readback_mismatch_restored),
		T(test_read_before_fails_nothing_changed),
		T(test_restore_failure_leaves_pending),
		T(test_crash_during_apply),
		T(test_crash_after_dropin),
		T(test_rollback_committed),
		T(test_rollback_restores_previous_dropin),
		T(test_rollback_twice_noop),
		T(test_rollback_refuses_drift_then_force),
		T(test_rollback_nothing_or_unknown),
		T(test_rollback_fault_restores),
		T(test_rollback_of_pending_rollback),
		T(test_rollback_skips_failed_apply),
		T(test_prune),
		T(test_find_pending_fails_closed),
		T(test_apply_refuses_huge_dropin),
		T(test_apply_prunes),
		T(test_find_target_and_pending),
		T(test_dropin_render_deterministic),
		T(test_dropin_render_no_control_bytes),
		T(test_same_value),
	};
#undef T

	return cmocka_run_group_tests(tests, group_setup, group_teardown) != 0;
}
