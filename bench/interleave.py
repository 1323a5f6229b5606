#!/usr/bin/env python3
"""Runs commands in turn, round after round, and prints each one's median and best wall time
and median CPU time (user plus system).

Interleaving is what makes a difference between two commands trustworthy on a machine whose
speed drifts by 15-30% within minutes (the benchmark machine): hyperfine runs all runs of one
command, then all of the next, so a drift lands on one of them only.

usage: bench/interleave.py RUNS NAME=COMMAND... (a command is split on spaces; its output
is discarded; `{n}` in it becomes a number new at each run, for a fresh output directory).
Prints one line per command, then a `diff NAME2-NAME1` line for each later command against the
first, from the per-round differences (median and quartiles) and ratios (median). With
`INTERLEAVE_BETWEEN=COMMAND` in the environment, COMMAND runs untimed before each run (`sync`,
so that one run's files being written back do not slow the next).
"""
import itertools
import os
import statistics
import subprocess
import sys
import time


# Numbers for `{n}`, one per run.
RUN_NUMBERS = itertools.count(1)


def run(command):
    """Wall time and CPU time (user plus system, children included) of one run, in seconds."""
    number = str(next(RUN_NUMBERS))
    command = [part.replace("{n}", number) for part in command]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime


def quantile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main():
    between = os.environ.get("INTERLEAVE_BETWEEN", "").split()
    runs = int(sys.argv[1])
    commands = [argument.split("=", 1) for argument in sys.argv[2:]]
    for _, command in commands:  # one warm-up run each
        run(command.split())
    walls = {name: [] for name, _ in commands}
    cpus = {name: [] for name, _ in commands}
    for _ in range(runs):
        for name, command in commands:
            if between:
                subprocess.run(between, check=False)
            wall, cpu = run(command.split())
            walls[name].append(wall)
            cpus[name].append(cpu)
    for name, _ in commands:
        print(f"{name}: median {statistics.median(walls[name]) * 1000:.0f} ms, "
              f"best {min(walls[name]) * 1000:.0f} ms, "
              f"CPU {statistics.median(cpus[name]) * 1000:.0f} ms")
    first = commands[0][0]
    for name, _ in commands[1:]:
        differences = [b - a for a, b in zip(walls[first], walls[name])]
        ratios = [b / a for a, b in zip(walls[first], walls[name])]
        cpu = [b - a for a, b in zip(cpus[first], cpus[name])]
        print(f"diff {name}-{first}: median {statistics.median(differences) * 1000:.0f} ms "
              f"(quartiles {quantile(differences, 0.25) * 1000:.0f} and "
              f"{quantile(differences, 0.75) * 1000:.0f} ms; best runs "
              f"{(min(walls[name]) - min(walls[first])) * 1000:.0f} ms), "
              f"CPU {statistics.median(cpu) * 1000:.0f} ms; "
              f"ratio {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
