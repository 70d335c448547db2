// SPDX-License-Identifier: GPL-2.0-or-later
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "key.h"
#include "util.h"

void tu_dump(const struct diags *dg)
{
	diags_print(stderr, dg, false);
}

/*
 * Load a data file of the source tree through the YAML loader, under the
 * name the build gave it (the compiled-in data records "schema/...").
 */
static void load_source(const char *rel, bool is_rules, struct catalog *c, struct ruleset *rs, struct diags *dg)
{
	char *path = xasprintf("%s/%s", TCPTUNE_SRCDIR, rel), *buf = NULL;
	size_t len = 0;

	assert_int_equal(read_file(path, 16 << 20, &buf, &len), 0);
	if (is_rules)
		rules_load(rs, c, rel, buf, len, dg);
	else
		catalog_load(c, rel, buf, len, dg);
	free(buf);
	free(path);
}

void tu_load_catalog(struct catalog *c)
{
	struct diags dg = { 0 };
	glob_t g;
	size_t i, skip = strlen(TCPTUNE_SRCDIR) + 1;
	char *pattern = xasprintf("%s/schema/knobs/*.yaml", TCPTUNE_SRCDIR);

	memset(c, 0, sizeof(*c));
	assert_int_equal(glob(pattern, 0, NULL, &g), 0);
	for (i = 0; i < g.gl_pathc; i++)
		load_source(g.gl_pathv[i] + skip, false, c, NULL, &dg);
	globfree(&g);
	free(pattern);
	if (dg.n)
		tu_dump(&dg);
	assert_int_equal(dg.n, 0);
	assert_true(c->n > 50);
	diags_free(&dg);
}

void tu_load_rules(struct ruleset *rs, const struct catalog *c)
{
	struct diags dg = { 0 };

	memset(rs, 0, sizeof(*rs));
	load_source("schema/rules.yaml", true, (struct catalog *)c, rs, &dg);
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

