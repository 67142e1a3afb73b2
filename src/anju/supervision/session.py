"""The one Spark session of a process (local mode by default). The JVM starts once and is reused: tests share it
for the whole session, the command line makes one per run."""

from __future__ import annotations

import os

# The driver JVM: C1 only and the serial collector start local mode in a few seconds on a small machine; a cluster
# run sets its own options through spark-submit (docs/supervision.md).
LOCAL_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
_SESSION = None


def _class_archive() -> str:
    """A class-data-sharing archive of Spark's classes (JDK 17 dynamic CDS): the first local session writes it when
    its JVM exits (to a temporary name, taken into use by the next start), later ones map it and start about twice
    as fast. Kept in ``ANJU_SPARK_CDS_DIR`` (default ~/.cache/anju); an archive the JVM finds stale is ignored."""
    import calendar
    from pathlib import Path

    import pyspark

    folder = Path(os.environ.get("ANJU_SPARK_CDS_DIR") or Path.home() / ".cache" / "anju")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return ""
    final = folder / f"spark-{pyspark.__version__}.jsa"
    if not final.exists():
        from anju.core import clock

        now = calendar.timegm(clock.utcnow().timetuple())
        for tmp in folder.glob(f"{final.name}.tmp-*"):
            if tmp.stat().st_size > 0 and now - tmp.stat().st_mtime > 60:  # its JVM has finished writing
                tmp.replace(final)
                break
    if final.exists():
        return f" -XX:SharedArchiveFile={final}"
    return f" -XX:ArchiveClassesAtExit={folder / f'{final.name}.tmp-{os.getpid()}'}"


def spark(master: str | None = None, *, shuffle_partitions: int | None = None, small: bool = False):
    """The process's session: ``master`` (``local[2]`` by default, or ``ANJU_SPARK_MASTER``) applies when it is
    created; under ``spark-submit`` the session already configured is taken as it is."""
    global _SESSION
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        _SESSION = active
        return active
    if _SESSION is not None:
        return _SESSION
    master = master or os.environ.get("ANJU_SPARK_MASTER") or "local[2]"
    b = SparkSession.builder.appName("anju-supervise").master(master)
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        cores = master[6:-1] if master.startswith("local[") else "1"
        parts = shuffle_partitions or (4 if cores in ("1", "2", "*") else 2 * int(cores))
        b = (b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", str(parts))
             .config("spark.driver.extraJavaOptions", LOCAL_JAVA_OPTIONS + _class_archive())
             .config("spark.sql.session.timeZone", "UTC"))
    elif shuffle_partitions:
        b = b.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    if small:  # a few thousand rows (tests, the demo province): compiling whole stages costs more than it saves
        b = (b.config("spark.sql.codegen.wholeStage", "false").config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
             .config("spark.sql.adaptive.enabled", "false").config("spark.sql.shuffle.partitions", "2"))
    _SESSION = b.getOrCreate()
    _SESSION.sparkContext.setLogLevel("ERROR")
    return _SESSION


def stop() -> None:
    global _SESSION
    if _SESSION is not None:
        _SESSION.stop()
        _SESSION = None
