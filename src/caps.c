// SPDX-License-Identifier: GPL-2.0-or-later
#include "caps.h"

#include <errno.h>
#include <sys/capability.h>
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
