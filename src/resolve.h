/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sysctl.d resolver: which files the system loads at boot and which
 * file and line wins for every key, under systemd-sysctl and under procps
 * `sysctl --system` (ecosystem.md section 1).
 *
 * systemd: /etc, /run, /usr/local/lib, /usr/lib (and /lib) sysctl.d, *.conf;
 * a name in a stronger directory hides the others; a /dev/null symlink or an
 * empty file masks the name; survivors are applied sorted by file name.
 * /etc/sysctl.conf is read only through a 99-sysctl.conf link.
 * procps: the same directories (with /lib), first file of a name wins,
 * sorted, then /etc/sysctl.conf last, so it beats everything.
 *
 * Files are opened under ROOT with RESOLVE_IN_ROOT, so no symlink in an
 * image tree can make it read outside ROOT. Files are parsed one at a time
 * and handed to a callback: memory stays bounded by the largest file plus
 * one entry per distinct key.
 */
#ifndef TCPTUNE_RESOLVE_H
#define TCPTUNE_RESOLVE_H

#include <stdbool.h>

#include "conffile.h"
#include "diag.h"
#include "util.h"

#define RESOLVE_FILE_MAX (64u << 20)

enum { DIALECT_SYSTEMD = 1, DIALECT_PROCPS = 2 };

struct rwin {
	const char *value;
	const char *path;
	int line, col;
};

/* An assignment a later file replaced under systemd-sysctl. */
struct rloser {
	struct rwin w;
	const char *winner_path;	/* the file that replaced it */
	int winner_line;
	struct rloser *next;
};

struct rkey {
	const char *key;
	struct rwin sd, pp;		/* winners; path NULL when the dialect never sets it */
	struct rloser *losers;		/* every earlier file's value, newest first */
};

struct rglob {
	const char *pattern, *value, *path;
	int line;
	bool exclude;
};

struct resolution {
	struct strmap keys;		/* key -> struct rkey */
	struct rglob *globs;
	size_t nglobs, capglobs;
	const char **sd_files, **pp_files;	/* load order, display paths */
	size_t n_sd, n_pp, cap_sd, cap_pp;
	struct arena arena;
};

/*
 * Called once per distinct file, in load order, while it is parsed;
 * dialects says who loads it (DIALECT_* bits).
 */
typedef void (*resolve_file_fn)(void *arg, struct conf_file *cf, unsigned dialects);

/*
 * Resolve the tree under root ("/" for the running system). Problems
 * (unreadable files, symlink loops) go to dg with the path and errno text;
 * returns 0, or -errno if root itself cannot be opened.
 */
int resolve_tree(const char *root, struct resolution *r, resolve_file_fn fn, void *arg, struct diags *dg);
const struct rkey *resolution_find(const struct resolution *r, const char *key);
void resolution_free(struct resolution *r);

/* Update winners from one parsed file (also used by lint for plain files). */
void resolution_add(struct resolution *r, const struct conf_file *cf, unsigned dialects);

#endif
