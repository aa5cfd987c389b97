#!/usr/bin/env python3
"""Where a Java flight recording's CPU samples are: the most frequent top frames, and the methods
found anywhere in the sampled stacks (each counted once per sample), as percentages of the samples.

  jfr print --events jdk.ExecutionSample --stack-depth 64 FILE.jfr | python3 jfr_top.py [N]
"""
import collections
import re
import sys

top_n = int(sys.argv[1]) if len(sys.argv) > 1 else 25
frame = re.compile(r"^\s+([\w$.<>]+)\(.*line:")
samples = 0
top = collections.Counter()
inclusive = collections.Counter()
stack = None
for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        if stack:
            samples += 1
            top[stack[0]] += 1
            for m in set(stack):
                inclusive[m] += 1
        stack = []
        continue
    m = frame.match(line)
    if m and stack is not None:
        stack.append(m.group(1))
if stack:
    samples += 1
    top[stack[0]] += 1
    for m in set(stack):
        inclusive[m] += 1
print(f"{samples} samples")
print("top frames:")
for m, c in top.most_common(top_n):
    print(f"  {100 * c / samples:5.1f}%  {m}")
print("in the stack:")
for m, c in inclusive.most_common(top_n * 2):
    print(f"  {100 * c / samples:5.1f}%  {m}")
