"""Benchmarks: load test (run_load.sh) and micro-benchmark (figures.py). See README.md."""
