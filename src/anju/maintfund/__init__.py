"""The residential maintenance fund (住宅专项维修资金): its register of areas, buildings and household accounts,
deposits, interest, use with owners' votes, transfers and refunds, reports — owners' money in its own account
book ("mf") of the ledger, never mixed with the provident fund's."""
