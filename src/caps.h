/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Capabilities (libcap): read-only commands give up every one at start. */
#ifndef TCPTUNE_CAPS_H
#define TCPTUNE_CAPS_H

/*
 * Drop every capability from the effective, permitted, inheritable,
 * ambient and (when allowed) bounding sets, and set no_new_privs, so that
 * a bug in a read-only command cannot use root's privileges to write.
 * 0 or -errno.
 */
int caps_drop_all(void);

#include <stdbool.h>
#include <stddef.h>
#include <sys/capability.h>

/*
 * Which of the n capabilities are not in the effective set: their names
 * go to missing ("cap_net_admin, cap_sys_admin"). Returns how many.
 */
int caps_missing(const cap_value_t *need, int n, char *missing, size_t len);
/* The names of these capabilities, comma-separated ("cap_net_admin,cap_dac_override"). */
void caps_names(const cap_value_t *caps, int n, char *out, size_t len);
/* Keep only these capabilities (effective and permitted); drop the rest everywhere. */
int caps_limit(const cap_value_t *keep, int n);

#endif
