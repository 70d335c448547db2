/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Persistent state, and the only module that writes files: the state
 * directory (/var/lib/tcptune: transactions, the recorded plan, the lock)
 * and the sysctl.d drop-in.
 *
 * Safety rules: the state directory must be a real directory (not a
 * symlink) owned by us and not writable by group or others; every file in
 * it is opened relative to its descriptor with O_NOFOLLOW; nothing is
 * written in place (temporary file in the same directory, fsync, rename,
 * fsync the directory); the drop-in path is never followed if it is a
 * symlink.
 */
#ifndef TCPTUNE_STATE_H
#define TCPTUNE_STATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define STATE_DEFAULT_DIR "/var/lib/tcptune"
#define DROPIN_DEFAULT_PATH "/etc/sysctl.d/90-tcptune.conf"
#define STATE_DEFAULT_KEEP 50
#define DROPIN_MAX (1 << 20)	/* a drop-in larger than this is not snapshotted */

struct state {
	int dirfd;		/* the state directory */
	int txfd;		/* its transactions/ subdirectory */
	int lockfd;
	char *path;
};

/*
 * Open (creating it 0700 if missing) and check the state directory.
 * create=false: a missing directory is -ENOENT and nothing is created.
 * On refusal, err describes why in words for the user.
 */
int state_open(struct state *st, const char *path, bool create, char *err, size_t errlen);
void state_close(struct state *st);

/* Exclusive lock, waiting up to wait_s seconds; -EWOULDBLOCK on timeout. */
int state_lock(struct state *st, double wait_s, pid_t *holder);

/*
 * Write name in dir atomically: temporary file, fsync, rename; then fsync
 * the directory too when dir_sync (a new name must survive a crash; a file
 * replacing another by rename is intact either way without it).
 */
int write_atomic_at(int dirfd, const char *name, const void *buf, size_t len, mode_t mode, bool dir_sync);

/*
 * Transactions: one JSON file each, "<id>.json" under transactions/. While
 * one is pending, an empty "<id>.pending" marker exists beside it, made
 * durable with the snapshot, so finding it needs no JSON parsing.
 */
int state_new_id(struct state *st, char *id, size_t len);
int state_save(struct state *st, const char *id, json_t *txn);	/* durable */
/* Ids with a pending marker, newest first (caller frees each and the array). */
int state_list_pending(struct state *st, char ***ids, size_t *n);
void state_clear_pending(struct state *st, const char *id);
int state_load(struct state *st, const char *id, json_t **txn);
/* Ids, newest first (caller frees each and the array). */
int state_list(struct state *st, char ***ids, size_t *n);
int state_remove(struct state *st, const char *id);

/* The recorded plan (state/plan.json). */
int state_save_plan(struct state *st, json_t *plan);
int state_load_plan(struct state *st, json_t **plan);

/*
 * The drop-in. dropin_read: previous bytes (existed=false if absent);
 * refuses a symlink (-ELOOP) or a non-regular file. dropin_write
 * replaces it atomically; dropin_remove unlinks it (fsyncing the directory).
 */
int dropin_read(const char *path, bool *existed, char **buf, size_t *len, mode_t *mode);
int dropin_write(const char *path, const char *buf, size_t len, mode_t mode);
int dropin_remove(const char *path);
/* The path with its directory resolved (realpath), as the resolver names files (caller frees). */
char *dropin_canonical(const char *path);
/* Is path acceptable for a drop-in: absolute, ends in .conf, parent exists? */
int dropin_check_path(const char *path, char *err, size_t errlen);

/* Base64 for the drop-in's previous bytes inside the JSON snapshot. */
char *b64_encode(const char *buf, size_t len);
int b64_decode(const char *s, char **out, size_t *len);

#endif
