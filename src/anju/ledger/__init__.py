"""Double-entry fund ledger under the chart of accounts of 财会字〔1999〕33号."""
