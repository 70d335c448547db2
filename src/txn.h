/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Transactions on a production kernel: apply writes runtime values and the
 * drop-in with a durable snapshot taken first, and restores everything on
 * any failure; rollback restores a snapshot exactly; verify compares what
 * was applied with the running kernel and with what boot would load.
 *
 * The kernel is reached through struct txn_sys, so unit tests run the
 * whole logic on a fake /proc/sys and inject faults at any step.
 */
#ifndef TCPTUNE_TXN_H
#define TCPTUNE_TXN_H

#include <jansson.h>
#include <stdbool.h>

#include "catalog.h"
#include "state.h"

struct txn_sys {
	void *ctx;
	int (*read)(void *ctx, const char *key, char **value);
	int (*write)(void *ctx, const char *key, const char *value);
	/* called before each step ("write KEY", "dropin", "boot"); non-zero fails it (tests) */
	int (*fault)(void *ctx, const char *step);
};

/* The kernel through procfs.c. */
extern const struct txn_sys txn_procfs;

struct txn_setting {
	const char *key;
	const char *value;	/* desired, conf form (single spaces) */
	const char *current;	/* what the plan saw, conf form; NULL if unreadable */
	const char *why;
	bool change;		/* false: already as desired (kept, still in the drop-in) */
};

struct txn_skip {
	const char *key, *reason;
};

struct apply_req {
	const char *profile, *profile_file;
	const struct txn_setting *s;
	size_t n;
	const struct txn_skip *skipped;
	size_t nskipped;
	const char *dropin;
	const char *boot_root;	/* "/" : where the resolver looks for boot-time files */
	const char *kernel, *netns;
	bool strict, dry_run;
	int keep;		/* history retention */
};

struct txn_change {
	char *key, *before, *after;
};

struct txn_result {
	bool changed;
	char id[64];
	struct txn_change *changes;
	size_t n;
	bool dropin_changed;
	char **warnings;
	size_t nwarnings;
	char *error;		/* what failed, for the user */
	bool restored;		/* after a failure: everything is back as before */
	char *dropin_text;	/* the rendered drop-in (dry runs show it) */
};

void txn_result_free(struct txn_result *r);

/* The drop-in for these settings (deterministic: no time, no id). */
char *dropin_render(const struct apply_req *req);

int txn_apply(struct state *st, const struct catalog *cat, const struct txn_sys *sys,
	      const struct apply_req *req, struct txn_result *res);

/* Roll back transaction id (NULL: the newest apply not yet undone). */
int txn_rollback(struct state *st, const struct catalog *cat, const struct txn_sys *sys,
		 const char *id, bool force, int keep, struct txn_result *res);

/*
 * What `tcptune rollback` undoes by default: a pending apply, else the
 * newest apply whatever its state (undone: rolling back again is a no-op).
 */
char *txn_find_target(struct state *st);

/* The newest transaction in state "pending", or NULL (caller frees). */
char *txn_find_pending(struct state *st);

/* Keep the newest `keep` finished transactions; never prunes a pending one. */
void txn_prune(struct state *st, int keep);

/* Canonical comparison of two texts for key (falls back to trimmed text). */
bool txn_same_value(const struct catalog *cat, const char *key, const char *a, const char *b);

#endif
