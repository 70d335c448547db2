// SPDX-License-Identifier: GPL-2.0-or-later
#include "resolve.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Directories in priority order, relative to root; procps also reads /lib. */
static const struct {
	const char *dir;
	unsigned dialects;
} dirs[] = {
	{ "etc/sysctl.d", DIALECT_SYSTEMD | DIALECT_PROCPS },
	{ "run/sysctl.d", DIALECT_SYSTEMD | DIALECT_PROCPS },
	{ "usr/local/lib/sysctl.d", DIALECT_SYSTEMD | DIALECT_PROCPS },
	{ "usr/lib/sysctl.d", DIALECT_SYSTEMD | DIALECT_PROCPS },
	{ "lib/sysctl.d", DIALECT_SYSTEMD | DIALECT_PROCPS },
};

struct cand {
	char *name;
	char *rel;		/* path relative to root */
	unsigned dialects;	/* who loads it (0: shadowed or masked for both) */
	bool masked;
};

static int open_in_root(int rootfd, const char *rel, int flags)
{
	struct open_how how = {
		/* openat2 refuses O_NOCTTY with O_PATH */
		.flags = (unsigned long long)(flags | O_CLOEXEC | (flags & O_PATH ? 0 : O_NOCTTY)),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, rootfd, rel, &how, sizeof(how));

	if (fd < 0 && errno == ENOSYS) {
		/* pre-5.6 kernel: refuse every symlink rather than follow one out */
		fd = openat(rootfd, rel, flags | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW);
	}
	return fd < 0 ? -errno : (int)fd;
}

static char *display_path(const char *root, const char *rel)
{
	if (strcmp(root, "/") == 0)
		return xasprintf("/%s", rel);
	return xasprintf("%s%s%s", root, str_endswith(root, "/") ? "" : "/", rel);
}

/*
 * Masked (systemd's null_or_empty): a symlink to /dev/null, any character
 * device, or an empty regular file. Decided inside the root, with O_PATH so
 * no device is ever opened; an image tree without /dev still masks with a
 * literal /dev/null link.
 */
static bool is_mask(int rootfd, int dfd, const char *name, const char *rel)
{
	char target[64];
	struct stat st;
	ssize_t n = readlinkat(dfd, name, target, sizeof(target) - 1);
	int fd;
	bool mask;

	if (n > 0) {
		target[n] = '\0';
		if (strcmp(target, "/dev/null") == 0)
			return true;
	}
	fd = open_in_root(rootfd, rel, O_PATH);
	if (fd < 0)
		return false;	/* reported when it is read */
	mask = fstat(fd, &st) == 0 &&
	       (S_ISCHR(st.st_mode) || (S_ISREG(st.st_mode) && st.st_size == 0));
	close(fd);
	return mask;
}

static int cand_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cand *)a)->name, ((const struct cand *)b)->name);
}

static void add_winner(struct resolution *r, struct rwin *w, const struct conf_assign *a, const char *path)
{
	w->value = arena_strdup(&r->arena, a->value);
	w->path = path;
	w->line = a->line;
	w->col = a->col;
}

void resolution_add(struct resolution *r, const struct conf_file *cf, unsigned dialects)
{
	const char *path = arena_strdup(&r->arena, cf->path);
	size_t i;

	if (dialects & DIALECT_SYSTEMD) {
		GROW(r->sd_files, r->cap_sd, r->n_sd + 1);
		r->sd_files[r->n_sd++] = path;
	}
	if (dialects & DIALECT_PROCPS) {
		GROW(r->pp_files, r->cap_pp, r->n_pp + 1);
		r->pp_files[r->n_pp++] = path;
	}
	for (i = 0; i < cf->n; i++) {
		const struct conf_assign *a = &cf->a[i];
		struct rkey *k;

		if (a->glob || a->exclude) {
			struct rglob *g;

			GROW(r->globs, r->capglobs, r->nglobs + 1);
			g = &r->globs[r->nglobs++];
			g->pattern = arena_strdup(&r->arena, a->key);
			g->value = arena_strdup(&r->arena, a->value);
			g->path = path;
			g->line = a->line;
			g->exclude = a->exclude;
			continue;
		}
		if (!a->key_valid)
			continue;
		k = strmap_get(&r->keys, a->key);
		if (!k) {
			k = arena_alloc(&r->arena, sizeof(*k));
			k->key = arena_strdup(&r->arena, a->key);
			strmap_put(&r->keys, k->key, k);
		}
		if (dialects & DIALECT_SYSTEMD) {
			/* a loser in another file; a file setting a key twice is TT103 */
			if (k->sd.path && k->sd.path != path) {
				struct rloser *lo = arena_alloc(&r->arena, sizeof(*lo));

				lo->w = k->sd;
				lo->winner_path = path;
				lo->winner_line = a->line;
				lo->next = k->losers;
				k->losers = lo;
			}
			add_winner(r, &k->sd, a, path);
		}
		if (dialects & DIALECT_PROCPS)
			add_winner(r, &k->pp, a, path);
	}
}

const struct rkey *resolution_find(const struct resolution *r, const char *key)
{
	return strmap_get(&r->keys, key);
}

void resolution_free(struct resolution *r)
{
	strmap_free(&r->keys);
	free(r->globs);
	free(r->sd_files);
	free(r->pp_files);
	arena_free(&r->arena);
	memset(r, 0, sizeof(*r));
}

/* Read a regular file under root; -errno with a diagnostic on failure. */
static int load_file(int rootfd, const char *rel, const char *shown, bool optional, char **buf,
		     size_t *len, struct stat *st, struct diags *dg)
{
	int fd, r;

	/* O_NONBLOCK: a FIFO planted in the tree must not hang the run */
	fd = open_in_root(rootfd, rel, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		if (optional && fd == -ENOENT)
			return fd;
		diag_add(dg, SEV_ERROR, shown, 0, 0, "cannot open: %s", strerror(-fd));
		return fd;
	}
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		diag_add(dg, SEV_ERROR, shown, 0, 0, "not a regular file: skipped");
		close(fd);
		return -EINVAL;
	}
	r = read_fd(fd, RESOLVE_FILE_MAX, buf, len);
	close(fd);
	if (r == -EFBIG)
		diag_add(dg, SEV_ERROR, shown, 0, 0, "larger than %u MiB: skipped", RESOLVE_FILE_MAX >> 20);
	else if (r)
		diag_add(dg, SEV_ERROR, shown, 0, 0, "cannot read: %s", strerror(-r));
	return r;
}

struct seen {
	dev_t dev;
	ino_t ino;
};

static void process(int rootfd, const char *root, const char *rel, bool optional, unsigned dialects,
		    struct resolution *r,
		    resolve_file_fn fn, void *arg, struct seen **seen, size_t *nseen, size_t *capseen,
		    struct diags *dg)
{
	char *shown = display_path(root, rel), *buf = NULL;
	struct conf_file cf;
	struct stat st;
	size_t len = 0, i;
	bool again = false;

	if (load_file(rootfd, rel, shown, optional, &buf, &len, &st, dg))
		goto out;
	/* 99-sysctl.conf -> ../sysctl.conf: lint it once, count it for both loads */
	for (i = 0; i < *nseen; i++)
		again |= (*seen)[i].dev == st.st_dev && (*seen)[i].ino == st.st_ino;
	if (!again) {
		GROW(*seen, *capseen, *nseen + 1);
		(*seen)[(*nseen)++] = (struct seen){ st.st_dev, st.st_ino };
	}
	conf_parse(&cf, shown, buf, len, again ? NULL : dg);
	if (fn && !again)
		fn(arg, &cf, dialects);
	resolution_add(r, &cf, dialects);
	conf_free(&cf);
out:
	free(buf);
	free(shown);
}

int resolve_tree(const char *root, struct resolution *r, resolve_file_fn fn, void *arg, struct diags *dg)
{
	struct cand *c = NULL;
	struct seen *seen = NULL;
	size_t nc = 0, capc = 0, nseen = 0, capseen = 0, i, j;
	int rootfd;

	memset(r, 0, sizeof(*r));
	rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return -errno;
	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		int dfd = open_in_root(rootfd, dirs[i].dir, O_RDONLY | O_DIRECTORY);
		struct dirent *de;
		DIR *d;

		if (dfd < 0) {
			if (dfd != -ENOENT && dfd != -ENOTDIR) {
				char *shown = display_path(root, dirs[i].dir);

				diag_add(dg, SEV_ERROR, shown, 0, 0, "cannot open the directory: %s", strerror(-dfd));
				free(shown);
			}
			continue;
		}
		d = fdopendir(dfd);
		if (!d) {
			close(dfd);
			continue;
		}
		while ((de = readdir(d))) {
			bool dup = false;

			if (de->d_name[0] == '.' || !str_endswith(de->d_name, ".conf"))
				continue;
			for (j = 0; j < nc; j++)
				dup |= strcmp(c[j].name, de->d_name) == 0;
			if (dup)
				continue;	/* a stronger directory has this name */
			GROW(c, capc, nc + 1);
			c[nc].name = xstrdup(de->d_name);
			c[nc].rel = xasprintf("%s/%s", dirs[i].dir, de->d_name);
			c[nc].masked = is_mask(rootfd, dirfd(d), de->d_name, c[nc].rel);
			c[nc].dialects = c[nc].masked ? 0 : dirs[i].dialects;
			nc++;
		}
		closedir(d);
	}
	if (nc > 1)
		qsort(c, nc, sizeof(*c), cand_cmp);
	for (i = 0; i < nc; i++)
		if (c[i].dialects)
			process(rootfd, root, c[i].rel, false, c[i].dialects, r, fn, arg, &seen, &nseen, &capseen, dg);
	/* procps applies /etc/sysctl.conf last; systemd only through 99-sysctl.conf */
	process(rootfd, root, "etc/sysctl.conf", true, DIALECT_PROCPS, r, fn, arg, &seen, &nseen, &capseen, dg);
	for (i = 0; i < nc; i++) {
		free(c[i].name);
		free(c[i].rel);
	}
	free(c);
	free(seen);
	close(rootfd);
	return 0;
}
