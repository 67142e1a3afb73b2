"""Fund settlement (资金结算): the entrusted banks' accounts and agreements (with ``anju.bank``), bank statements
(对账单) imported from files or pushed by a bank, three-way matching, 未达账项, the 银行存款余额调节表 and 日清月结."""
