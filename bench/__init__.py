"""Benchmarks of Bahi's ledger (`make bench`, `python -m bench.run_all`); not part of the tests."""
