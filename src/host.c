// SPDX-License-Identifier: GPL-2.0-or-later
#include "host.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "procfs.h"

static int config_hz(const char *release)
{
	char *path = xasprintf("/boot/config-%s", release), *buf = NULL, *p;
	size_t len;
	int hz = 0;

	if (read_file(path, 4 << 20, &buf, &len) == 0) {
		p = strstr(buf, "\nCONFIG_HZ=");
		if (p)
			hz = atoi(p + strlen("\nCONFIG_HZ="));
	}
	free(buf);
	free(path);
	return hz > 0 && hz <= 10000 ? hz : 0;
}

void host_probe(struct host *h)
{
	struct utsname u;
	mode_t mode;
	ssize_t n;

	memset(h, 0, sizeof(*h));
	if (uname(&u) == 0) {
		snprintf(h->release, sizeof(h->release), "%s", u.release);
		kver_parse(h->release, &h->kver);
	}
	n = readlink("/proc/self/ns/net", h->netns_id, sizeof(h->netns_id) - 1);
	if (n < 0)
		h->netns_id[0] = '\0';
	/*
	 * netdev_max_backlog is global and absent from every child network
	 * namespace (kernel-knobs.md, fact 9): its absence beside net.core
	 * says we are in a container or an unshare'd namespace.
	 */
	h->child_netns = procfs_dir_exists("net.core") &&
			 procfs_mode("net.core.netdev_max_backlog", &mode) == -ENOENT;
	h->hz = config_hz(h->release);
}

unsigned long long host_mem_kib(void)
{
	unsigned long long kib = 0;
	char *buf = NULL, *p;
	size_t len;

	if (read_file("/proc/meminfo", 1 << 20, &buf, &len) == 0 && (p = strstr(buf, "MemTotal:")))
		kib = strtoull(p + strlen("MemTotal:"), NULL, 10);
	free(buf);
	return kib;
}
