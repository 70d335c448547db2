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

#endif
