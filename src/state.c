// SPDX-License-Identifier: GPL-2.0-or-later
#include "state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define STATE_FILE_MAX (16u << 20)

static int check_dir(int fd, const char *what, char *err, size_t errlen)
{
	struct stat st;

	if (fstat(fd, &st) < 0) {
		snprintf(err, errlen, "cannot stat %s: %s", what, strerror(errno));
		return -errno;
	}
	if (st.st_uid != geteuid()) {
		snprintf(err, errlen, "%s is owned by uid %u, not by the user running tcptune (uid %u): refusing to use it",
			 what, (unsigned)st.st_uid, (unsigned)geteuid());
		return -EPERM;
	}
	if (st.st_mode & 022) {
		snprintf(err, errlen, "%s is writable by group or others (mode %04o): refusing to use it; chmod 700 it",
			 what, (unsigned)(st.st_mode & 07777));
		return -EPERM;
	}
	return 0;
}

int state_open(struct state *st, const char *path, bool create, char *err, size_t errlen)
{
	struct stat lst;
	int r;

	memset(st, 0, sizeof(*st));
	st->dirfd = st->txfd = st->lockfd = -1;
	st->path = xstrdup(path);
	if (lstat(path, &lst) < 0) {
		if (errno != ENOENT || !create) {
			r = -errno;
			snprintf(err, errlen, "cannot use the state directory %s: %s", path, strerror(errno));
			goto fail;
		}
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			r = -errno;
			snprintf(err, errlen, "cannot create the state directory %s: %s", path, strerror(errno));
			goto fail;
		}
		if (lstat(path, &lst) < 0) {
			r = -errno;
			snprintf(err, errlen, "cannot use the state directory %s: %s", path, strerror(errno));
			goto fail;
		}
	}
	if (S_ISLNK(lst.st_mode)) {
		snprintf(err, errlen, "the state directory %s is a symlink: refusing to follow it", path);
		r = -ELOOP;
		goto fail;
	}
	if (!S_ISDIR(lst.st_mode)) {
		snprintf(err, errlen, "the state directory %s is not a directory", path);
		r = -ENOTDIR;
		goto fail;
	}
	st->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (st->dirfd < 0) {
		r = -errno;
		snprintf(err, errlen, "cannot open the state directory %s: %s", path, strerror(errno));
		goto fail;
	}
	r = check_dir(st->dirfd, "the state directory", err, errlen);
	if (r)
		goto fail;
	/* only a writer creates anything: explain or a dry run must leave no trace */
	if (create && mkdirat(st->dirfd, "transactions", 0700) < 0 && errno != EEXIST) {
		r = -errno;
		snprintf(err, errlen, "cannot create %s/transactions: %s", path, strerror(errno));
		goto fail;
	}
	st->txfd = openat(st->dirfd, "transactions", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (st->txfd < 0 && errno == ENOENT && !create)
		return 0;	/* no transactions yet */
	if (st->txfd < 0) {
		struct stat tl;

		r = -errno;
		snprintf(err, errlen, "cannot open %s/transactions: %s", path,
			 fstatat(st->dirfd, "transactions", &tl, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(tl.st_mode) ?
			 "it is a symlink, which tcptune never follows" : strerror(errno));
		goto fail;
	}
	r = check_dir(st->txfd, "the transactions directory", err, errlen);
	if (r)
		goto fail;
	return 0;
fail:
	state_close(st);
	return r;
}

void state_close(struct state *st)
{
	if (st->lockfd >= 0) {
		/* no stale pid for the next waiter's message (best effort) */
		int r = ftruncate(st->lockfd, 0);

		(void)r;
		close(st->lockfd);	/* releases the flock */
	}
	if (st->txfd >= 0)
		close(st->txfd);
	if (st->dirfd >= 0)
		close(st->dirfd);
	free(st->path);
	memset(st, 0, sizeof(*st));
	st->dirfd = st->txfd = st->lockfd = -1;
}

int state_lock(struct state *st, double wait_s, pid_t *holder)
{
	struct timespec start, now, nap = { 0, 50 * 1000 * 1000 };
	char buf[32];
	ssize_t n;
	int fd;

	fd = openat(st->dirfd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK) {
			int r = -errno;

			close(fd);
			return r;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9 >= wait_s) {
			if (holder) {
				n = pread(fd, buf, sizeof(buf) - 1, 0);
				buf[n > 0 ? n : 0] = '\0';
				*holder = (pid_t)atoi(buf);
				/* a pid left by a process that died is no holder */
				if (*holder > 0 && kill(*holder, 0) < 0 && errno == ESRCH)
					*holder = 0;
			}
			close(fd);
			return -EWOULDBLOCK;
		}
		nanosleep(&nap, NULL);
	}
	/* the holder's pid, for the error message of whoever waits on us */
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n)
		n = 0;	/* informational only: the flock is what counts */
	st->lockfd = fd;
	return 0;
}

/* Remove ".NAME.tmp.PID" files an interrupted write left behind in dirfd. */
static void remove_leftovers(int dirfd, const char *name)
{
	char prefix[300];
	struct dirent *de;
	size_t plen;
	DIR *d;
	int fd;

	plen = (size_t)snprintf(prefix, sizeof(prefix), ".%s.tmp.", name);
	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d)))
		if (strncmp(de->d_name, prefix, plen) == 0)
			(void)unlinkat(dirfd, de->d_name, 0);
	closedir(d);
}

int write_atomic_at(int dirfd, const char *name, const void *buf, size_t len, mode_t mode, bool dir_sync)
{
	char tmp[300];
	const char *p = buf;
	size_t left = len;
	int fd, r = 0;

	snprintf(tmp, sizeof(tmp), ".%s.tmp.%d", name, (int)getpid());
	remove_leftovers(dirfd, name);
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return -errno;
	while (left) {
		ssize_t n = write(fd, p, left);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			goto fail;
		}
		p += n;
		left -= (size_t)n;
	}
	/* the mode asked for, whatever the umask */
	if (fchmod(fd, mode) < 0 || fsync(fd) < 0) {
		r = -errno;
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		r = -errno;
		goto fail;
	}
	fd = -1;
	if (renameat(dirfd, tmp, dirfd, name) < 0) {
		r = -errno;
		goto fail;
	}
	if (dir_sync && fsync(dirfd) < 0)
		return -errno;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlinkat(dirfd, tmp, 0);
	return r;
}

static int read_at(int dirfd, const char *name, char **buf, size_t *len)
{
	struct stat st;
	int fd, r;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	r = read_fd(fd, STATE_FILE_MAX, buf, len);
	close(fd);
	return r;
}

static bool id_valid(const char *id)
{
	size_t i, n = strlen(id);

	/* 20261122T101500Z-3 */
	if (n < 18 || n > 40 || id[8] != 'T' || id[15] != 'Z' || id[16] != '-')
		return false;
	for (i = 0; i < n; i++) {
		if (i == 8 || i == 15 || i == 16)
			continue;
		if (id[i] < '0' || id[i] > '9')
			return false;
	}
	return true;
}

static int id_seq(const char *id)
{
	return atoi(id + 17);
}

int state_new_id(struct state *st, char *id, size_t len)
{
	char **ids;
	size_t n, i;
	int seq = 0, r;
	time_t now = time(NULL);
	struct tm tm;

	r = state_list(st, &ids, &n);
	if (r)
		return r;
	for (i = 0; i < n; i++) {
		if (id_seq(ids[i]) > seq)
			seq = id_seq(ids[i]);
		free(ids[i]);
	}
	free(ids);
	gmtime_r(&now, &tm);
	/* the sequence number keeps ids unique and ordered within one second */
	snprintf(id, len, "%04d%02d%02dT%02d%02d%02dZ-%d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec, seq + 1);
	return 0;
}

static int save_json(int dirfd, const char *name, json_t *j, bool dir_sync)
{
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	int r;

	if (!text)
		return -ENOMEM;
	r = write_atomic_at(dirfd, name, text, strlen(text), 0600, dir_sync);
	free(text);
	return r;
}

static int load_json(int dirfd, const char *name, json_t **out)
{
	json_error_t je;
	char *buf;
	size_t len;
	int r = read_at(dirfd, name, &buf, &len);

	if (r)
		return r;
	*out = json_loadb(buf, len, 0, &je);
	free(buf);
	return *out ? 0 : -EBADMSG;
}

int state_save(struct state *st, const char *id, json_t *txn)
{
	const char *state = json_string_value(json_object_get(txn, "state"));
	bool pending = state && strcmp(state, "pending") == 0;
	char name[64], marker[64];
	int r, fd;

	if (!id_valid(id))
		return -EINVAL;
	snprintf(name, sizeof(name), "%s.json", id);
	snprintf(marker, sizeof(marker), "%s.pending", id);
	if (pending) {
		/* the marker first: the snapshot's directory fsync makes both durable */
		fd = openat(st->txfd, marker, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0)
			return -errno;
		close(fd);
	}
	/*
	 * A new snapshot needs its name durable; a later state replaces the
	 * file by rename, and after a crash the name points at one complete
	 * version or the other, so the directory fsync is not needed then.
	 */
	r = save_json(st->txfd, name, txn, pending);
	if (!r && !pending)
		state_clear_pending(st, id);
	return r;
}

void state_clear_pending(struct state *st, const char *id)
{
	char marker[64];

	/* not fsynced: a marker that comes back after a crash is checked against the snapshot */
	snprintf(marker, sizeof(marker), "%s.pending", id);
	(void)unlinkat(st->txfd, marker, 0);
}

int state_load(struct state *st, const char *id, json_t **txn)
{
	char name[64];

	if (!id_valid(id))
		return -EINVAL;
	snprintf(name, sizeof(name), "%s.json", id);
	return load_json(st->txfd, name, txn);
}

int state_remove(struct state *st, const char *id)
{
	char name[64];

	if (!id_valid(id))
		return -EINVAL;
	state_clear_pending(st, id);
	snprintf(name, sizeof(name), "%s.json", id);
	if (unlinkat(st->txfd, name, 0) < 0)
		return -errno;
	return fsync(st->txfd) < 0 ? -errno : 0;
}

/*
 * Newest first, by sequence number: it is one more than the highest so
 * far, so it orders transactions even when the clock was stepped back.
 */
static int id_cmp_desc(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;

	return id_seq(y) - id_seq(x);
}

static int list_suffix(struct state *st, const char *suffix, char ***ids, size_t *n)
{
	struct dirent *de;
	size_t cap = 0;
	DIR *d;
	int fd;

	*ids = NULL;
	*n = 0;
	if (st->txfd < 0)
		return 0;
	fd = openat(st->txfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char *id;

		if (len <= strlen(suffix) || !str_endswith(de->d_name, suffix))
			continue;
		id = xstrndup(de->d_name, len - strlen(suffix));
		if (!id_valid(id)) {
			free(id);
			continue;
		}
		GROW(*ids, cap, *n + 1);
		(*ids)[(*n)++] = id;
	}
	closedir(d);
	if (*n > 1)
		qsort(*ids, *n, sizeof(**ids), id_cmp_desc);
	return 0;
}

int state_list(struct state *st, char ***ids, size_t *n)
{
	return list_suffix(st, ".json", ids, n);
}

int state_list_pending(struct state *st, char ***ids, size_t *n)
{
	return list_suffix(st, ".pending", ids, n);
}

int state_save_plan(struct state *st, json_t *plan)
{
	/* a recorded plan is a convenience, not a safety record: no directory fsync */
	return save_json(st->dirfd, "plan.json", plan, false);
}

int state_load_plan(struct state *st, json_t **plan)
{
	return load_json(st->dirfd, "plan.json", plan);
}

/* Split path into its directory (opened) and the final name. */
static int open_parent(const char *path, char **name)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd;

	if (!slash || !slash[1]) {
		free(dir);
		return -EINVAL;
	}
	*name = xstrdup(slash + 1);
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0) {
		int r = -errno;

		free(*name);
		*name = NULL;
		return r;
	}
	return fd;
}

char *dropin_canonical(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), *real, *out;

	if (!slash || slash == dir) {
		free(dir);
		return xstrdup(path);
	}
	*slash = '\0';
	real = realpath(dir, NULL);
	out = real ? xasprintf("%s/%s", strcmp(real, "/") ? real : "", slash + 1) : xstrdup(path);
	free(real);
	free(dir);
	return out;
}

int dropin_check_path(const char *path, char *err, size_t errlen)
{
	char *name = NULL;
	int fd;

	if (path[0] != '/') {
		snprintf(err, errlen, "the drop-in path must be absolute: %s", path);
		return -EINVAL;
	}
	if (!str_endswith(path, ".conf")) {
		snprintf(err, errlen, "the drop-in must end in .conf, or systemd-sysctl and procps ignore it: %s", path);
		return -EINVAL;
	}
	fd = open_parent(path, &name);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open the drop-in's directory for %s: %s", path, strerror(-fd));
		return fd;
	}
	close(fd);
	free(name);
	return 0;
}

int dropin_read(const char *path, bool *existed, char **buf, size_t *len, mode_t *mode)
{
	struct stat st;
	char *name = NULL;
	int dfd, r;

	*existed = false;
	*buf = NULL;
	*len = 0;
	*mode = 0644;
	dfd = open_parent(path, &name);
	if (dfd < 0)
		return dfd;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		r = errno == ENOENT ? 0 : -errno;
		goto out;
	}
	if (S_ISLNK(st.st_mode)) {
		r = -ELOOP;	/* never follow a symlink at the drop-in path */
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = -EINVAL;
		goto out;
	}
	r = read_at(dfd, name, buf, len);
	if (!r) {
		*existed = true;
		*mode = st.st_mode & 07777;
	}
out:
	close(dfd);
	free(name);
	return r;
}

int dropin_write(const char *path, const char *buf, size_t len, mode_t mode)
{
	struct stat st;
	char *name = NULL;
	int dfd, r;

	dfd = open_parent(path, &name);
	if (dfd < 0)
		return dfd;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
		r = -ELOOP;
	else
		r = write_atomic_at(dfd, name, buf, len, mode, true);
	close(dfd);
	free(name);
	return r;
}

int dropin_remove(const char *path)
{
	char *name = NULL;
	int dfd, r = 0;

	dfd = open_parent(path, &name);
	if (dfd < 0)
		return dfd;
	remove_leftovers(dfd, name);
	if (unlinkat(dfd, name, 0) < 0 && errno != ENOENT)
		r = -errno;
	else if (fsync(dfd) < 0)
		r = -errno;
	close(dfd);
	free(name);
	return r;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *b64_encode(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	char *out = xmalloc(4 * ((len + 2) / 3) + 1), *o = out;
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		*o++ = b64[p[i] >> 2];
		*o++ = b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		*o++ = b64[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
		*o++ = b64[p[i + 2] & 63];
	}
	if (i < len) {
		*o++ = b64[p[i] >> 2];
		if (i + 1 < len) {
			*o++ = b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
			*o++ = b64[(p[i + 1] & 15) << 2];
		} else {
			*o++ = b64[(p[i] & 3) << 4];
			*o++ = '=';
		}
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

int b64_decode(const char *s, char **out, size_t *len)
{
	size_t n = strlen(s), i, o = 0;
	unsigned acc = 0;
	int bits = 0;
	char *buf;

	if (n % 4)
		return -EINVAL;
	buf = xmalloc(n / 4 * 3 + 1);
	for (i = 0; i < n; i++) {
		const char *c;

		if (s[i] == '=') {
			/* padding only at the end, and nothing after it but more padding */
			if (i < n - 2 || (i == n - 2 && s[n - 1] != '='))
				goto bad;
			break;
		}
		c = strchr(b64, s[i]);
		if (!c || !s[i])
			goto bad;
		acc = (acc << 6) | (unsigned)(c - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	buf[o] = '\0';
	*out = buf;
	*len = o;
	return 0;
bad:
	free(buf);
	return -EINVAL;
}
