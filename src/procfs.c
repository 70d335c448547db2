// SPDX-License-Identifier: GPL-2.0-or-later
#include "procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "key.h"
#include "plan.h"
#include "util.h"

static char *root;
static int root_fd = -1;

void procfs_set_root(const char *dir)
{
	procfs_close();
	free(root);
	root = dir ? xstrdup(dir) : NULL;
}

const char *procfs_root(void)
{
	return root ? root : PROCFS_DEFAULT_ROOT;
}

void procfs_close(void)
{
	if (root_fd >= 0)
		close(root_fd);
	root_fd = -1;
}

static int get_root_fd(void)
{
	if (root_fd < 0) {
		root_fd = open(procfs_root(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (root_fd < 0)
			return -errno;
	}
	return root_fd;
}

int procfs_check_root(void)
{
	int fd = get_root_fd();

	return fd < 0 ? fd : 0;
}

static int open_key(const char *key, int flags)
{
	char path[KEY_MAX + 1];
	int fd, rfd, r;

	r = key_to_path(key, path, sizeof(path));
	if (r)
		return r;
	rfd = get_root_fd();
	if (rfd < 0)
		return rfd;
	fd = openat(rfd, path, flags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	return fd < 0 ? -errno : fd;
}

int procfs_read(const char *key, char **value)
{
	size_t len;
	int fd, r;

	fd = open_key(key, O_RDONLY);
	if (fd < 0)
		return fd;
	r = read_fd(fd, 1 << 20, value, &len);
	close(fd);
	if (r)
		return r;
	while (len && (*value)[len - 1] == '\n')
		(*value)[--len] = '\0';
	return 0;
}

int procfs_mode(const char *key, mode_t *mode)
{
	char path[KEY_MAX + 1];
	struct stat st;
	int rfd, r;

	r = key_to_path(key, path, sizeof(path));
	if (r)
		return r;
	rfd = get_root_fd();
	if (rfd < 0)
		return rfd;
	if (fstatat(rfd, path, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EISDIR;
	*mode = st.st_mode & 07777;
	return 0;
}

bool procfs_dir_exists(const char *prefix)
{
	char path[KEY_MAX + 1];
	struct stat st;
	int rfd;

	if (key_to_path(prefix, path, sizeof(path)))
		return false;
	rfd = get_root_fd();
	if (rfd < 0)
		return false;
	return fstatat(rfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

bool procfs_glob_matches(const char *pattern)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	glob_t g;
	bool hit;

	/* the dotted glob as a path: '.' separates, '/' stands for a dot in a name */
	sb_add(&sb, procfs_root());
	sb_addc(&sb, '/');
	for (p = pattern; *p; p++)
		sb_addc(&sb, *p == '.' ? '/' : *p == '/' ? '.' : *p);
	if (strstr(sb_str(&sb), "/../") || strstr(sb_str(&sb), "/./")) {
		sb_release(&sb);
		return false;
	}
	hit = glob(sb_str(&sb), GLOB_NOSORT | GLOB_NOESCAPE, NULL, &g) == 0 && g.gl_pathc > 0;
	globfree(&g);
	sb_release(&sb);
	return hit;
}

int procfs_write(const char *key, const char *value)
{
	size_t len = strlen(value);
	ssize_t n;
	int fd, ret = 0;

	/*
	 * The kernel ignores a zero-length write: an empty value (the default
	 * of ip_local_reserved_ports) is written as a newline, as systemd does,
	 * so restoring it really clears the list.
	 */
	if (len == 0) {
		value = "\n";
		len = 1;
	}
	fd = open_key(key, O_WRONLY);
	if (fd < 0)
		return fd;
	/* one write(2): the kernel parses the whole buffer at once */
	n = write(fd, value, len);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	if (close(fd) < 0 && !ret)
		ret = -errno;
	return ret;
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

void procfs_sysview(struct sysview *sv)
{
	sv->ctx = NULL;
	sv->read = sv_read;
	sv->mode = sv_mode;
	sv->dir_exists = sv_dir_exists;
	sv->glob = sv_glob;
}
