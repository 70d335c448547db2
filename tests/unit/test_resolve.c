// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sysctl.d resolver: which files systemd-sysctl and procps
 * `sysctl --system` load from a tree, in which order, and which file and
 * line wins for every key (ecosystem.md section 1). Trees are built in a
 * private temporary directory; symlinks inside them must never lead out.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conffile.h"
#include "diag.h"
#include "resolve.h"
#include "util.h"

#define ALL (DIALECT_SYSTEMD | DIALECT_PROCPS)

/* What the callback saw. */
struct seen_files {
	char *path[32];
	unsigned dialects[32];
	size_t nassign[32];
	size_t n;
};

static void record(void *arg, struct conf_file *cf, unsigned dialects)
{
	struct seen_files *s = arg;

	assert_true(s->n < ARRAY_SIZE(s->path));
	s->path[s->n] = xstrdup(cf->path);
	s->dialects[s->n] = dialects;
	s->nassign[s->n] = cf->n;
	s->n++;
}

static void seen_free(struct seen_files *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->path[i]);
	memset(s, 0, sizeof(*s));
}

/* root + "/" + rel, as the resolver shows paths. */
static char *P(const char *root, const char *rel)
{
	return xasprintf("%s/%s", root, rel);
}

static void assert_seen(const struct seen_files *s, size_t i, const char *root, const char *rel,
			unsigned dialects)
{
	char *want = P(root, rel);

	assert_true(i < s->n);
	if (strcmp(s->path[i], want))
		fprintf(stderr, "callback %zu: got %s, want %s\n", i, s->path[i], want);
	assert_string_equal(s->path[i], want);
	assert_int_equal(s->dialects[i], dialects);
	free(want);
}

/* Assert a winner: rel NULL means the dialect never sets the key. */
static void assert_win(const struct rwin *w, const char *root, const char *rel, int line, const char *value)
{
	char *want;

	if (!rel) {
		if (w->path)
			fprintf(stderr, "unexpected winner %s:%d = %s\n", w->path, w->line, w->value);
		assert_null(w->path);
		return;
	}
	want = P(root, rel);
	if (!w->path || strcmp(w->path, want) || w->line != line || !w->value || strcmp(w->value, value))
		fprintf(stderr, "winner %s:%d = %s; want %s:%d = %s\n", w->path ? w->path : "(none)", w->line,
			w->value ? w->value : "(null)", want, line, value);
	assert_non_null(w->path);
	assert_string_equal(w->path, want);
	assert_int_equal(w->line, line);
	assert_non_null(w->value);
	assert_string_equal(w->value, value);
	free(want);
}

static const struct rkey *find(const struct resolution *r, const char *key)
{
	const struct rkey *k = resolution_find(r, key);

	if (!k)
		fprintf(stderr, "key %s not resolved\n", key);
	assert_non_null(k);
	return k;
}

static void assert_list(const char **list, size_t n, size_t i, const char *root, const char *rel)
{
	char *want = P(root, rel);

	assert_true(i < n);
	assert_string_equal(list[i], want);
	free(want);
}

/* An error diagnostic for this file whose message contains text. */
static bool has_file_diag(const struct diags *dg, const char *root, const char *rel, const char *text)
{
	char *want = P(root, rel);
	bool hit = false;
	size_t i;

	for (i = 0; i < dg->n; i++)
		if (dg->v[i].file && strcmp(dg->v[i].file, want) == 0 && dg->v[i].sev == SEV_ERROR &&
		    (!text || strstr(dg->v[i].msg, text)))
			hit = true;
	free(want);
	return hit;
}

static void assert_file_diag(const struct diags *dg, const char *root, const char *rel, const char *text)
{
	if (!has_file_diag(dg, root, rel, text)) {
		fprintf(stderr, "expected an error for %s/%s containing \"%s\"; got:\n", root, rel,
			text ? text : "");
		tu_dump(dg);
	}
	assert_true(has_file_diag(dg, root, rel, text));
}

static size_t count_id(const struct diags *dg, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < dg->n; i++)
		n += dg->v[i].id && strcmp(dg->v[i].id, id) == 0;
	return n;
}

static void assert_no_diags(const struct diags *dg)
{
	if (dg->n)
		tu_dump(dg);
	assert_int_equal(dg->n, 0);
}

static void link_at(const char *root, const char *target, const char *rel)
{
	char *path = P(root, rel);

	int r;

	unlink(path);
	r = symlink(target, path);
	if (r != 0)
		fprintf(stderr, "symlink %s -> %s: %s\n", path, target, strerror(errno));
	free(path);
	assert_int_equal(r, 0);
}

/* mkdir -p ROOT/rel */
static void mkdir_at(const char *root, const char *rel)
{
	char *path = P(root, rel), *p;
	bool ok = true;

	for (p = path + strlen(root) + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			ok &= mkdir(path, 0755) == 0 || errno == EEXIST;
			*p = c;
			if (!c)
				break;
		}
	}
	free(path);
	assert_true(ok);
}

/* ------------------------------------------------------------------ */

static void test_shadowing(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };
	const struct rkey *k;

	(void)state;
	tu_write(root, "etc/sysctl.d/50-net.conf", "net.a.b = 1\n", 0644);
	tu_write(root, "usr/lib/sysctl.d/50-net.conf", "net.a.b = 2\nnet.vendor.only = 9\n", 0644);
	/* /run beats /usr/local/lib, /usr/local/lib beats /usr/lib and /lib */
	tu_write(root, "run/sysctl.d/60-run.conf", "net.r.r = run\n", 0644);
	tu_write(root, "usr/lib/sysctl.d/60-run.conf", "net.r.r = usr\nnet.r.usr = 1\n", 0644);
	tu_write(root, "usr/local/lib/sysctl.d/70-local.conf", "net.l.l = local\n", 0644);
	tu_write(root, "usr/lib/sysctl.d/70-local.conf", "net.l.l = usr\n", 0644);
	tu_write(root, "lib/sysctl.d/70-local.conf", "net.l.l = lib\n", 0644);

	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_no_diags(&dg);
	assert_int_equal(s.n, 3);
	assert_seen(&s, 0, root, "etc/sysctl.d/50-net.conf", ALL);
	assert_seen(&s, 1, root, "run/sysctl.d/60-run.conf", ALL);
	assert_seen(&s, 2, root, "usr/local/lib/sysctl.d/70-local.conf", ALL);

	k = find(&res, "net.a.b");
	assert_win(&k->sd, root, "etc/sysctl.d/50-net.conf", 1, "1");
	assert_win(&k->pp, root, "etc/sysctl.d/50-net.conf", 1, "1");
	assert_null(k->losers);	/* the shadowed file was never applied */
	assert_null(resolution_find(&res, "net.vendor.only"));
	assert_null(resolution_find(&res, "net.r.usr"));
	assert_string_equal(find(&res, "net.r.r")->sd.value, "run");
	assert_string_equal(find(&res, "net.l.l")->sd.value, "local");
	assert_string_equal(find(&res, "net.l.l")->pp.value, "local");
	assert_int_equal(res.n_sd, 3);
	assert_int_equal(res.n_pp, 3);
	assert_list(res.sd_files, res.n_sd, 0, root, "etc/sysctl.d/50-net.conf");
	assert_list(res.pp_files, res.n_pp, 0, root, "etc/sysctl.d/50-net.conf");

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

static void test_mask_dev_null(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };

	(void)state;
	tu_write(root, "usr/lib/sysctl.d/50-vendor.conf", "net.a.b = 2\n", 0644);
	tu_write(root, "usr/lib/sysctl.d/60-kept.conf", "net.c.d = 3\n", 0644);
	mkdir_at(root, "etc/sysctl.d");
	link_at(root, "/dev/null", "etc/sysctl.d/50-vendor.conf");

	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_no_diags(&dg);
	assert_int_equal(s.n, 1);
	assert_seen(&s, 0, root, "usr/lib/sysctl.d/60-kept.conf", ALL);
	assert_null(resolution_find(&res, "net.a.b"));
	assert_non_null(resolution_find(&res, "net.c.d"));
	assert_int_equal(res.n_sd, 1);
	assert_int_equal(res.n_pp, 1);

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

static void test_mask_empty_file(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };

	(void)state;
	tu_write(root, "usr/lib/sysctl.d/50-vendor.conf", "net.a.b = 2\n", 0644);
	tu_write(root, "lib/sysctl.d/51-vendor.conf", "net.e.f = 2\n", 0644);
	tu_write(root, "etc/sysctl.d/50-vendor.conf", "", 0644);
	tu_write(root, "run/sysctl.d/51-vendor.conf", "", 0644);

	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_no_diags(&dg);
	assert_int_equal(s.n, 0);
	assert_null(resolution_find(&res, "net.a.b"));
	assert_null(resolution_find(&res, "net.e.f"));
	assert_int_equal(res.keys.n, 0);
	assert_int_equal(res.n_sd, 0);
	assert_int_equal(res.n_pp, 0);

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

static void test_lexicographic_order(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };
	const struct rkey *k;

	(void)state;
	tu_write(root, "usr/lib/sysctl.d/10-a.conf", "net.a.b = 1\nnet.x.y = a\n", 0644);
	tu_write(root, "etc/sysctl.d/20-b.conf", "# comment\nnet.a.b = 2\n", 0644);
	tu_write(root, "run/sysctl.d/15-m.conf", "net.a.b = 15\n", 0644);
	/* a weaker directory with a later name still wins: names, not directories, order */
	tu_write(root, "etc/sysctl.d/05-early.conf", "net.x.y = etc\n", 0644);
	tu_write(root, "lib/sysctl.d/90-late.conf", "net.late.k = 1\n", 0644);
	tu_write(root, "usr/local/lib/sysctl.d/80-loc.conf", "net.x.y = local\n", 0644);

	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_no_diags(&dg);
	assert_int_equal(s.n, 6);
	assert_seen(&s, 0, root, "etc/sysctl.d/05-early.conf", ALL);
	assert_seen(&s, 1, root, "usr/lib/sysctl.d/10-a.conf", ALL);
	assert_seen(&s, 2, root, "run/sysctl.d/15-m.conf", ALL);
	assert_seen(&s, 3, root, "etc/sysctl.d/20-b.conf", ALL);
	assert_seen(&s, 4, root, "usr/local/lib/sysctl.d/80-loc.conf", ALL);
	assert_true(s.dialects[5] & DIALECT_PROCPS);
	{
		char *want = P(root, "lib/sysctl.d/90-late.conf");

		assert_string_equal(s.path[5], want);
		free(want);
	}

	k = find(&res, "net.a.b");
	assert_win(&k->sd, root, "etc/sysctl.d/20-b.conf", 2, "2");
	assert_win(&k->pp, root, "etc/sysctl.d/20-b.conf", 2, "2");
	assert_non_null(k->losers);
	assert_win(&k->losers->w, root, "run/sysctl.d/15-m.conf", 1, "15");
	k = find(&res, "net.x.y");
	assert_win(&k->sd, root, "usr/local/lib/sysctl.d/80-loc.conf", 1, "local");
	assert_win(&k->pp, root, "usr/local/lib/sysctl.d/80-loc.conf", 1, "local");
	assert_non_null(k->losers);
	assert_win(&k->losers->w, root, "usr/lib/sysctl.d/10-a.conf", 2, "a");
	k = find(&res, "net.late.k");
	assert_win(&k->pp, root, "lib/sysctl.d/90-late.conf", 1, "1");

	/* the load lists are in the same order */
	assert_list(res.sd_files, res.n_sd, 0, root, "etc/sysctl.d/05-early.conf");
	assert_list(res.sd_files, res.n_sd, 3, root, "etc/sysctl.d/20-b.conf");
	assert_int_equal(res.n_pp, 6);
	assert_list(res.pp_files, res.n_pp, 1, root, "usr/lib/sysctl.d/10-a.conf");
	assert_list(res.pp_files, res.n_pp, 5, root, "lib/sysctl.d/90-late.conf");

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

static void test_all_directories_read(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };

	(void)state;
	tu_write(root, "etc/sysctl.d/a.conf", "net.d.etc = 1\n", 0644);
	tu_write(root, "run/sysctl.d/b.conf", "net.d.run = 1\n", 0644);
	tu_write(root, "usr/local/lib/sysctl.d/c.conf", "net.d.local = 1\n", 0644);
	tu_write(root, "usr/lib/sysctl.d/d.conf", "net.d.usr = 1\n", 0644);
	tu_write(root, "lib/sysctl.d/e.conf", "net.d.lib = 1\n", 0644);

	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_no_diags(&dg);
	assert_int_equal(s.n, 5);
	assert_win(&find(&res, "net.d.etc")->sd, root, "etc/sysctl.d/a.conf", 1, "1");
	assert_win(&find(&res, "net.d.run")->sd, root, "run/sysctl.d/b.conf", 1, "1");
	assert_win(&find(&res, "net.d.local")->sd, root, "usr/local/lib/sysctl.d/c.conf", 1, "1");
	assert_win(&find(&res, "net.d.usr")->sd, root, "usr/lib/sysctl.d/d.conf", 1, "1");
	assert_win(&find(&res, "net.d.etc")->pp, root, "etc/sysctl.d/a.conf", 1, "1");
	assert_win(&find(&res, "net.d.run")->pp, root, "run/sysctl.d/b.conf", 1, "1");
	assert_win(&find(&res, "net.d.local")->pp, root, "usr/local/lib/sysctl.d/c.conf", 1, "1");
	assert_win(&find(&res, "net.d.usr")->pp, root, "usr/lib/sysctl.d/d.conf", 1, "1");
	assert_win(&find(&res, "net.d.lib")->pp, root, "lib/sysctl.d/e.conf", 1, "1");

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

/* Merged /usr: /lib -> usr/lib must not load the same files twice. */
static void test_merged_usr(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };

	(void)state;
	tu_write(root, "usr/lib/sysctl.d/50-default.conf", "net.a.b = 1\n", 0644);
	link_at(root, "usr/lib", "lib");

	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_no_diags(&dg);
	assert_int_equal(s.n, 1);
	assert_seen(&s, 0, root, "usr/lib/sysctl.d/50-default.conf", ALL);
	assert_null(find(&res, "net.a.b")->losers);

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

static void test_ignored_names(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };

	(void)state;
	tu_write(root, "etc/sysctl.d/README", "net.no.readme = 1\n", 0644);
	tu_write(root, "etc/sysctl.d/10-x.conf.bak", "net.no.bak = 1\n", 0644);
	tu_write(root, "etc/sysctl.d/10-x.conf~", "net.no.tilde = 1\n", 0644);
	tu_write(root, "etc/sysctl.d/10-x.CONF", "net.no.upper = 1\n", 0644);
	tu_write(root, "etc/sysctl.d/conf", "net.no.conf = 1\n", 0644);
	tu_write(root, "etc/sysctl.d/sub/20-nested.conf", "net.no.nested = 1\n", 0644);
	tu_write(root, "etc/sysctl.d/30-ok.conf", "net.yes.ok = 1\n", 0644);
	/* a sysctl.d next to the real ones is not read */
	tu_write(root, "etc/sysctl.conf.d/40-no.conf", "net.no.confd = 1\n", 0644);
	tu_write(root, "usr/share/sysctl.d/40-no.conf", "net.no.share = 1\n", 0644);

	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_no_diags(&dg);
	assert_int_equal(s.n, 1);
	assert_seen(&s, 0, root, "etc/sysctl.d/30-ok.conf", ALL);
	assert_int_equal(res.keys.n, 1);
	assert_non_null(resolution_find(&res, "net.yes.ok"));

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

/*
 * systemd skips hidden files (conf_files_list). procps `sysctl --system`
 * only skips "." and "..", so it does read ".hidden.conf": procps is not
 * asserted here.
 */
static void test_dotfiles_systemd(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };
	const struct rkey *k;
	size_t i;

	(void)state;
	tu_write(root, "etc/sysctl.d/.hidden.conf", "net.no.hidden = 1\n", 0644);
	tu_write(root, "usr/lib/sysctl.d/.conf", "net.no.dotconf = 1\n", 0644);
	tu_write(root, "etc/sysctl.d/30-ok.conf", "net.yes.ok = 1\n", 0644);

	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_no_diags(&dg);
	for (i = 0; i < s.n; i++)
		if (strstr(s.path[i], "/."))
			assert_false(s.dialects[i] & DIALECT_SYSTEMD);
	k = resolution_find(&res, "net.no.hidden");
	assert_true(!k || !k->sd.path);
	k = resolution_find(&res, "net.no.dotconf");
	assert_true(!k || !k->sd.path);
	assert_win(&find(&res, "net.yes.ok")->sd, root, "etc/sysctl.d/30-ok.conf", 1, "1");
	for (i = 0; i < res.n_sd; i++)
		assert_null(strstr(res.sd_files[i], "/."));

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

static void test_sysctl_conf_without_link(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };
	const struct rkey *k;

	(void)state;
	tu_write(root, "etc/sysctl.conf", "net.only.conf = 1\n\nnet.both.k = 3\n", 0644);
	tu_write(root, "etc/sysctl.d/99-zz.conf", "net.both.k = 2\n", 0644);

	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_no_diags(&dg);
	assert_int_equal(s.n, 2);
	assert_seen(&s, 0, root, "etc/sysctl.d/99-zz.conf", ALL);
	assert_seen(&s, 1, root, "etc/sysctl.conf", DIALECT_PROCPS);

	k = find(&res, "net.only.conf");
	assert_win(&k->sd, root, NULL, 0, NULL);
	assert_win(&k->pp, root, "etc/sysctl.conf", 1, "1");
	k = find(&res, "net.both.k");
	assert_win(&k->sd, root, "etc/sysctl.d/99-zz.conf", 1, "2");
	assert_win(&k->pp, root, "etc/sysctl.conf", 3, "3");
	assert_null(k->losers);

	assert_int_equal(res.n_sd, 1);
	assert_int_equal(res.n_pp, 2);
	assert_list(res.pp_files, res.n_pp, 1, root, "etc/sysctl.conf");

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

static void test_sysctl_conf_with_link(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };
	const struct rkey *k;

	(void)state;
	tu_write(root, "etc/sysctl.conf", "net.both.k = 3\nnet.only.conf = 1\nnot an assignment\n", 0644);
	tu_write(root, "etc/sysctl.d/99-zz.conf", "net.both.k = 2\n", 0644);
	link_at(root, "../sysctl.conf", "etc/sysctl.d/99-sysctl.conf");
	tu_write(root, "usr/lib/sysctl.d/10-vendor.conf", "net.both.k = 1\nnet.only.conf = 0\n", 0644);

	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	/* the file is seen (and linted) once */
	assert_int_equal(s.n, 3);
	assert_seen(&s, 0, root, "usr/lib/sysctl.d/10-vendor.conf", ALL);
	assert_seen(&s, 1, root, "etc/sysctl.d/99-sysctl.conf", ALL);
	assert_seen(&s, 2, root, "etc/sysctl.d/99-zz.conf", ALL);
	assert_int_equal(count_id(&dg, "TT101"), 1);
	assert_int_equal(dg.n, 1);

	k = find(&res, "net.both.k");
	/* systemd: 99-zz.conf sorts after 99-sysctl.conf */
	assert_win(&k->sd, root, "etc/sysctl.d/99-zz.conf", 1, "2");
	assert_non_null(k->losers);
	assert_win(&k->losers->w, root, "etc/sysctl.d/99-sysctl.conf", 1, "3");
	/* procps: /etc/sysctl.conf has the last word */
	assert_win(&k->pp, root, "etc/sysctl.conf", 1, "3");
	k = find(&res, "net.only.conf");
	assert_win(&k->sd, root, "etc/sysctl.d/99-sysctl.conf", 2, "1");
	assert_non_null(k->losers);
	assert_win(&k->losers->w, root, "usr/lib/sysctl.d/10-vendor.conf", 2, "0");
	assert_win(&k->pp, root, "etc/sysctl.conf", 2, "1");

	assert_int_equal(res.n_sd, 3);
	assert_list(res.sd_files, res.n_sd, 1, root, "etc/sysctl.d/99-sysctl.conf");
	assert_list(res.sd_files, res.n_sd, 2, root, "etc/sysctl.d/99-zz.conf");
	assert_list(res.pp_files, res.n_pp, res.n_pp - 1, root, "etc/sysctl.conf");

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

static void test_sd_prev(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct diags dg = { 0 };
	const struct rkey *k;

	(void)state;
	tu_write(root, "usr/lib/sysctl.d/a.conf", "net.k.k = 1\nnet.once.k = 1\n", 0644);
	tu_write(root, "etc/sysctl.d/b.conf", "\n\nnet.k.k = 2\n", 0644);
	tu_write(root, "run/sysctl.d/c.conf", "# c\n  net/k/k = 3\n", 0644);
	/* a file that sets a key twice: the previous value is the other file's */
	tu_write(root, "run/sysctl.d/d.conf", "net.twice.k = 1\n", 0644);
	tu_write(root, "run/sysctl.d/e.conf", "net.twice.k = 2\nnet.twice.k = 3\n", 0644);

	assert_int_equal(resolve_tree(root, &res, NULL, NULL, &dg), 0);
	assert_no_diags(&dg);
	k = find(&res, "net.k.k");
	assert_win(&k->sd, root, "run/sysctl.d/c.conf", 2, "3");
	assert_int_equal(k->sd.col, 3);
	assert_non_null(k->losers);
	assert_win(&k->losers->w, root, "etc/sysctl.d/b.conf", 3, "2");
	assert_int_equal(k->losers->w.col, 1);
	/* every earlier loser is kept, newest first */
	assert_non_null(k->losers->next);
	assert_win(&k->losers->next->w, root, "usr/lib/sysctl.d/a.conf", 1, "1");
	assert_null(k->losers->next->next);
	assert_win(&k->pp, root, "run/sysctl.d/c.conf", 2, "3");
	k = find(&res, "net.once.k");
	assert_null(k->losers);
	assert_win(&k->sd, root, "usr/lib/sysctl.d/a.conf", 2, "1");
	k = find(&res, "net.twice.k");
	assert_win(&k->sd, root, "run/sysctl.d/e.conf", 2, "3");
	assert_non_null(k->losers);
	assert_win(&k->losers->w, root, "run/sysctl.d/d.conf", 1, "1");
	assert_win(&k->pp, root, "run/sysctl.d/e.conf", 2, "3");

	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

static void test_globs_and_exclusions(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct diags dg = { 0 };
	char *want;

	(void)state;
	tu_write(root, "usr/lib/sysctl.d/50-default.conf",
		 "# rp_filter everywhere\n"
		 "net.ipv4.conf.*.rp_filter = 2\n"
		 "-net.ipv4.conf.all.rp_filter\n"
		 "net.ipv4.conf.lo.rp_filter = 0\n", 0644);
	tu_write(root, "etc/sysctl.d/60-x.conf", "-net/ipv4/conf/*/accept_source_route = 0\n", 0644);

	assert_int_equal(resolve_tree(root, &res, NULL, NULL, &dg), 0);
	assert_no_diags(&dg);
	assert_int_equal(res.nglobs, 3);
	want = P(root, "usr/lib/sysctl.d/50-default.conf");
	assert_string_equal(res.globs[0].pattern, "net.ipv4.conf.*.rp_filter");
	assert_string_equal(res.globs[0].value, "2");
	assert_string_equal(res.globs[0].path, want);
	assert_int_equal(res.globs[0].line, 2);
	assert_false(res.globs[0].exclude);
	assert_string_equal(res.globs[1].pattern, "net.ipv4.conf.all.rp_filter");
	assert_string_equal(res.globs[1].path, want);
	assert_int_equal(res.globs[1].line, 3);
	assert_true(res.globs[1].exclude);
	free(want);
	want = P(root, "etc/sysctl.d/60-x.conf");
	assert_string_equal(res.globs[2].pattern, "net.ipv4.conf.*.accept_source_route");
	assert_string_equal(res.globs[2].value, "0");
	assert_string_equal(res.globs[2].path, want);
	assert_int_equal(res.globs[2].line, 1);
	assert_false(res.globs[2].exclude);
	free(want);
	/* globs and exclusions are not keys; the plain key is */
	assert_null(resolution_find(&res, "net.ipv4.conf.*.rp_filter"));
	assert_null(resolution_find(&res, "net.ipv4.conf.all.rp_filter"));
	assert_win(&find(&res, "net.ipv4.conf.lo.rp_filter")->sd, root, "usr/lib/sysctl.d/50-default.conf", 4, "0");
	assert_int_equal(res.keys.n, 1);

	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

static void test_find_unknown_and_empty_tree(void **state)
{
	char *root = tu_tmpdir();
	char *slash = xasprintf("%s/", root);
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };

	(void)state;
	/* an empty tree: nothing loaded, nothing reported */
	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_no_diags(&dg);
	assert_int_equal(s.n, 0);
	assert_int_equal(res.n_sd, 0);
	assert_int_equal(res.n_pp, 0);
	assert_null(resolution_find(&res, "net.core.somaxconn"));
	resolution_free(&res);

	/* with a trailing slash the paths are not doubled */
	tu_write(root, "etc/sysctl.d/a.conf", "net.a.b = 1\n", 0644);
	assert_int_equal(resolve_tree(slash, &res, record, &s, &dg), 0);
	assert_no_diags(&dg);
	assert_seen(&s, 0, root, "etc/sysctl.d/a.conf", ALL);
	assert_null(resolution_find(&res, "net.core.somaxconn"));
	assert_null(resolution_find(&res, "net.a"));
	assert_null(resolution_find(&res, "net.a.b.c"));
	assert_null(resolution_find(&res, ""));
	assert_non_null(resolution_find(&res, "net.a.b"));

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(slash);
	free(root);
}

/* Nothing from the host may be read: assert no key came from anywhere but the tree. */
static void assert_nothing_from_host(const struct resolution *res, const struct diags *dg,
				     const struct seen_files *s)
{
	assert_int_equal(res->keys.n, 0);
	assert_int_equal(res->nglobs, 0);
	assert_int_equal(count_id(dg, "TT101"), 0);	/* /etc/passwd lines have no '=' */
	assert_int_equal(s->n, 0);
}

static void test_absolute_symlink_stays_in_root(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };

	(void)state;
	mkdir_at(root, "etc/sysctl.d");
	link_at(root, "/etc/passwd", "etc/sysctl.d/x.conf");
	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_file_diag(&dg, root, "etc/sysctl.d/x.conf", strerror(ENOENT));
	assert_nothing_from_host(&res, &dg, &s);
	resolution_free(&res);
	diags_free(&dg);

	/* the same link finds ROOT/etc/passwd when it exists */
	tu_write(root, "etc/passwd", "inside.root.key = 1\n", 0644);
	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_no_diags(&dg);
	assert_int_equal(s.n, 1);
	assert_seen(&s, 0, root, "etc/sysctl.d/x.conf", ALL);
	assert_int_equal(res.keys.n, 1);
	assert_win(&find(&res, "inside.root.key")->sd, root, "etc/sysctl.d/x.conf", 1, "1");

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

static void test_relative_symlink_escape(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };

	(void)state;
	mkdir_at(root, "etc/sysctl.d");
	mkdir_at(root, "usr/lib/sysctl.d");
	link_at(root, "../../../../etc/passwd", "etc/sysctl.d/x.conf");
	link_at(root, "../../../../../../../../../../etc/passwd", "usr/lib/sysctl.d/y.conf");
	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_file_diag(&dg, root, "etc/sysctl.d/x.conf", strerror(ENOENT));
	assert_file_diag(&dg, root, "usr/lib/sysctl.d/y.conf", strerror(ENOENT));
	assert_nothing_from_host(&res, &dg, &s);
	resolution_free(&res);
	diags_free(&dg);

	/* '..' stops at ROOT: both links reach ROOT/etc/passwd */
	tu_write(root, "etc/passwd", "inside.root.key = 2\n", 0644);
	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_no_diags(&dg);
	assert_int_equal(s.n, 1);	/* the same file under two names is seen once */
	assert_int_equal(res.keys.n, 1);
	assert_string_equal(find(&res, "inside.root.key")->sd.value, "2");

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

/*
 * Masking is decided inside ROOT too: a link to an empty file on the host
 * (outside ROOT) is a dangling link in the tree, not a mask.
 */
static void test_mask_decided_inside_root(void **state)
{
	char *root = tu_tmpdir(), *host = tu_tmpdir();
	char *host_empty = xasprintf("%s/empty", host);
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };
	bool reported;
	size_t nseen;
	int rc;

	(void)state;
	tu_write(host, "empty", "", 0644);
	tu_write(root, "usr/lib/sysctl.d/50-vendor.conf", "net.a.b = 2\n", 0644);
	mkdir_at(root, "etc/sysctl.d");
	link_at(root, host_empty, "etc/sysctl.d/50-vendor.conf");

	rc = resolve_tree(root, &res, record, &s, &dg);
	/* the link is missing inside ROOT: reported, whatever the host has there */
	reported = has_file_diag(&dg, root, "etc/sysctl.d/50-vendor.conf", strerror(ENOENT));
	if (!reported) {
		fprintf(stderr, "the link to the host's empty %s was taken as a mask; diagnostics:\n", host_empty);
		tu_dump(&dg);
	}
	nseen = s.n;

	/* clean up first: the assertions below must not leak */
	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	tu_rmtree(host);
	free(host_empty);
	free(root);
	free(host);
	assert_int_equal(rc, 0);
	assert_true(reported);
	assert_int_equal(nseen, 0);
}

/*
 * The other way round: an absolute link to an empty file that exists only
 * inside ROOT is a mask there (whatever the host has at that path).
 */
static void test_mask_link_to_empty_inside_root(void **state)
{
	char *root = tu_tmpdir();
	char *target = xasprintf("/%s-mask-target", strrchr(root, '/') + 1);
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };
	size_t ndiags, nseen, n_sd, n_pp;
	int rc;

	(void)state;
	assert_int_equal(access(target, F_OK), -1);	/* not on the host */
	tu_write(root, target + 1, "", 0644);
	tu_write(root, "usr/lib/sysctl.d/50-vendor.conf", "net.a.b = 2\n", 0644);
	mkdir_at(root, "etc/sysctl.d");
	link_at(root, target, "etc/sysctl.d/50-vendor.conf");

	rc = resolve_tree(root, &res, record, &s, &dg);
	if (dg.n)
		tu_dump(&dg);
	if (s.n)
		fprintf(stderr, "loaded %s instead of treating it as a mask\n", s.path[0]);
	ndiags = dg.n;
	nseen = s.n;
	n_sd = res.n_sd;
	n_pp = res.n_pp;

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(target);
	free(root);
	assert_int_equal(rc, 0);
	assert_int_equal(ndiags, 0);
	assert_int_equal(nseen, 0);
	assert_int_equal(n_sd, 0);
	assert_int_equal(n_pp, 0);
}

/*
 * A relative link to the tree's /dev/null masks too: systemd's
 * null_or_empty() takes any character device (or empty file) as a mask.
 */
static void test_mask_relative_dev_null(void **state)
{
	char *root = tu_tmpdir();
	char *devnull = P(root, "dev/null");
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };
	size_t ndiags, nseen;
	bool vendor;
	int rc;

	(void)state;
	mkdir_at(root, "dev");
	if (mknod(devnull, S_IFCHR | 0666, makedev(1, 3)) != 0) {
		tu_rmtree(root);
		free(devnull);
		free(root);
		skip();
	}
	tu_write(root, "usr/lib/sysctl.d/50-vendor.conf", "net.a.b = 2\n", 0644);
	mkdir_at(root, "etc/sysctl.d");
	link_at(root, "../../dev/null", "etc/sysctl.d/50-vendor.conf");

	rc = resolve_tree(root, &res, record, &s, &dg);
	if (dg.n)
		tu_dump(&dg);
	ndiags = dg.n;
	nseen = s.n;
	vendor = resolution_find(&res, "net.a.b") != NULL;

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(devnull);
	free(root);
	assert_int_equal(rc, 0);
	assert_int_equal(ndiags, 0);
	assert_int_equal(nseen, 0);
	assert_false(vendor);
}

static void test_symlink_loop(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };

	(void)state;
	alarm(30);	/* a hang fails the run instead of blocking it */
	tu_write(root, "etc/sysctl.d/c.conf", "net.c.c = 1\n", 0644);
	link_at(root, "b.conf", "etc/sysctl.d/a.conf");
	link_at(root, "a.conf", "etc/sysctl.d/b.conf");
	link_at(root, "self.conf", "etc/sysctl.d/self.conf");

	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_file_diag(&dg, root, "etc/sysctl.d/a.conf", strerror(ELOOP));
	assert_file_diag(&dg, root, "etc/sysctl.d/b.conf", strerror(ELOOP));
	assert_file_diag(&dg, root, "etc/sysctl.d/self.conf", strerror(ELOOP));
	assert_int_equal(dg.n, 3);
	/* the rest of the tree is still read */
	assert_int_equal(s.n, 1);
	assert_seen(&s, 0, root, "etc/sysctl.d/c.conf", ALL);
	assert_non_null(resolution_find(&res, "net.c.c"));
	alarm(0);

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

static void test_fifo_does_not_block(void **state)
{
	char *root = tu_tmpdir();
	char *fifo = P(root, "etc/sysctl.d/x.conf"), *fifo2 = P(root, "etc/sysctl.conf");
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };

	(void)state;
	alarm(30);
	tu_write(root, "etc/sysctl.d/y.conf", "net.y.y = 1\n", 0644);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	assert_int_equal(mkfifo(fifo2, 0644), 0);

	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_file_diag(&dg, root, "etc/sysctl.d/x.conf", "not a regular file");
	assert_file_diag(&dg, root, "etc/sysctl.conf", "not a regular file");
	assert_int_equal(dg.n, 2);
	assert_int_equal(s.n, 1);
	assert_seen(&s, 0, root, "etc/sysctl.d/y.conf", ALL);
	alarm(0);

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(fifo);
	free(fifo2);
	free(root);
}

/* A directory with a .conf name is not a file to load. */
static void test_directory_named_conf(void **state)
{
	char *root = tu_tmpdir();
	struct resolution res;
	struct seen_files s = { 0 };
	struct diags dg = { 0 };

	(void)state;
	tu_write(root, "etc/sysctl.d/d.conf/inner", "x", 0644);
	tu_write(root, "etc/sysctl.d/e.conf", "net.e.e = 1\n", 0644);
	assert_int_equal(resolve_tree(root, &res, record, &s, &dg), 0);
	assert_int_equal(s.n, 1);
	assert_seen(&s, 0, root, "etc/sysctl.d/e.conf", ALL);
	assert_int_equal(res.keys.n, 1);

	seen_free(&s);
	resolution_free(&res);
	diags_free(&dg);
	tu_rmtree(root);
	free(root);
}

static void test_unreadable_root(void **state)
{
	char *base = tu_tmpdir();
	char *missing = P(base, "no-such-root"), *file = P(base, "file"), *locked = P(base, "locked");
	struct resolution res;
	struct diags dg = { 0 };
	pid_t pid;
	int st;

	(void)state;
	assert_int_equal(resolve_tree(missing, &res, NULL, NULL, &dg), -ENOENT);
	resolution_free(&res);
	tu_write(base, "file", "net.a.b = 1\n", 0644);
	assert_int_equal(resolve_tree(file, &res, NULL, NULL, &dg), -ENOTDIR);
	resolution_free(&res);
	assert_int_equal(dg.n, 0);

	tu_write(base, "locked/etc/sysctl.d/a.conf", "net.a.b = 1\n", 0644);
	assert_int_equal(chmod(locked, 0), 0);
	assert_int_equal(chmod(base, 0711), 0);
	if (geteuid() != 0) {
		assert_int_equal(resolve_tree(locked, &res, NULL, NULL, &dg), -EACCES);
		resolution_free(&res);
	} else {
		/* root reads anything: check as an unprivileged user in a child */
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			int r;

			if (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
			    setresuid(65534, 65534, 65534) != 0)
				_exit(77);
			r = resolve_tree(locked, &res, NULL, NULL, &dg);
			_exit(r == -EACCES ? 0 : 1);
		}
		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFEXITED(st));
		if (WEXITSTATUS(st) == 77)
			fprintf(stderr, "note: cannot drop privileges; EACCES case not checked\n");
		else
			assert_int_equal(WEXITSTATUS(st), 0);
	}
	assert_int_equal(dg.n, 0);
	assert_int_equal(chmod(locked, 0755), 0);
	assert_int_equal(chmod(base, 0700), 0);

	diags_free(&dg);
	tu_rmtree(base);
	free(missing);
	free(file);
	free(locked);
	free(base);
}

static void test_resolution_add_direct(void **state)
{
	static const char one[] = "net.a.b = 1\n"
				  "net..bad = 2\n"
				  "net.ipv4.conf.*.rp_filter = 2\n"
				  "-net.ipv4.conf.lo.rp_filter\n"
				  "net.c.d = x\n";
	static const char two[] = "\n  net/a/b = 10\n";
	static const char three[] = "net.a.b = 100\nnet.e.f = pp\n";
	struct resolution res = { 0 };
	struct conf_file cf;
	struct diags dg = { 0 };
	const struct rkey *k;

	(void)state;
	conf_parse(&cf, "one.conf", one, sizeof(one) - 1, &dg);
	resolution_add(&res, &cf, DIALECT_SYSTEMD | DIALECT_PROCPS);
	conf_free(&cf);	/* the resolution keeps its own copies */
	conf_parse(&cf, "two.conf", two, sizeof(two) - 1, &dg);
	resolution_add(&res, &cf, DIALECT_SYSTEMD);
	conf_free(&cf);
	conf_parse(&cf, "three.conf", three, sizeof(three) - 1, &dg);
	resolution_add(&res, &cf, DIALECT_PROCPS);
	conf_free(&cf);
	assert_no_diags(&dg);

	k = find(&res, "net.a.b");
	assert_string_equal(k->key, "net.a.b");
	assert_string_equal(k->sd.path, "two.conf");
	assert_string_equal(k->sd.value, "10");
	assert_int_equal(k->sd.line, 2);
	assert_int_equal(k->sd.col, 3);
	assert_non_null(k->losers);
	assert_string_equal(k->losers->w.path, "one.conf");
	assert_string_equal(k->losers->w.value, "1");
	assert_int_equal(k->losers->w.line, 1);
	assert_string_equal(k->losers->winner_path, "two.conf");
	assert_string_equal(k->pp.path, "three.conf");
	assert_string_equal(k->pp.value, "100");
	assert_int_equal(k->pp.line, 1);

	k = find(&res, "net.c.d");
	assert_string_equal(k->sd.path, "one.conf");
	assert_string_equal(k->pp.path, "one.conf");
	assert_int_equal(k->sd.line, 5);
	assert_string_equal(k->sd.value, "x");
	k = find(&res, "net.e.f");
	assert_null(k->sd.path);
	assert_string_equal(k->pp.value, "pp");

	/* "net..bad" is net.bad, as systemd-sysctl reads it; globs and exclusions are listed */
	assert_null(resolution_find(&res, "net..bad"));
	assert_non_null(resolution_find(&res, "net.bad"));
	assert_int_equal(res.keys.n, 4);
	assert_int_equal(res.nglobs, 2);
	assert_string_equal(res.globs[0].pattern, "net.ipv4.conf.*.rp_filter");
	assert_string_equal(res.globs[0].path, "one.conf");
	assert_int_equal(res.globs[0].line, 3);
	assert_false(res.globs[0].exclude);
	assert_string_equal(res.globs[1].pattern, "net.ipv4.conf.lo.rp_filter");
	assert_int_equal(res.globs[1].line, 4);
	assert_true(res.globs[1].exclude);

	assert_int_equal(res.n_sd, 2);
	assert_string_equal(res.sd_files[0], "one.conf");
	assert_string_equal(res.sd_files[1], "two.conf");
	assert_int_equal(res.n_pp, 2);
	assert_string_equal(res.pp_files[0], "one.conf");
	assert_string_equal(res.pp_files[1], "three.conf");

	resolution_free(&res);
	diags_free(&dg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shadowing),
		cmocka_unit_test(test_mask_dev_null),
		cmocka_unit_test(test_mask_empty_file),
		cmocka_unit_test(test_lexicographic_order),
		cmocka_unit_test(test_all_directories_read),
		cmocka_unit_test(test_merged_usr),
		cmocka_unit_test(test_ignored_names),
		cmocka_unit_test(test_dotfiles_systemd),
		cmocka_unit_test(test_sysctl_conf_without_link),
		cmocka_unit_test(test_sysctl_conf_with_link),
		cmocka_unit_test(test_sd_prev),
		cmocka_unit_test(test_globs_and_exclusions),
		cmocka_unit_test(test_find_unknown_and_empty_tree),
		cmocka_unit_test(test_absolute_symlink_stays_in_root),
		cmocka_unit_test(test_relative_symlink_escape),
		cmocka_unit_test(test_mask_decided_inside_root),
		cmocka_unit_test(test_mask_link_to_empty_inside_root),
		cmocka_unit_test(test_mask_relative_dev_null),
		cmocka_unit_test(test_symlink_loop),
		cmocka_unit_test(test_fifo_does_not_block),
		cmocka_unit_test(test_directory_named_conf),
		cmocka_unit_test(test_unreadable_root),
		cmocka_unit_test(test_resolution_add_direct),
	};

	return cmocka_run_group_tests(tests, NULL, NULL) != 0;
}
