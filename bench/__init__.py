"""Benchmarks, run by ``make bench``: each prints a table with the measured times and the ratios the issues ask for."""
