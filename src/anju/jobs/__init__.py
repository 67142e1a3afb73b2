"""Batch jobs: the command line entry points of every area's set-based runs."""
