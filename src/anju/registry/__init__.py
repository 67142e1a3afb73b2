"""Registry: employers (缴存单位), persons, fund accounts (个人账户) and the member sub-ledger (个人明细账)."""
