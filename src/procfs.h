/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one module that touches /proc/sys. Its root is a setting so tests
 * can point it at a fake tree (--proc-sys DIR). Keys are validated by
 * key.c before they become paths; files are opened relative to the root
 * directory descriptor with O_NOFOLLOW.
 */
#ifndef TCPTUNE_PROCFS_H
#define TCPTUNE_PROCFS_H

#include <stdbool.h>
#include <sys/types.h>

#define PROCFS_DEFAULT_ROOT "/proc/sys"

void procfs_set_root(const char *dir);
const char *procfs_root(void);
void procfs_close(void);
/* Can the root be opened? 0 or -errno (a missing --proc-sys DIR is an error, not "every key absent"). */
int procfs_check_root(void);

/* Read a key's value without the trailing newline. 0 or -errno. */
int procfs_read(const char *key, char **value);
/* Mode bits of the key's file: 0 or -errno (-ENOENT: absent). */
int procfs_mode(const char *key, mode_t *mode);
/* Does the directory for this key prefix ("net.netfilter") exist? */
bool procfs_dir_exists(const char *prefix);
/*
 * Does a sysctl.d glob key ("net.ipv4.conf.*.rp_filter") match any file?
 * Globs expand one path level per '*', as systemd-sysctl expands them.
 */
bool procfs_glob_matches(const char *pattern);
/*
 * A sysview (plan.h) whose callbacks read through this module; kernel,
 * netns and hz are left for the caller to fill.
 */
struct sysview;
void procfs_sysview(struct sysview *sv);
/* Write value; 0 or -errno (-EINVAL: the kernel refused the value). */
int procfs_write(const char *key, const char *value);

#endif
