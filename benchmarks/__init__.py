"""The benchmark suite (issue 7): `python -m benchmarks.run [--smoke] [--only NAME ...] [--output DIR]`.

One module per benchmark (`bench_*.py`), each measuring the project against baselines started in
the same run; `run.py` writes `results/<name>.json` and `results/SUMMARY.md` with a chart.
See docs/benchmarks.md.
"""
