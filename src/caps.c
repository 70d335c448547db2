// SPDX-License-Identifier: GPL-2.0-or-later
#include "caps.h"

#include <errno.h>
#include <sys/capability.h>
#include <stdio.h>
#include <sys/prctl.h>

int caps_drop_all(void)
{
	cap_value_t c;
	cap_t empty;
	int ret = 0;

	/* the bounding set needs CAP_SETPCAP, so it goes while we still have it */
	if (CAP_IS_SUPPORTED(CAP_SETPCAP)) {
		for (c = 0; c <= CAP_LAST_CAP; c++)
			if (CAP_IS_SUPPORTED(c))
				(void)cap_drop_bound(c);	/* EPERM without CAP_SETPCAP: fine */
	}
	(void)cap_reset_ambient();
	empty = cap_init();
	if (!empty)
		return -errno;
	if (cap_set_proc(empty) < 0)
		ret = -errno;
	cap_free(empty);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 && !ret)
		ret = -errno;
	return ret;
}

int caps_missing(const cap_value_t *need, int n, char *missing, size_t len)
{
	cap_t cur = cap_get_proc();
	size_t used = 0;
	int i, count = 0;

	if (len)
		missing[0] = '\0';
	for (i = 0; i < n; i++) {
		cap_flag_value_t v = CAP_CLEAR;
		char *name;

		if (cur && cap_get_flag(cur, need[i], CAP_EFFECTIVE, &v) == 0 && v == CAP_SET)
			continue;
		count++;
		name = cap_to_name(need[i]);
		if (name && used < len) {
			int w = snprintf(missing + used, len - used, "%s%s", used ? ", " : "", name);

			if (w > 0)
				used += (size_t)w;
		}
		cap_free(name);
	}
	if (cur)
		cap_free(cur);
	return count;
}

void caps_names(const cap_value_t *caps, int n, char *out, size_t len)
{
	size_t used = 0;
	int i;

	if (len)
		out[0] = '\0';
	for (i = 0; i < n && used < len; i++) {
		char *name = cap_to_name(caps[i]);
		int w = snprintf(out + used, len - used, "%s%s", i ? "," : "", name ? name : "?");

		cap_free(name);
		if (w > 0)
			used += (size_t)w;
	}
}

int caps_limit(const cap_value_t *keep, int n)
{
	cap_t c = cap_init();
	cap_value_t v;
	int ret = 0, i;

	if (!c)
		return -errno;
	/* bounding set first: it needs CAP_SETPCAP, which goes with the rest */
	for (v = 0; v <= CAP_LAST_CAP; v++) {
		bool kept = false;

		for (i = 0; i < n; i++)
			kept |= keep[i] == v;
		if (!kept && CAP_IS_SUPPORTED(v))
			(void)cap_drop_bound(v);
	}
	(void)cap_reset_ambient();
	if (n && (cap_set_flag(c, CAP_EFFECTIVE, n, keep, CAP_SET) < 0 ||
		  cap_set_flag(c, CAP_PERMITTED, n, keep, CAP_SET) < 0))
		ret = -errno;
	if (!ret && cap_set_proc(c) < 0)
		ret = -errno;
	cap_free(c);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 && !ret)
		ret = -errno;
	return ret;
}
