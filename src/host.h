/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Facts about the running kernel that plan and explain report: release,
 * network namespace identity, and CONFIG_HZ (bounds of seconds knobs).
 */
#ifndef TCPTUNE_HOST_H
#define TCPTUNE_HOST_H

#include <stdbool.h>

#include "util.h"

struct host {
	char release[65];
	struct kver kver;
	char netns_id[64];	/* "net:[4026531840]", or "" when unreadable */
	bool child_netns;	/* global-only knobs are missing: not the host's namespace */
	int hz;			/* CONFIG_HZ, or 0 when unknown */
};

/* MemTotal from /proc/meminfo in KiB, or 0. */
unsigned long long host_mem_kib(void);

/* Probe the running system; the /proc/sys part goes through procfs. */
void host_probe(struct host *h);

#endif
