/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sysctl key names. tcptune's canonical form is dotted, with '/' standing
 * for a '.' inside one name (an interface "enp3s0.200"), as systemd-sysctl
 * and procps write them. Every key is validated here before any module
 * turns it into a path under /proc/sys.
 */
#ifndef TCPTUNE_KEY_H
#define TCPTUNE_KEY_H

#include <stdbool.h>
#include <stddef.h>

#define KEY_MAX 256

/*
 * Normalise a key as systemd-sysctl does: if the first separator is '/',
 * the key is a path and '.' and '/' are swapped. Returns 0, or -EINVAL
 * if the result is not a valid key (see key_valid), -ENAMETOOLONG.
 */
int key_normalize(const char *in, char *out, size_t outlen);

/*
 * A valid dotted key: segments of [A-Za-z0-9_-:@+] (and '/' for a dot
 * inside a name), no empty segment, no segment that would be "." or ".."
 * as a path, no leading or trailing separator, at most KEY_MAX bytes.
 */
bool key_valid(const char *key);

/* The path relative to /proc/sys ("net/ipv4/tcp_fin_timeout"). */
int key_to_path(const char *key, char *out, size_t outlen);

#endif
