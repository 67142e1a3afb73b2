"""Fund management (资金管理) and the fund's statutory statements: the investments register (定期/协定/通知 deposits,
国债), monthly accrual, maturity, renewal and early withdrawal; liquidity and 资金调度; 资产负债表, 增值收益表,
增值收益分配表. Above the business areas (reads them through their queries), below report and budget."""
