"""Housing loans (个人住房公积金贷款)."""
