"""Benchmark of our shop's API next to a vanilla django-oscar +
django-oscar-api peer, on this machine: `python -m bench` (or `make bench`).

A tool, not a shop feature: it needs no Django settings. It drives both
servers as subprocesses and over HTTP on the loopback interface only.
"""
