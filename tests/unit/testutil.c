// SPDX-License-Identifier: GPL-2.0-or-later
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded.h"
#include "key.h"
#include "plan.h"
#include "procfs.h"
#include "util.h"

void tu_dump(const struct diags *dg)
{
	diags_print(stderr, dg, false);
}

void tu_load_catalog(struct catalog *c)
{
	const struct embedded_file *f;
	struct diags dg = { 0 };

	memset(c, 0, sizeof(*c));
	for (f = embedded_files; f->name; f++)
		if (str_startswith(f->name, "schema/knobs/"))
			catalog_load(c, f->name, f->data, f->len, &dg);
	if (dg.n)
		tu_dump(&dg);
	assert_int_equal(dg.n, 0);
	assert_true(c->n > 50);
	diags_free(&dg);
}

void tu_load_rules(struct ruleset *rs, const struct catalog *c)
{
	const struct embedded_file *f;
	struct diags dg = { 0 };

	memset(rs, 0, sizeof(*rs));
	for (f = embedded_files; f->name; f++)
		if (strcmp(f->name, "schema/rules.yaml") == 0)
			rules_load(rs, c, f->name, f->data, f->len, &dg);
	if (dg.n)
		tu_dump(&dg);
	assert_int_equal(dg.n, 0);
	assert_true(rs->n > 10);
	diags_free(&dg);
}

int tu_catalog_from(struct catalog *c, const char *yaml, struct diags *dg)
{
	return catalog_load(c, "test.yaml", yaml, strlen(yaml), dg);
}

char *tu_tmpdir(void)
{
	char *d = xstrdup("/tmp/tcptune-test-XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tu_rmtree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void mkdirs(const char *path)
{
	char *p = xstrdup(path), *s;

	for (s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
	}
	free(p);
}

void tu_write(const char *dir, const char *relpath, const char *content, mode_t mode)
{
	char *path = xasprintf("%s/%s", dir, relpath);
	int fd;

	mkdirs(path);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
	free(path);
}

void tu_sysctl(const char *root, const char *key, const char *value, mode_t mode)
{
	char path[KEY_MAX + 1];
	char *content = xasprintf("%s\n", value);

	assert_int_equal(key_to_path(key, path, sizeof(path)), 0);
	tu_write(root, path, content, mode);
	free(content);
}

void tu_assert_diag(const struct diags *dg, enum severity sev, int line, int col, const char *text)
{
	size_t i;

	for (i = 0; i < dg->n; i++) {
		const struct diag *d = &dg->v[i];

		if (d->sev == sev && d->line == line && (col == 0 || d->col == col) && strstr(d->msg, text))
			return;
	}
	fprintf(stderr, "expected %s at %d:%d containing \"%s\"; got:\n", severity_name(sev), line, col, text);
	tu_dump(dg);
	fail();
}

static int sv_read(void *ctx, const char *key, char **value)
{
	(void)ctx;
	return procfs_read(key, value);
}

static int sv_mode(void *ctx, const char *key, mode_t *mode)
{
	(void)ctx;
	return procfs_mode(key, mode);
}

static bool sv_dir_exists(void *ctx, const char *prefix)
{
	(void)ctx;
	return procfs_dir_exists(prefix);
}

static bool sv_glob(void *ctx, const char *pattern)
{
	(void)ctx;
	return procfs_glob_matches(pattern);
}

void tu_sysview(struct sysview *sv)
{
	sv->read = sv_read;
	sv->mode = sv_mode;
	sv->dir_exists = sv_dir_exists;
	sv->glob = sv_glob;
}
