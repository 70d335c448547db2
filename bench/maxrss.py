#!/usr/bin/env python3
"""Peak resident set size of a command, in KiB.

    maxrss.py [-n RUNS] [-q] [--ok CODES] [--method auto|ptrace|rusage] CMD [ARG...]

Runs CMD RUNS times (default 5) with its standard output on /dev/null (-q:
standard error too) and prints the largest peak RSS seen, in KiB, as one
integer.  Exits 1 if a run's exit status is not in --ok (default "0";
"0,1" for lint, which exits 1 when it has findings), 2 on a usage error.

It is the fallback of bench/*.sh for hosts without GNU time
(/usr/bin/time -f %M), and needs only the Python standard library.

Why not just resource.getrusage(RUSAGE_CHILDREN).ru_maxrss: a child of this
Python process starts as a copy of it (fork) or runs in its memory until
exec (vfork, posix_spawn), and Linux folds the pre-exec memory into the
child's ru_maxrss at execve.  So getrusage reports at least Python's own
RSS (about 10-14 MiB), which hides any peak below that, the 4 MiB target
included.  GNU time does not have the problem because time itself is tiny.

--method ptrace (the default when it works) avoids it: the child asks to be
traced (PTRACE_TRACEME) and execs; the parent sets PTRACE_O_TRACEEXIT and
reads VmHWM from /proc/PID/status at the exit stop, when the command's
memory still exists.  VmHWM is the high-water mark of the command's own
address space after exec, which is what ru_maxrss measures for a child of
a small parent.  Only the process itself is measured, not processes it
starts (tcptune starts none).

--method rusage is the plain getrusage(RUSAGE_CHILDREN) measurement; it is
used when ptrace is not allowed (seccomp, Yama ptrace_scope=3) and then
prints a warning with Python's own RSS, below which it cannot see.
"""
import argparse
import ctypes
import os
import resource
import signal
import subprocess
import sys

PTRACE_TRACEME = 0
PTRACE_CONT = 7
PTRACE_SETOPTIONS = 0x4200
PTRACE_O_TRACEEXIT = 0x40
PTRACE_O_EXITKILL = 0x100000
PTRACE_EVENT_EXIT = 6


def redirect(quiet):
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    if quiet:
        os.dup2(null, 2)
    os.close(null)


def vmhwm(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def run_ptrace(argv, quiet):
    """(exit status, peak KiB) of one run, or None if ptrace is unavailable."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.ptrace.restype = ctypes.c_long
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(r)
            redirect(quiet)
            if libc.ptrace(PTRACE_TRACEME, 0, None, None) != 0:
                os.write(w, b"T")
                os._exit(126)
            os.close(w)
            os.execvp(argv[0], argv)
        except OSError as e:
            sys.stderr.write("maxrss.py: %s: %s\n" % (argv[0], e.strerror))
        os._exit(127)
    os.close(w)
    failed_trace = os.read(r, 1) == b"T"
    os.close(r)
    _, st = os.waitpid(pid, 0)
    if failed_trace:
        return None
    if not os.WIFSTOPPED(st):		# exec failed: the child exited
        return (os.waitstatus_to_exitcode(st), 0)
    if libc.ptrace(PTRACE_SETOPTIONS, pid, None, ctypes.c_void_p(PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL)) != 0:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return None
    peak = 0
    libc.ptrace(PTRACE_CONT, pid, None, None)
    while True:
        _, st = os.waitpid(pid, 0)
        if os.WIFEXITED(st) or os.WIFSIGNALED(st):
            return (os.waitstatus_to_exitcode(st), peak)
        sig = os.WSTOPSIG(st)
        if sig == signal.SIGTRAP and (st >> 16) == PTRACE_EVENT_EXIT:
            peak = max(peak, vmhwm(pid) or 0)
            sig = 0
        libc.ptrace(PTRACE_CONT, pid, None, ctypes.c_void_p(sig) if sig else None)


def run_rusage(argv, quiet):
    p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL if quiet else None)
    return (p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def main():
    ap = argparse.ArgumentParser(usage=__doc__.split("\n")[2].strip())
    ap.add_argument("-n", "--runs", type=int, default=5)
    ap.add_argument("-q", "--quiet", action="store_true", help="standard error to /dev/null too")
    ap.add_argument("--ok", default="0", help="exit statuses that count as success (default 0)")
    ap.add_argument("--method", choices=["auto", "ptrace", "rusage"], default="auto")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    if a.cmd and a.cmd[0] == "--":
        a.cmd = a.cmd[1:]
    if not a.cmd or a.runs < 1:
        ap.error("a command is required")
    ok = {int(x) for x in a.ok.split(",")}

    method = a.method
    peak = 0
    for _ in range(a.runs):
        res = None
        if method in ("auto", "ptrace"):
            res = run_ptrace(a.cmd, a.quiet)
            if res is None:
                if method == "ptrace":
                    sys.exit("maxrss.py: ptrace is not permitted here; try --method rusage")
                method = "rusage"
            else:
                method = "ptrace"
        if res is None:
            res = run_rusage(a.cmd, a.quiet)
        code, kib = res
        if code not in ok:
            sys.stderr.write("maxrss.py: %s exited with %d\n" % (" ".join(a.cmd), code))
            sys.exit(1)
        peak = max(peak, kib)
    if method == "rusage":
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        sys.stderr.write("maxrss.py: warning: getrusage counts this Python process's memory (%d KiB) "
                         "in its children; %d KiB is an upper bound\n" % (own, peak))
    print(peak)


if __name__ == "__main__":
    main()
