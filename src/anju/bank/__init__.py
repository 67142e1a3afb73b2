"""Entrusted banks (受托银行): the fund's deposit accounts, payment and result files, reconciliation."""
