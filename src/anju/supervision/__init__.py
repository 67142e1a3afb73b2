"""Provincial supervision (监管) on Apache Spark: loads many centres' JGJ/T 320 exports (``anju export jgj``),
computes the provincial indicators per centre and in total with the catalogue's definitions, and audits across
centres (one person contributing in two centres, one home behind withdrawals or loans in two centres, loans in
two centres at once, repeated transfers). Results: Parquet, an Excel report, and per centre a 疑点 file that the
compliance area imports. Entry point ``anju-supervise`` (``anju.supervision.cli``); local mode by default, a
cluster through ``spark-submit`` (docs/supervision.md). It reads files only, never a centre's database."""
