# The developer loop. `make check` is exactly what CI runs (.ci/run calls it).
.PHONY: install test lint check bench

install:
	python -m pip install -e '.[dev]'

test:
	python -m pytest

lint:
	ruff check .
	ruff format --check .
	mypy
	lint-imports

# The README's test command, then the quality gates.
check:
	python -m pip install -e '.[dev]' && python -m pytest
	$(MAKE) lint

bench:
	python benchmarks/startup.py
	python benchmarks/online_throughput.py
	python benchmarks/store_scale.py
	python benchmarks/collect_results.py
	python benchmarks/export_results.py
