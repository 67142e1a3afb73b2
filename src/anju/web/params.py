"""Policy parameters of the web platform: how much of an uploaded file is read (every upload route)."""

from __future__ import annotations

from anju.policy.catalogue import param
from anju.policy.kinds import INT

param("upload.max_bytes", INT, "上传文件大小上限（字节）")
param("upload.max_rows", INT, "上传表格最多读取的行数（含表头）")
param("upload.max_columns", INT, "上传表格最多读取的列数")
param("upload.max_problems", INT, "上传文件一次列出的错误条数上限（其余汇总为“另有N处错误”）")
